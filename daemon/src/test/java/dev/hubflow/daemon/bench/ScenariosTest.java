package dev.hubflow.daemon.bench;

import static org.assertj.core.api.Assertions.assertThat;

import dev.hubflow.daemon.bench.Measure.Run;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ScenariosTest {
  private static ScenarioResult large(int n, double cpuPerNode, String failure) {
    return new ScenarioResult(
        "large",
        n,
        1,
        failure,
        List.of(Figure.of(Scenarios.CPU_PER_NODE, cpuPerNode, "ms")),
        Map.of(),
        Map.of());
  }

  @Test
  void growthComparesTheLargestFinishedSizeWithTheSmallest() {
    List<ScenarioResult> out =
        Scenarios.withGrowth(
            List.of(large(1000, 2.0, null), large(10000, 3.0, null), large(20000, 5.0, null)));

    Figure growth = out.get(2).figure("CPU per node vs 1000 nodes").orElseThrow();
    assertThat(growth.value()).isEqualTo(2.5);
    assertThat(growth.verdict()).isEqualTo("MISS");
    assertThat(out.get(0).figures()).hasSize(1);
  }

  @Test
  void growthLeavesOutSizesThatDidNotFinish() {
    List<ScenarioResult> out =
        Scenarios.withGrowth(
            List.of(large(1000, 2.0, null), large(10000, 3.0, null), large(20000, 0, "timeout")));

    assertThat(out.get(1).figure("CPU per node vs 1000 nodes").orElseThrow().verdict())
        .isEqualTo("PASS");
    assertThat(out.get(2).figures()).hasSize(1);
  }

  @Test
  void noGrowthFromOneSize() {
    List<ScenarioResult> one = List.of(large(1000, 2.0, null));

    assertThat(Scenarios.withGrowth(one)).isEqualTo(one);
  }

  @Test
  void requestFiguresArePerPodNodeWithControllerWritesAgainstTheGoal() {
    Run run =
        new Run(
            1.0,
            4_000_000_000L,
            0,
            Map.of("create pods", 100L, "patch workflows", 150L, "patch pods/status", 300L),
            100,
            null);
    List<Figure> f = new ArrayList<>();

    Scenarios.common(f, run, 100);

    assertThat(f)
        .contains(
            Figure.of(Scenarios.CPU_PER_NODE, 40, "ms"),
            Figure.of("controller API writes per pod node", 2.5, "req").atMost(3, "≤ 3"),
            Figure.of("API writes per pod node, all clients", 5.5, "req"),
            Figure.of("create per pod node, all clients", 1.0, "req"));
  }

  @Test
  void unfinishedRunKeepsOnlyTheFloorsFiguresAndSaysWhy() {
    Run hub = new Run(300, 1, 0, Map.of("create pods", 10L), 0, "timeout after 300 s");
    Run floor = new Run(60, 1, 0, Map.of("create pods", 5000L), 5000, null);
    List<Figure> f = new ArrayList<>();
    f.add(Figure.of("pods/s", 16, "pods/s"));
    f.add(Figure.of("floor pods/s", 80, "pods/s"));
    Scenarios.common(f, hub, 5000);

    ScenarioResult r = Scenarios.result("fanout", 5000, 1, hub, floor, f);

    assertThat(r.failure()).isEqualTo("timeout after 300 s");
    assertThat(r.figures())
        .extracting(Figure::name)
        .containsExactly(
            "workflows finished before giving up", "hubflow gave up after", "floor pods/s");
    assertThat(r.figures()).allSatisfy(x -> assertThat(x.pass()).isNull());
  }

  @Test
  void floorFailureIsNamedAsTheFloors() {
    Run hub = new Run(3, 1, 0, Map.of(), 1, null);
    Run floor = new Run(60, 1, 0, Map.of(), 0, "create failed: HTTP 500");

    assertThat(Scenarios.result("chain", 3, 1, hub, floor, new ArrayList<>()).failure())
        .isEqualTo("floor: create failed: HTTP 500");
  }
}
