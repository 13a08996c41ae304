package dev.hubflow.daemon.bench;

import com.google.gson.JsonObject;
import dev.hubflow.daemon.bench.Measure.Placed;
import dev.hubflow.daemon.bench.Measure.Run;
import dev.hubflow.testkit.apiserver.ApiServer;
import dev.hubflow.testkit.apiserver.store.ResourceStore;
import java.lang.management.ManagementFactory;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** Runs each scenario at one size: hubflow first, then the floor, each on fresh spokes. */
final class Scenarios {
  static final String ARGO_STEP = "≈ 10,000 ms (10 s requeue per step)";
  static final String ARGO_RATE = "≈ 270/min default; ≈ 2,100/min with 5 sharded controllers";
  static final String ARGO_DRAIN_5000 = "17–19 min for 5,000";
  static final String ARGO_STATUS = "1 MiB limit hit at a few thousand nodes";
  static final double MIB = 1024 * 1024;

  private final Duration timeout;

  Scenarios(Duration timeout) {
    this.timeout = timeout;
  }

  /** A small run of each kind, discarded: the measured runs then see a warm JIT. */
  void warmUp() {
    chain(5);
    burst("warmup", 20, 1);
  }

  ScenarioResult chain(int n) {
    Run hub = run(1, List.of(new Placed(0, Workloads.chain("chain-" + n, n))), null);
    Run floor = floor(1, "chain", Collections.nCopies(n, 1));
    List<Figure> f = new ArrayList<>();
    f.add(Figure.of("wall time", hub.seconds(), "s"));
    f.add(Figure.of("wall per step", hub.seconds() * 1000 / n, "ms"));
    f.add(Figure.of("floor per pod", floor.seconds() * 1000 / n, "ms"));
    f.add(
        Figure.of("controller per step", (hub.seconds() - floor.seconds()) * 1000 / n, "ms")
            .atMost(20, "≤ 20 ms")
            .comparedWith(ARGO_STEP));
    f.add(Figure.of(Report.RATIO, hub.seconds() / floor.seconds(), "×"));
    common(f, hub, n);
    return result("chain", n, 1, hub, floor, f);
  }

  ScenarioResult fanout(int n) {
    Run hub = run(1, List.of(new Placed(0, Workloads.fanout("fanout-" + n, n))), null);
    Run floor = floor(1, "fanout", List.of(n));
    List<Figure> f = new ArrayList<>();
    f.add(Figure.of("wall time", hub.seconds(), "s"));
    f.add(Figure.of("pods/s", n / hub.seconds(), "pods/s"));
    f.add(Figure.of("floor wall time", floor.seconds(), "s"));
    f.add(Figure.of("floor pods/s", n / floor.seconds(), "pods/s"));
    f.add(Figure.of(Report.RATIO, hub.seconds() / floor.seconds(), "×").atMost(1.5, "≤ 1.5×"));
    common(f, hub, n);
    return result("fanout", n, 1, hub, floor, f);
  }

  ScenarioResult burst(int n) {
    return burst("burst", n, 1);
  }

  ScenarioResult spokes(int n, int spokes) {
    return burst("spokes", n, spokes);
  }

  private ScenarioResult burst(String scenario, int n, int spokes) {
    List<Placed> wfs = new ArrayList<>(n);
    for (int i = 0; i < n; i++) {
      wfs.add(new Placed(i % spokes, Workloads.single(scenario + "-" + i)));
    }
    Run hub = run(spokes, wfs, null);
    Run floor = floor(spokes, scenario, List.of(n));
    List<Figure> f = new ArrayList<>();
    Figure drain = Figure.of("drain time", hub.seconds(), "s");
    f.add(n == 5000 ? drain.comparedWith(ARGO_DRAIN_5000) : drain);
    f.add(
        Figure.of("workflows/minute", n * 60 / hub.seconds(), "wf/min")
            .atLeast(3000, "≥ 3,000/min")
            .comparedWith(ARGO_RATE));
    f.add(Figure.of("floor drain time", floor.seconds(), "s"));
    f.add(Figure.of("floor pods/minute", n * 60 / floor.seconds(), "pods/min"));
    f.add(Figure.of(Report.RATIO, hub.seconds() / floor.seconds(), "×").atMost(1.5, "≤ 1.5×"));
    common(f, hub, n);
    return result(scenario, n, spokes, hub, floor, f);
  }

  ScenarioResult large(int n) {
    String name = "large-" + n;
    long[] statusBytes = {-1, -1, -1};
    Run hub =
        run(
            1,
            List.of(new Placed(0, Workloads.large(name, n))),
            bed -> {
              Optional<JsonObject> stored = stored(bed.spokes().get(0), name);
              stored.ifPresent(
                  o -> {
                    statusBytes[0] = bytes(o);
                    statusBytes[1] = o.has("status") ? bytes(o.get("status")) : 0;
                  });
              // What stays once the workflow is done: the controller's caches, the emulator.
              System.gc();
              statusBytes[2] = ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed();
            });
    Run floor = floor(1, "large", Workloads.Shape.of(n).levels(n));
    List<Figure> f = new ArrayList<>();
    Workloads.Shape shape = Workloads.Shape.of(n);
    f.add(Figure.of("levels", shape.depth(), "levels"));
    f.add(Figure.of("width", shape.width(), "pods"));
    f.add(Figure.of("wall time", hub.seconds(), "s"));
    f.add(Figure.of("nodes/s", n / hub.seconds(), "nodes/s"));
    f.add(Figure.of("floor wall time", floor.seconds(), "s"));
    f.add(Figure.of(Report.RATIO, hub.seconds() / floor.seconds(), "×"));
    f.add(
        Figure.of("stored workflow size", statusBytes[0], "bytes")
            .atMost(MIB, "≤ 1 MiB")
            .comparedWith(ARGO_STATUS));
    f.add(Figure.of("status size", statusBytes[1], "bytes"));
    f.add(Figure.of("peak heap, garbage included", hub.peakHeapBytes() / MIB, "MiB"));
    f.add(Figure.of("heap after GC, workflow done", statusBytes[2] / MIB, "MiB"));
    common(f, hub, n);
    return result("large", n, 1, hub, floor, f);
  }

  /**
   * The large scenario's growth: CPU per node at the largest size over that at the smallest, added
   * to the largest size's result (goal ≤ 2×).
   */
  static List<ScenarioResult> withGrowth(List<ScenarioResult> large) {
    List<ScenarioResult> done = large.stream().filter(ScenarioResult::completed).toList();
    if (done.size() < 2) {
      return large;
    }
    ScenarioResult smallest =
        done.stream().min(java.util.Comparator.comparingInt(ScenarioResult::size)).orElseThrow();
    ScenarioResult largest =
        done.stream().max(java.util.Comparator.comparingInt(ScenarioResult::size)).orElseThrow();
    Optional<Figure> a = smallest.figure(CPU_PER_NODE);
    Optional<Figure> b = largest.figure(CPU_PER_NODE);
    if (a.isEmpty() || b.isEmpty() || smallest == largest || a.get().value() <= 0) {
      return large;
    }
    Figure growth =
        Figure.of(
                "CPU per node vs " + smallest.size() + " nodes",
                b.get().value() / a.get().value(),
                "×")
            .atMost(2, "≤ 2×");
    List<ScenarioResult> out = new ArrayList<>();
    for (ScenarioResult r : large) {
      out.add(r == largest ? r.with(growth) : r);
    }
    return out;
  }

  static final String CPU_PER_NODE = "process CPU per pod node";
  static final String FINISHED = "workflows finished before giving up";
  static final String GAVE_UP_AFTER = "hubflow gave up after";

  /** Figures every scenario has: CPU, heap and API requests per pod node. */
  static void common(List<Figure> f, Run hub, int podNodes) {
    f.add(Figure.of(CPU_PER_NODE, hub.cpuNanos() / 1e6 / podNodes, "ms"));
    Map<String, Long> req = hub.requests();
    f.add(
        Figure.of(
                "controller API writes per pod node",
                (double) RequestMix.ownWrites(req) / podNodes,
                "req")
            .atMost(3, "≤ 3"));
    f.add(
        Figure.of(
            "API writes per pod node, all clients",
            (double) RequestMix.writes(req) / podNodes,
            "req"));
    f.add(
        Figure.of(
            "API reads per pod node, all clients",
            (double) RequestMix.reads(req) / podNodes,
            "req"));
    RequestMix.byVerb(req)
        .forEach(
            (verb, count) ->
                f.add(
                    Figure.of(
                        verb + " per pod node, all clients", (double) count / podNodes, "req")));
  }

  static ScenarioResult result(
      String scenario, int n, int spokes, Run hub, Run floor, List<Figure> f) {
    if (hub.failure() != null) {
      // Rates and per-node figures of an unfinished run would mislead: keep the floor's only.
      List<Figure> kept = new ArrayList<>();
      kept.add(Figure.of(FINISHED, hub.done(), "wf"));
      kept.add(Figure.of(GAVE_UP_AFTER, hub.seconds(), "s"));
      f.stream().filter(x -> x.name().startsWith("floor")).forEach(kept::add);
      f = kept;
    }
    String failure =
        hub.failure() != null
            ? hub.failure()
            : floor.failure() != null ? "floor: " + floor.failure() : null;
    return new ScenarioResult(scenario, n, spokes, failure, f, hub.requests(), floor.requests());
  }

  /** Something to read from the spokes once the workflows have finished, before they stop. */
  interface AfterRun {
    void inspect(Testbed bed);
  }

  private Run run(int spokes, List<Placed> workflows, AfterRun after) {
    try (Testbed bed = Testbed.start(spokes, true)) {
      Run r = Measure.workflows(bed, workflows, timeout);
      if (after != null) {
        after.inspect(bed);
      }
      return r;
    }
  }

  private Run floor(int spokes, String prefix, List<Integer> waves) {
    try (Testbed bed = Testbed.start(spokes, false)) {
      return Measure.floor(bed, prefix, waves, timeout);
    }
  }

  private static Optional<JsonObject> stored(ApiServer server, String name) {
    ResourceStore store = server.store();
    return store
        .type("argoproj.io", "v1alpha1", "workflows")
        .flatMap(t -> store.find(t, Workloads.NAMESPACE, name));
  }

  private static long bytes(com.google.gson.JsonElement e) {
    return e.toString().getBytes(StandardCharsets.UTF_8).length;
  }
}
