package dev.hubflow.core.controller;

import dev.hubflow.core.cluster.Cluster;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import java.util.Collection;
import java.util.List;
import java.util.function.IntSupplier;
import java.util.function.Supplier;

/**
 * The few metrics Argo users already chart, under Argo v3.5's names: workflows by phase, queue
 * depth and adds, reconcile duration, and errors.
 */
final class ControllerMetrics {
  static final String QUEUE_NAME = "workflow_queue";

  private static final List<String> PHASES =
      List.of("Pending", "Running", "Succeeded", "Failed", "Error");

  private final Timer operationDuration;
  private final Counter queueAdds;
  private final Counter operationPanics;
  private final MeterRegistry registry;
  private final java.util.Map<String, Gauge> clusterGauges =
      new java.util.concurrent.ConcurrentHashMap<>();

  ControllerMetrics(
      MeterRegistry registry, Supplier<Collection<Cluster>> clusters, IntSupplier depth) {
    this.registry = registry;
    for (String phase : PHASES) {
      // Argo counts a workflow without a phase as Pending.
      Gauge.builder("argo_workflows_count", () -> count(clusters.get(), phase))
          .description("Number of workflows currently accessible by the controller by status")
          .tag("status", phase)
          .register(registry);
    }
    Gauge.builder("argo_workflows_queue_depth_count", () -> depth.getAsInt())
        .description("Depth of the queue")
        .tag("queue_name", QUEUE_NAME)
        .register(registry);
    queueAdds =
        Counter.builder("argo_workflows_queue_adds_count")
            .description("Adds to the queue")
            .tag("queue_name", QUEUE_NAME)
            .register(registry);
    operationDuration =
        Timer.builder("argo_workflows_operation_duration_seconds")
            .description("Histogram of durations of operations")
            .publishPercentileHistogram()
            .register(registry);
    operationPanics =
        Counter.builder("argo_workflows_error_count")
            .description("Number of errors encountered by the controller by cause")
            .tag("cause", "OperationPanic")
            .register(registry);
  }

  /** 1 while the cluster's API server answers and its caches are filled, else 0. */
  void clusterAdded(Cluster cluster) {
    Gauge gauge =
        Gauge.builder(
                "hubflow_cluster_connected", () -> cluster.connected() && cluster.synced() ? 1 : 0)
            .description("Whether the controller currently sees the cluster (1) or not (0)")
            .tag("cluster", cluster.name())
            .register(registry);
    clusterGauges.put(cluster.name(), gauge);
  }

  void clusterRemoved(String name) {
    Gauge gauge = clusterGauges.remove(name);
    if (gauge != null) {
      registry.remove(gauge);
    }
  }

  void queued() {
    queueAdds.increment();
  }

  Timer operationDuration() {
    return operationDuration;
  }

  void operationPanicked() {
    operationPanics.increment();
  }

  private static int count(Collection<Cluster> clusters, String phase) {
    int n = 0;
    for (Cluster cluster : clusters) {
      for (var workflow : cluster.workflows()) {
        String current = WorkflowReconciler.phase(workflow);
        if (phase.equals(current.isEmpty() ? "Pending" : current)) {
          n++;
        }
      }
    }
    return n;
  }
}
