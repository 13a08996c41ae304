package dev.hubflow.daemon.bench;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ReportTest {
  static ScenarioResult burst(int n, double perMinute) {
    return new ScenarioResult(
        "burst",
        n,
        1,
        null,
        List.of(
            Figure.of("workflows/minute", perMinute, "wf/min")
                .atLeast(3000, "≥ 3,000/min")
                .comparedWith("≈ 270/min"),
            Figure.of("floor pods/minute", perMinute * 2, "pods/min")),
        Map.of("create pods", (long) n, "patch workflows", 2L * n),
        Map.of("create pods", (long) n));
  }

  @Test
  void goalsSayPassOrMissAndFiguresWithoutGoalSayNothing() {
    assertThat(Figure.of("x", 10, "ms").atMost(20, "≤ 20 ms").verdict()).isEqualTo("PASS");
    assertThat(Figure.of("x", 21, "ms").atMost(20, "≤ 20 ms").verdict()).isEqualTo("MISS");
    assertThat(Figure.of("x", 3000, "/min").atLeast(3000, "≥ 3,000").verdict()).isEqualTo("PASS");
    assertThat(Figure.of("x", 2999, "/min").atLeast(3000, "≥ 3,000").verdict()).isEqualTo("MISS");
    assertThat(Figure.of("x", 1, "ms").verdict()).isEmpty();
  }

  @Test
  void numbersAreRoundedForPeople() {
    assertThat(Figure.of("x", 12345.6, "").formatted()).isEqualTo("12,346");
    assertThat(Figure.of("x", 3, "").formatted()).isEqualTo("3");
    assertThat(Figure.of("x", 2.345, "").formatted()).isEqualTo("2.35");
    assertThat(Figure.of("x", 0.1234, "").formatted()).isEqualTo("0.123");
    assertThat(Figure.of("x", Double.NaN, "").formatted()).isEqualTo("n/a");
  }

  @Test
  void tableShowsEveryFigureWithGoalVerdictAndArgoColumn() {
    String table = Report.table(burst(1000, 2500));

    assertThat(table)
        .contains("== burst 1000 ==")
        .containsPattern("workflows/minute +2,500 wf/min +≥ 3,000/min +MISS +≈ 270/min")
        .contains("floor pods/minute")
        .contains("hubflow requests: create pods=1000, patch workflows=2000");
  }

  @Test
  void failedResultSaysWhyInItsTitle() {
    ScenarioResult timedOut =
        new ScenarioResult(
            "large",
            20000,
            1,
            "timeout after 300 s: 0 of 1 finished",
            List.of(),
            Map.of(),
            Map.of());

    assertThat(Report.table(timedOut)).contains("(MISS: timeout after 300 s: 0 of 1 finished)");
    assertThat(timedOut.completed()).isFalse();
  }

  @Test
  void jsonReadsBackToTheSameReport() {
    Report report =
        new Report(
            Map.of("date", "2026-11-26T00:00:00Z"),
            List.of(
                burst(1000, 2500),
                new ScenarioResult("spokes", 60, 4, "timeout", List.of(), Map.of(), Map.of())));

    Report back = Report.parse(report.json(), "r.json");

    assertThat(back).isEqualTo(report);
  }

  @Test
  void notAReportIsRefusedNamingTheFile() {
    assertThatThrownBy(() -> Report.parse("{\"a\": 1}", "x.json"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("x.json");
    assertThatThrownBy(() -> Report.parse("{not json", "y.json"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("y.json");
  }

  @Test
  void markdownHasATableRowPerFigureAndTheRun() {
    String md = new Report(Map.of("commit", "abc123"), List.of(burst(5000, 4000))).markdown();

    assertThat(md)
        .contains("| commit | abc123 |")
        .contains("### Summary")
        .contains(
            "| burst 5000 | workflows/minute | 4,000 wf/min | ≥ 3,000/min | PASS | ≈ 270/min |")
        .contains("### burst 5000")
        .contains("| workflows/minute | 4,000 | wf/min | ≥ 3,000/min | PASS | ≈ 270/min |");
  }
}
