package dev.hubflow.daemon.bench;

import static org.assertj.core.api.Assertions.assertThat;

import java.awt.image.BufferedImage;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ChartTest {
  @Test
  void seriesComeFromBurstAndSpokesResultsWithTheFloor() {
    Report report =
        new Report(
            Map.of(),
            List.of(
                ReportTest.burst(1000, 2000),
                ReportTest.burst(5000, 2500),
                new ScenarioResult(
                    "spokes",
                    1000,
                    4,
                    null,
                    List.of(Figure.of("workflows/minute", 3500, "wf/min")),
                    Map.of(),
                    Map.of()),
                new ScenarioResult("burst", 9000, 1, "timeout", List.of(), Map.of(), Map.of())));

    List<Chart.Series> series = Chart.series(report);

    assertThat(series)
        .extracting(Chart.Series::label)
        .containsExactly("floor (plain pods)", "hubflow, burst", "hubflow, 4 spoke(s)");
    assertThat(series.get(1).points())
        .containsExactly(Map.entry(1000, 2000.0), Map.entry(5000, 2500.0));
  }

  @Test
  void runThatGaveUpIsDrawnAsTheRateUntilThenInItsOwnSeries() {
    ScenarioResult gaveUp =
        new ScenarioResult(
            "burst",
            5000,
            1,
            "timeout after 180 s: 3600 of 5000 finished",
            List.of(
                Figure.of(Scenarios.FINISHED, 3600, "wf"),
                Figure.of(Scenarios.GAVE_UP_AFTER, 180, "s"),
                Figure.of("floor pods/minute", 5400, "pods/min")),
            Map.of(),
            Map.of());

    List<Chart.Series> series =
        Chart.series(new Report(Map.of(), List.of(ReportTest.burst(1000, 2000), gaveUp)));

    Chart.Series last = series.get(series.size() - 1);
    assertThat(last.partial()).isTrue();
    assertThat(last.points()).containsExactly(Map.entry(5000, 1200.0));
    assertThat(series.get(0).label()).isEqualTo("floor (plain pods)");
    assertThat(series.get(0).points()).containsOnlyKeys(1000, 5000);
    assertThat(series.get(1).points()).containsOnlyKeys(1000);
  }

  @Test
  void writesAValidPng(@TempDir Path dir) throws Exception {
    Path png = dir.resolve("sub/chart.png");
    Report report =
        new Report(
            Map.of("date", "today"),
            List.of(ReportTest.burst(1000, 2000), ReportTest.burst(5000, 2500)));

    Chart.write(report, png);

    byte[] bytes = Files.readAllBytes(png);
    assertThat(bytes).startsWith(0x89, 'P', 'N', 'G', '\r', '\n', 0x1a, '\n');
    BufferedImage img = ImageIO.read(png.toFile());
    assertThat(img.getWidth()).isEqualTo(Chart.WIDTH);
    assertThat(img.getHeight()).isEqualTo(Chart.HEIGHT);
  }

  @Test
  void emptyReportStillDrawsAxesAndReferenceLines() {
    BufferedImage img = Chart.draw(new Report(Map.of(), List.of()));

    assertThat(img.getWidth()).isEqualTo(Chart.WIDTH);
  }

  @Test
  void axisEndsOnARoundNumber() {
    assertThat(Chart.niceCeiling(3100)).isEqualTo(5000);
    assertThat(Chart.niceCeiling(1000)).isEqualTo(1000);
    assertThat(Chart.niceCeiling(1001)).isEqualTo(2000);
    assertThat(Chart.niceCeiling(0.3)).isEqualTo(0.5, org.assertj.core.data.Offset.offset(1e-9));
  }
}
