package dev.hubflow.core.engine;

import dev.hubflow.core.argo.ArgoNames;
import dev.hubflow.model.v1alpha1.NodeResult;
import dev.hubflow.model.v1alpha1.Outputs;
import io.kubernetes.client.openapi.models.V1ContainerState;
import io.kubernetes.client.openapi.models.V1ContainerStateTerminated;
import io.kubernetes.client.openapi.models.V1ContainerStatus;
import io.kubernetes.client.openapi.models.V1Pod;
import io.kubernetes.client.openapi.models.V1PodStatus;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.Map;

/**
 * A measurement to run by hand (not a test): the engine's CPU time per node for a wide-and-deep DAG
 * of N pod tasks (layers of N/depth tasks, each depending on two of the layer before), with at most
 * {@code batch} pods ending between two reconciles, as a busy controller's coalesced queue would
 * see them. Cost per node should stay flat as N grows.
 *
 * <p>{@code java -cp ... dev.hubflow.core.engine.DagScalePerf [depth=20] [batch=50] N...}
 */
public final class DagScalePerf {
  private DagScalePerf() {}

  public static void main(String[] args) {
    int depth = Integer.parseInt(args[0]);
    int batch = Integer.parseInt(args[1]);
    for (int i = 2; i < args.length; i++) {
      run(Integer.parseInt(args[i]), depth, batch);
    }
  }

  static String dag(int n, int depth) {
    int width = Math.max(1, n / depth);
    StringBuilder s =
        new StringBuilder(
            "apiVersion: argoproj.io/v1alpha1\nkind: Workflow\nmetadata:\n  name: big\n"
                + "spec:\n  entrypoint: main\n  templates:\n  - name: main\n    dag:\n"
                + "      tasks:\n");
    for (int i = 0; i < n; i++) {
      int layer = i / width;
      s.append("      - name: t").append(i).append("\n        template: echo\n");
      if (layer > 0) {
        int a = (layer - 1) * width + (i % width);
        int b = (layer - 1) * width + ((i + 1) % width);
        s.append("        dependencies: [t").append(a);
        if (b != a) {
          s.append(", t").append(b);
        }
        s.append("]\n");
      }
    }
    s.append("  - name: echo\n    container:\n      image: argoproj/argosay:v2\n");
    return s.toString();
  }

  static void run(int n, int depth, int batch) {
    ThreadMXBean threads = ManagementFactory.getThreadMXBean();
    FakeCluster c = new FakeCluster().submit(dag(n, depth));
    long engineCpu = 0;
    int reconciles = 0;
    long start = threads.getCurrentThreadCpuTime();
    while (true) {
      Observation o = new Observation(c.workflow, Map.copyOf(c.pods), Map.copyOf(c.results), c.now);
      long t0 = threads.getCurrentThreadCpuTime();
      Reconciliation r = c.engine.reconcile(o);
      engineCpu += threads.getCurrentThreadCpuTime() - t0;
      reconciles++;
      r.workflow().ifPresent(w -> c.workflow = w);
      for (Action a : r.actions()) {
        if (a instanceof Action.CreatePod create) {
          String id = create.pod().getMetadata().getAnnotations().get(ArgoNames.ANNOTATION_NODE_ID);
          V1Pod pod = create.pod();
          pod.setStatus(new V1PodStatus().phase("Pending"));
          c.pods.putIfAbsent(id, pod);
        }
      }
      if (c.done()) {
        break;
      }
      int ended = 0;
      OffsetDateTime t = OffsetDateTime.ofInstant(c.now, ZoneOffset.UTC);
      for (Map.Entry<String, V1Pod> e : c.pods.entrySet()) {
        if (ended == batch) {
          break;
        }
        if ("Pending".equals(e.getValue().getStatus().getPhase())) {
          e.getValue()
              .setStatus(
                  new V1PodStatus()
                      .phase("Succeeded")
                      .addContainerStatusesItem(
                          new V1ContainerStatus()
                              .name("main")
                              .state(
                                  new V1ContainerState()
                                      .terminated(
                                          new V1ContainerStateTerminated()
                                              .exitCode(0)
                                              .reason("Completed")
                                              .finishedAt(t)))));
          c.results.put(e.getKey(), new NodeResult().outputs(new Outputs()).progress("1/1"));
          ended++;
        }
      }
      c.now = c.now.plusSeconds(1);
      if (ended == 0 && r.actions().isEmpty() && r.workflow().isEmpty()) {
        throw new AssertionError("stuck at " + c.workflow.getStatus().getProgress());
      }
    }
    long all = threads.getCurrentThreadCpuTime() - start;
    System.out.printf(
        "DAG n=%d depth=%d batch=%d: %s, %d reconciles, engine cpu %.0f ms = %.3f ms/node,"
            + " %.2f ms/reconcile (all %.0f ms)%n",
        n,
        depth,
        batch,
        c.workflow.getStatus().getPhase(),
        reconciles,
        engineCpu / 1e6,
        engineCpu / 1e6 / n,
        engineCpu / 1e6 / reconciles,
        all / 1e6);
  }
}
