package dev.hubflow.testkit.perf;

import com.google.gson.JsonObject;
import dev.hubflow.core.HubflowController;
import dev.hubflow.model.Codec;
import dev.hubflow.model.v1alpha1.Workflow;
import dev.hubflow.testkit.EmbeddedHubflow;
import dev.hubflow.testkit.PodRuntimeKind;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.lang.management.ManagementFactory;
import java.nio.charset.StandardCharsets;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/**
 * A measurement to run by hand (not a test): the heap of the embedded clusters with N workflows of
 * 10 parallel tasks whose pods stay Running (argosay {@code sleep 1h}). Prints used heap after GC
 * before submitting, with everything running, and again once the controller is closed (what is left
 * is the emulator, kubelet and runtime, which share the JVM in the embedded mode), then the top of
 * a class histogram ({@code jcmd GC.class_histogram}).
 *
 * <p>{@code java -cp ... dev.hubflow.testkit.perf.HeapPerf [workflows=1000] [tasks=10]}
 */
public final class HeapPerf {
  private HeapPerf() {}

  /** Pod nodes a stored workflow status shows Running. */
  private static long runningTasks(JsonObject status) {
    if (!status.has("nodes") || !status.get("nodes").isJsonObject()) {
      return 0;
    }
    return status.getAsJsonObject("nodes").entrySet().stream()
        .map(n -> n.getValue().getAsJsonObject())
        .filter(
            n ->
                n.has("type")
                    && "Pod".equals(n.get("type").getAsString())
                    && n.has("phase")
                    && "Running".equals(n.get("phase").getAsString()))
        .count();
  }

  public static void main(String[] args) throws Exception {
    int workflows = args.length > 0 ? Integer.parseInt(args[0]) : 1000;
    int tasks = args.length > 1 ? Integer.parseInt(args[1]) : 10;
    // The controller is started here rather than by EmbeddedHubflow so that, once closed, nothing
    // holds it and the heap it frees is its share.
    try (EmbeddedHubflow hubflow =
        EmbeddedHubflow.builder().runtime(PodRuntimeKind.SIMULATED).controller(false).start()) {
      HubflowController controller =
          HubflowController.builder()
              .cluster(hubflow.hub().name(), hubflow.hub().apiClient())
              .build()
              .start();
      long base = usedAfterGc();
      System.out.printf("started: used heap after GC %.1f MiB%n", base / 1048576.0);
      // Counted from the store's committed changes: listing 10,000 pods each poll costs more
      // than everything measured here.
      Set<String> running = ConcurrentHashMap.newKeySet();
      // Workflows whose stored status shows every task Running: the controller has written (not
      // just held) what the pods say, so its caches hold what they will hold.
      Set<String> settled = ConcurrentHashMap.newKeySet();
      long want = (long) workflows * tasks;
      CountDownLatch allSettled = new CountDownLatch(1);
      hubflow
          .hub()
          .store()
          .onCommitted(
              e -> {
                JsonObject o = e.object();
                if (o == null || !o.has("kind") || !o.has("status")) {
                  return;
                }
                String kind = o.get("kind").getAsString();
                JsonObject status = o.getAsJsonObject("status");
                if ("Pod".equals(kind)
                    && status.has("phase")
                    && "Running".equals(status.get("phase").getAsString())) {
                  running.add(e.name());
                } else if ("Workflow".equals(kind) && runningTasks(status) == tasks) {
                  settled.add(e.name());
                }
                if (running.size() >= want && settled.size() >= workflows) {
                  allSettled.countDown();
                }
              });
      long t0 = System.nanoTime();
      for (int i = 0; i < workflows; i++) {
        controller.submit(Codec.read(dag("heap" + i, tasks), Workflow.class));
      }
      // Progress every few seconds while waiting for the condition (not a fixed pause).
      while (!allSettled.await(2, TimeUnit.SECONDS)) {
        System.out.printf(
            "  %.0f s: %d/%d pods running, %d/%d workflows written as running%n",
            (System.nanoTime() - t0) / 1e9, running.size(), want, settled.size(), workflows);
      }
      long all = usedAfterGc();
      System.out.printf(
          "%d workflows x %d running tasks: used heap after GC %.1f MiB (%.1f MiB over start)%n",
          workflows, tasks, all / 1048576.0, (all - base) / 1048576.0);
      histogram(25);
      controller.close();
      controller = null;
      long withoutController = usedAfterGc();
      System.out.printf(
          "controller closed: %.1f MiB (emulator + kubelet + runtime); controller's share %.1f MiB%n",
          withoutController / 1048576.0, (all - withoutController) / 1048576.0);
    }
  }

  static long usedAfterGc() {
    for (int i = 0; i < 3; i++) {
      System.gc();
    }
    return ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed();
  }

  static void histogram(int lines) throws Exception {
    Process p =
        new ProcessBuilder(
                "jcmd", Long.toString(ProcessHandle.current().pid()), "GC.class_histogram")
            .redirectErrorStream(true)
            .start();
    try (BufferedReader r =
        new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8))) {
      java.util.Map<String, Long> byGroup = new java.util.TreeMap<>();
      int[] n = {0};
      r.lines()
          .forEach(
              line -> {
                if (n[0]++ < lines) {
                  System.out.println(line);
                }
                String[] f = line.trim().split("\\s+");
                if (f.length >= 4 && f[0].endsWith(":")) {
                  byGroup.merge(group(f[3]), Long.parseLong(f[2]), Long::sum);
                }
              });
      byGroup.forEach((g, b) -> System.out.printf("  %-40s %8.1f MiB%n", g, b / 1048576.0));
    }
    p.destroy();
  }

  /** Who holds a class's instances: gson trees are the emulator's store and watch history. */
  static String group(String className) {
    if (className.startsWith("com.google.gson.")) {
      return "gson JSON trees (emulator store)";
    }
    if (className.startsWith("io.kubernetes.client.openapi.models.")) {
      return "client-java models (informers, kubelet)";
    }
    if (className.startsWith("dev.hubflow.model.")) {
      return "hubflow model (workflow informer)";
    }
    if (className.startsWith("[B") || className.startsWith("java.lang.String")) {
      return "strings (shared)";
    }
    return "other";
  }

  static String dag(String name, int tasks) {
    StringBuilder s = new StringBuilder();
    s.append("apiVersion: argoproj.io/v1alpha1\nkind: Workflow\nmetadata:\n  name: ")
        .append(name)
        .append(
            "\n  namespace: default\nspec:\n  entrypoint: main\n  templates:\n  - name: main\n"
                + "    dag:\n      tasks:\n");
    for (int i = 0; i < tasks; i++) {
      s.append("      - name: t").append(i).append("\n        template: sleep\n");
    }
    s.append(
        "  - name: sleep\n    container:\n      image: argoproj/argosay:v2\n"
            + "      args: [sleep, 1h]\n");
    return s.toString();
  }
}
