package dev.hubflow.daemon.bench;

import dev.hubflow.daemon.Logging;
import java.io.IOException;
import java.io.PrintWriter;
import java.lang.management.ManagementFactory;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.text.ParseException;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.TimeUnit;
import java.util.function.IntFunction;
import jdk.jfr.Configuration;
import jdk.jfr.Recording;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code hubflow bench SCENARIO}: runs a scenario on emulated spokes with the simulated runtime,
 * hubflow first and then the floor (plain pods, no controller), and prints the figures with the
 * issue's goals; {@code hubflow bench chart RESULTS.json OUT.png} draws the throughput chart.
 */
@Command(
    name = "bench",
    mixinStandardHelpOptions = true,
    description = {
      "Measures hubflow against the floor (plain pods through the same emulator and kubelet).",
      "SCENARIO: chain, fanout, burst, large, spokes or all;",
      "or: chart RESULTS.json OUT.png (the throughput chart of a --json file).",
      "Exit code: 0 when every scenario finished (goals missed or not), 1 when one did not, 2 on"
          + " bad input."
    })
public final class BenchCommand implements Callable<Integer> {
  static final List<String> SCENARIOS = List.of("chain", "fanout", "burst", "large", "spokes");

  @Parameters(
      index = "0",
      paramLabel = "SCENARIO",
      description = "chain, fanout, burst, large, spokes, all, or chart.")
  private String scenario;

  @Parameters(
      index = "1..*",
      arity = "0..2",
      paramLabel = "FILE",
      description = "For chart: the --json results and the PNG to write.")
  private List<Path> files = new ArrayList<>();

  @Option(names = "--quick", description = "Small sizes: `all --quick` takes a minute or three.")
  private boolean quick;

  @Option(
      names = "--sizes",
      split = ",",
      paramLabel = "N",
      description = "Sizes to run instead of the scenario's defaults (every scenario with all).")
  private List<Integer> sizes;

  @Option(
      names = "--spokes",
      split = ",",
      paramLabel = "K",
      description = "Spoke counts of the spokes scenario (default: 1,2,4).")
  private List<Integer> spokeCounts = List.of(1, 2, 4);

  @Option(
      names = "--timeout",
      paramLabel = "SECONDS",
      description =
          "Give up on one run after this long (default: 180, 120 with --quick); larger sizes"
              + " of that scenario are then skipped.")
  private Long timeoutSeconds;

  @Option(names = "--json", paramLabel = "FILE", description = "Write every result as JSON.")
  private Path json;

  @Option(
      names = "--markdown",
      paramLabel = "FILE",
      description = "Write every result as Markdown (BENCHMARKS.md includes such a file).")
  private Path markdown;

  @Option(
      names = "--chart",
      paramLabel = "FILE",
      description = "Also draw the throughput chart of this run into this PNG.")
  private Path chart;

  @Option(
      names = "--profile",
      description = "Record a JFR file per scenario and size (bench-SCENARIO-N.jfr).")
  private boolean profile;

  @Option(
      names = "--profile-dir",
      paramLabel = "DIR",
      defaultValue = ".",
      description = "Where --profile writes (default: the current directory).")
  private Path profileDir;

  @Option(
      names = "--no-warmup",
      description = "Skip the warm-up (a small chain and burst, discarded, run first for the JIT).")
  private boolean noWarmup;

  @Option(names = "--verbose", description = "Show the controller's and kubelet's logs.")
  private boolean verbose;

  @Spec private CommandSpec spec;

  /** Default sizes per scenario, full and quick. */
  static List<Integer> defaultSizes(String scenario, boolean quick) {
    return switch (scenario) {
      case "chain" -> quick ? List.of(20) : List.of(100);
      case "fanout", "burst" -> quick ? List.of(100) : List.of(1000, 5000);
      case "large" -> quick ? List.of(100, 400) : List.of(1000, 10000, 20000);
      case "spokes" -> quick ? List.of(60) : List.of(1000);
      default -> throw new IllegalArgumentException("no scenario named " + scenario);
    };
  }

  @Override
  public Integer call() {
    PrintWriter out = spec.commandLine().getOut();
    PrintWriter err = spec.commandLine().getErr();
    if (scenario.equals("chart")) {
      return chart(out, err);
    }
    List<String> chosen;
    if (scenario.equals("all")) {
      chosen = SCENARIOS;
    } else if (SCENARIOS.contains(scenario)) {
      chosen = List.of(scenario);
    } else {
      err.println(
          "hubflow bench: no scenario named '"
              + scenario
              + "' (chain, fanout, burst, large,"
              + " spokes, all, chart)");
      err.flush();
      return 2;
    }
    String bad = checkOptions();
    if (bad != null) {
      err.println("hubflow bench: " + bad);
      err.flush();
      return 2;
    }
    if (!verbose) {
      Logging.quiet();
    }
    Duration timeout =
        Duration.ofSeconds(timeoutSeconds != null ? timeoutSeconds : quick ? 120 : 180);
    Scenarios runner = new Scenarios(timeout);
    Instant started = Instant.now();
    if (!noWarmup) {
      out.println("hubflow bench: warming up (a small chain and burst, not reported) ...");
      out.flush();
      runner.warmUp();
    }
    List<ScenarioResult> results = new ArrayList<>();
    for (String s : chosen) {
      List<Integer> ns = sizes != null ? sizes : defaultSizes(s, quick);
      List<ScenarioResult> mine = new ArrayList<>();
      String skipReason = null;
      for (int n : ns) {
        if (skipReason != null) {
          ScenarioResult skipped =
              new ScenarioResult(s, n, 1, skipReason, List.of(), Map.of(), Map.of());
          out.print(Report.table(skipped));
          mine.add(skipped);
          continue;
        }
        if (s.equals("spokes")) {
          for (int k : spokeCounts) {
            mine.add(measure(out, s + "-" + n + "-" + k, () -> runner.spokes(n, k)));
          }
        } else {
          IntFunction<ScenarioResult> one =
              switch (s) {
                case "chain" -> runner::chain;
                case "fanout" -> runner::fanout;
                case "burst" -> runner::burst;
                default -> runner::large;
              };
          ScenarioResult r = measure(out, s + "-" + n, () -> one.apply(n));
          mine.add(r);
          if (!r.completed() && ns.size() > 1) {
            // A larger size would only take longer to fail the same way.
            skipReason = "skipped: size " + n + " did not finish";
          }
        }
      }
      if (s.equals("large")) {
        List<ScenarioResult> grown = Scenarios.withGrowth(mine);
        if (!grown.equals(mine)) {
          ScenarioResult largest = grown.get(grown.size() - 1);
          largest.figures().stream()
              .filter(f -> f.name().startsWith("CPU per node vs"))
              .forEach(
                  f ->
                      out.printf(
                          "  large: %s = %s %s  (goal %s) %s%n",
                          f.name(), f.formatted(), f.unit(), f.goal(), f.verdict()));
          out.flush();
        }
        mine = grown;
      }
      results.addAll(mine);
    }
    long minutes = Duration.between(started, Instant.now()).toSeconds();
    Report report = new Report(about(timeout, minutes), results);
    try {
      if (json != null) {
        write(json, report.json());
      }
      if (markdown != null) {
        write(markdown, report.markdown());
      }
      if (chart != null) {
        Chart.write(report, chart);
      }
    } catch (IOException e) {
      err.println("hubflow bench: cannot write results: " + e.getMessage());
      err.flush();
      return 1;
    }
    long failed = results.stream().filter(r -> !r.completed()).count();
    long missed =
        results.stream()
            .flatMap(r -> r.figures().stream())
            .filter(f -> Boolean.FALSE.equals(f.pass()))
            .count();
    out.printf(
        "hubflow bench: %d result(s) in %d s; %d did not finish; %d goal figure(s) missed%n",
        results.size(), minutes, failed, missed);
    out.flush();
    return failed == 0 ? 0 : 1;
  }

  private ScenarioResult measure(
      PrintWriter out, String label, java.util.function.Supplier<ScenarioResult> run) {
    out.println("hubflow bench: running " + label + " ...");
    out.flush();
    Recording recording = null;
    if (profile) {
      try {
        recording = new Recording(Configuration.getConfiguration("profile"));
        recording.setName("hubflow-bench-" + label);
        recording.start();
      } catch (IOException | ParseException e) {
        out.println("  (no JFR recording: " + e.getMessage() + ")");
      }
    }
    ScenarioResult r;
    try {
      r = run.get();
    } catch (RuntimeException e) {
      String[] parts = label.split("-");
      r =
          new ScenarioResult(
              parts[0],
              Integer.parseInt(parts[1]),
              parts.length > 2 ? Integer.parseInt(parts[2]) : 1,
              "error: " + e,
              List.of(),
              Map.of(),
              Map.of());
    } finally {
      if (recording != null) {
        try {
          recording.stop();
          Files.createDirectories(profileDir);
          Path file = profileDir.resolve("bench-" + label + ".jfr");
          recording.dump(file);
          out.println("  JFR recording: " + file);
        } catch (IOException e) {
          out.println("  (cannot write the JFR recording: " + e.getMessage() + ")");
        } finally {
          recording.close();
        }
      }
    }
    out.print(Report.table(r));
    out.flush();
    return r;
  }

  private String checkOptions() {
    if (!files.isEmpty()) {
      return "only chart takes files; use --json FILE to write results";
    }
    if (sizes != null && (sizes.isEmpty() || sizes.stream().anyMatch(n -> n < 1))) {
      return "--sizes must be positive numbers, e.g. --sizes 1000,5000";
    }
    if (spokeCounts.isEmpty() || spokeCounts.stream().anyMatch(k -> k < 1 || k > 16)) {
      return "--spokes must be numbers from 1 to 16, e.g. --spokes 1,2,4";
    }
    if (timeoutSeconds != null && timeoutSeconds < 1) {
      return "--timeout must be at least 1 second";
    }
    return null;
  }

  private int chart(PrintWriter out, PrintWriter err) {
    if (files.size() != 2) {
      err.println("hubflow bench chart: give the results JSON and the PNG to write");
      err.flush();
      return 2;
    }
    Path in = files.get(0);
    try {
      Report report = Report.parse(Files.readString(in, StandardCharsets.UTF_8), in.toString());
      Chart.write(report, files.get(1));
      out.println("hubflow bench: wrote " + files.get(1));
      out.flush();
      return 0;
    } catch (java.nio.file.NoSuchFileException e) {
      err.println("hubflow bench chart: " + in + ": no such file");
    } catch (IOException e) {
      err.println("hubflow bench chart: " + e.getMessage());
    } catch (IllegalArgumentException e) {
      err.println("hubflow bench chart: " + e.getMessage());
    }
    err.flush();
    return 2;
  }

  private Map<String, String> about(Duration timeout, long seconds) {
    Map<String, String> about = new LinkedHashMap<>();
    about.put("date", Instant.now().truncatedTo(ChronoUnit.SECONDS).toString());
    about.put("commit", commit());
    about.put(
        "java", System.getProperty("java.vm.name") + " " + System.getProperty("java.version"));
    about.put("cores", String.valueOf(Runtime.getRuntime().availableProcessors()));
    about.put("max heap", Runtime.getRuntime().maxMemory() / (1024 * 1024) + " MiB");
    if (ManagementFactory.getOperatingSystemMXBean()
        instanceof com.sun.management.OperatingSystemMXBean os) {
      about.put("memory", os.getTotalMemorySize() / (1024 * 1024 * 1024) + " GiB");
    }
    about.put("os", System.getProperty("os.name") + " " + System.getProperty("os.arch"));
    about.put(
        "command",
        "hubflow bench "
            + scenario
            + (quick ? " --quick" : "")
            + (sizes != null ? " --sizes " + join(sizes) : "")
            + (scenario.equals("spokes") || scenario.equals("all")
                ? " --spokes " + join(spokeCounts)
                : ""));
    about.put("timeout per run", timeout.toSeconds() + " s");
    about.put("bench run time", seconds + " s");
    return about;
  }

  private static String join(List<Integer> ns) {
    return String.join(",", ns.stream().map(String::valueOf).toList());
  }

  /** The git commit of the working directory, when there is one (for the record only). */
  private static String commit() {
    try {
      Process p =
          new ProcessBuilder("git", "describe", "--always", "--dirty")
              .redirectErrorStream(true)
              .start();
      String text = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8).trim();
      if (p.waitFor(10, TimeUnit.SECONDS) && p.exitValue() == 0 && !text.isEmpty()) {
        return text;
      }
    } catch (IOException e) {
      return "unknown";
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    return "unknown";
  }

  private static void write(Path file, String text) throws IOException {
    Path parent = file.toAbsolutePath().getParent();
    if (parent != null) {
      Files.createDirectories(parent);
    }
    Files.writeString(file, text, StandardCharsets.UTF_8);
  }
}
