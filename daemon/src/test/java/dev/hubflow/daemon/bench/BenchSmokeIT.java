package dev.hubflow.daemon.bench;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code hubflow bench all --quick} at tiny sizes runs every scenario, hubflow and floor, and
 * reports each; its speed is not checked here (BENCHMARKS.md is where the figures go).
 */
class BenchSmokeIT {
  @Test
  void allQuickReportsEveryScenarioWithFiguresJsonAndChart(@TempDir Path dir) throws Exception {
    Path json = dir.resolve("bench.json");
    Path md = dir.resolve("bench.md");
    Path png = dir.resolve("bench.png");

    BenchCommandTest.Result r =
        BenchCommandTest.run(
            "bench",
            "all",
            "--quick",
            "--sizes",
            "4",
            "--spokes",
            "1,2",
            "--no-warmup",
            "--timeout",
            "120",
            "--json",
            json.toString(),
            "--markdown",
            md.toString(),
            "--chart",
            png.toString());

    assertThat(r.exit()).as(r.out() + r.err()).isZero();
    Report report = Report.parse(Files.readString(json), json.toString());
    assertThat(report.results())
        .extracting(ScenarioResult::title)
        .containsExactly(
            "chain 4",
            "fanout 4",
            "burst 4",
            "large 4",
            "spokes 4 over 1 spoke(s)",
            "spokes 4 over 2 spoke(s)");
    assertThat(report.results())
        .allSatisfy(s -> assertThat(s.completed()).as(s.failure()).isTrue());
    for (ScenarioResult s : report.results()) {
      assertThat(s.figures()).as(s.title()).isNotEmpty();
      assertThat(s.figure("controller API writes per pod node")).as(s.title()).isPresent();
      assertThat(s.controllerRequests()).as(s.title()).containsKey("create pods");
      assertThat(s.floorRequests()).as(s.title()).containsEntry("create pods", 4L);
    }
    assertThat(report.results().get(0).figure("controller per step")).isPresent();
    assertThat(report.results().get(3).figure("stored workflow size").orElseThrow().value())
        .isPositive();
    assertThat(r.out()).contains("== chain 4 ==").contains("hubflow ÷ floor");
    assertThat(Files.readString(md)).contains("### large 4");
    assertThat(Files.size(png)).isPositive();
    assertThat(List.of(report.about().get("command")))
        .containsExactly("hubflow bench all --quick --sizes 4 --spokes 1,2");
  }
}
