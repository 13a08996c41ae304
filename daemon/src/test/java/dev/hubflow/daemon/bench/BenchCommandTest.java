package dev.hubflow.daemon.bench;

import static org.assertj.core.api.Assertions.assertThat;

import dev.hubflow.daemon.Hubflow;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class BenchCommandTest {
  record Result(int exit, String out, String err) {}

  static Result run(String... args) {
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    int exit = Hubflow.run(new PrintWriter(out, true), new PrintWriter(err, true), args);
    return new Result(exit, out.toString(), err.toString());
  }

  @Test
  void unknownScenarioIsBadInputNamingTheChoices() {
    Result r = run("bench", "nope");

    assertThat(r.exit()).isEqualTo(2);
    assertThat(r.err()).contains("no scenario named 'nope'").contains("chain, fanout");
  }

  @Test
  void nonPositiveSizeIsBadInput() {
    Result r = run("bench", "chain", "--sizes", "0");

    assertThat(r.exit()).isEqualTo(2);
    assertThat(r.err()).contains("--sizes");
  }

  @Test
  void chartOfAMissingFileIsBadInputNamingIt(@TempDir Path dir) {
    Result r =
        run("bench", "chart", dir.resolve("none.json").toString(), dir.resolve("o.png").toString());

    assertThat(r.exit()).isEqualTo(2);
    assertThat(r.err()).contains("none.json: no such file");
  }

  @Test
  void chartDrawsThePngOfAResultsFile(@TempDir Path dir) throws Exception {
    Path json = dir.resolve("r.json");
    Files.writeString(json, new Report(Map.of(), List.of(ReportTest.burst(1000, 2000))).json());
    Path png = dir.resolve("o.png");

    Result r = run("bench", "chart", json.toString(), png.toString());

    assertThat(r.exit()).as(r.err()).isZero();
    assertThat(Files.size(png)).isPositive();
  }

  @Test
  void defaultSizesAreTheIssuesAndQuickOnesAreSmaller() {
    assertThat(BenchCommand.defaultSizes("chain", false)).containsExactly(100);
    assertThat(BenchCommand.defaultSizes("fanout", false)).containsExactly(1000, 5000);
    assertThat(BenchCommand.defaultSizes("burst", false)).containsExactly(1000, 5000);
    assertThat(BenchCommand.defaultSizes("large", false)).containsExactly(1000, 10000, 20000);
    for (String s : BenchCommand.SCENARIOS) {
      assertThat(BenchCommand.defaultSizes(s, true).get(0))
          .isLessThan(BenchCommand.defaultSizes(s, false).get(0));
    }
  }
}
