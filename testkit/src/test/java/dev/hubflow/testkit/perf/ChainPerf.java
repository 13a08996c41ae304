package dev.hubflow.testkit.perf;

import dev.hubflow.model.Codec;
import dev.hubflow.model.v1alpha1.Workflow;
import dev.hubflow.testkit.EmbeddedHubflow;
import dev.hubflow.testkit.PodRuntimeKind;
import io.micrometer.core.instrument.Timer;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadInfo;
import java.lang.management.ThreadMXBean;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;

/**
 * A measurement to run by hand (not a test): a sequential chain of N instant argosay steps on the
 * embedded clusters with the simulated runtime. Prints wall and CPU time per step (all threads, the
 * controller's threads, its workers alone), reconciles per step and API requests per pod node by
 * verb.
 *
 * <p>{@code java -cp ... dev.hubflow.testkit.perf.ChainPerf [steps=100] [rounds=3]}
 */
public final class ChainPerf {
  /**
   * The controller's own threads: its workers and work-queue timer, and its informers. client-java
   * names informer threads after the informed type only, so the emulated kubelet's pod informer
   * (started before the controller) has the same name as the controller's: the earliest-created of
   * those is left out (see {@link #kubeletInformerThreads}).
   */
  private static final java.util.regex.Pattern CONTROLLER_THREADS =
      java.util.regex.Pattern.compile(
          "hubflow-worker|hubflow-queue-delay|hubflow-informer|controller-reflector|informer-controller");

  private ChainPerf() {}

  public static void main(String[] args) throws Exception {
    int steps = args.length > 0 ? Integer.parseInt(args[0]) : 100;
    int rounds = args.length > 1 ? Integer.parseInt(args[1]) : 3;
    ThreadMXBean threads = ManagementFactory.getThreadMXBean();
    com.sun.management.OperatingSystemMXBean os =
        (com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean();
    try (EmbeddedHubflow hubflow =
        EmbeddedHubflow.builder().runtime(PodRuntimeKind.SIMULATED).start()) {
      java.util.Set<Long> kubelet = kubeletInformerThreads(threads);
      for (int round = 0; round < rounds; round++) {
        Workflow chain = Codec.read(chain(steps, "chain" + round), Workflow.class);
        hubflow.hub().counters().reset();
        Timer reconciles =
            hubflow.controller().meterRegistry().timer("argo_workflows_operation_duration_seconds");
        long reconcilesBefore = reconciles.count();
        Map<Long, Long> workerCpu = workerCpu(threads);
        Map<Long, String> names = new HashMap<>();
        long cpu0 = os.getProcessCpuTime();
        long t0 = System.nanoTime();
        Workflow submitted = hubflow.controller().submit(chain);
        Workflow done = hubflow.controller().await(submitted, Duration.ofMinutes(10));
        long wall = System.nanoTime() - t0;
        long cpu = os.getProcessCpuTime() - cpu0;
        long workers = 0;
        long controller = 0;
        Map<String, Long> byGroup = new java.util.TreeMap<>();
        for (ThreadInfo info : threads.getThreadInfo(threads.getAllThreadIds())) {
          if (info == null) {
            continue;
          }
          long used =
              threads.getThreadCpuTime(info.getThreadId())
                  - workerCpu.getOrDefault(info.getThreadId(), 0L);
          String group =
              info.getThreadName()
                  .replaceAll("[-0-9]+$", "")
                  .replaceAll(
                      "io.kubernetes.client.openapi.models.|dev.hubflow.model.v1alpha1.", "");
          byGroup.merge(group, used / 1_000_000 / steps, Long::sum);
          if (info.getThreadName().startsWith("hubflow-worker")) {
            workers += used;
          }
          if (CONTROLLER_THREADS.matcher(info.getThreadName()).lookingAt()
              && !kubelet.contains(info.getThreadId())) {
            controller += used;
          }
        }
        long reconcileCount = reconciles.count() - reconcilesBefore;
        Map<String, Long> counts = hubflow.hub().counters().snapshot();
        long writes =
            counts.entrySet().stream()
                .filter(
                    e ->
                        !e.getKey().startsWith("get")
                            && !e.getKey().startsWith("list")
                            && !e.getKey().startsWith("watch"))
                .mapToLong(Map.Entry::getValue)
                .sum();
        long controllerWrites =
            counts.getOrDefault("create pods", 0L)
                + counts.getOrDefault("patch workflows", 0L)
                + counts.getOrDefault("update workflows", 0L)
                + counts.getOrDefault("delete pods", 0L);
        System.out.printf(
            "round %d: %s %s; per step: wall %.1f ms, cpu %.1f ms, controller cpu %.1f ms"
                + " (workers %.1f ms), reconciles %.2f; controller writes/pod %.2f, all writes/pod"
                + " %.2f%n  %s%n",
            round,
            done.getMetadata().getName(),
            done.getStatus().getPhase(),
            wall / 1e6 / steps,
            cpu / 1e6 / steps,
            controller / 1e6 / steps,
            workers / 1e6 / steps,
            reconcileCount / (double) steps,
            controllerWrites / (double) steps,
            writes / (double) steps,
            counts);
        System.out.println("  cpu ms per step by thread: " + byGroup);
      }
    }
  }

  /** Per informer thread name, the earliest-created thread (the kubelet's, which starts first). */
  private static java.util.Set<Long> kubeletInformerThreads(ThreadMXBean threads) {
    Map<String, Long> earliest = new HashMap<>();
    for (ThreadInfo info : threads.getThreadInfo(threads.getAllThreadIds())) {
      if (info != null
          && info.getThreadName().matches("(controller-reflector|informer-controller)-.*V1Pod.*")) {
        earliest.merge(
            info.getThreadName().replaceAll("-[0-9]+$", ""), info.getThreadId(), Math::min);
      }
    }
    return new java.util.HashSet<>(earliest.values());
  }

  private static Map<Long, Long> workerCpu(ThreadMXBean threads) {
    Map<Long, Long> out = new HashMap<>();
    for (ThreadInfo info : threads.getThreadInfo(threads.getAllThreadIds())) {
      if (info != null) {
        out.put(info.getThreadId(), threads.getThreadCpuTime(info.getThreadId()));
      }
    }
    return out;
  }

  static String chain(int steps, String name) {
    StringBuilder s = new StringBuilder();
    s.append("apiVersion: argoproj.io/v1alpha1\nkind: Workflow\nmetadata:\n  name: ")
        .append(name)
        .append(
            "\n  namespace: default\nspec:\n  entrypoint: main\n  templates:\n  - name: main\n    steps:\n");
    for (int i = 0; i < steps; i++) {
      s.append("    - - name: s").append(i).append("\n        template: echo\n");
    }
    s.append("  - name: echo\n    container:\n      image: argoproj/argosay:v2\n");
    return s.toString();
  }
}
