package dev.hubflow.core.controller;

import dev.hubflow.core.argo.ArgoNames;
import dev.hubflow.core.cluster.Cluster;
import dev.hubflow.core.cluster.WorkflowKey;
import dev.hubflow.core.engine.Action;
import dev.hubflow.core.engine.Observation;
import dev.hubflow.core.engine.Reconciliation;
import dev.hubflow.core.engine.WorkflowEngine;
import dev.hubflow.core.spi.Clock;
import dev.hubflow.model.v1alpha1.NodeResult;
import dev.hubflow.model.v1alpha1.Workflow;
import dev.hubflow.model.v1alpha1.WorkflowTaskResult;
import io.kubernetes.client.openapi.ApiException;
import io.kubernetes.client.openapi.models.V1Pod;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One reconcile of one workflow: observe it from the caches, ask the engine, apply the result once.
 * Throws on API errors so the caller can retry with backoff; everything before the first write is
 * side-effect free, and every write is idempotent, so a retry from the start is always safe.
 */
final class WorkflowReconciler {
  private static final Logger log = LoggerFactory.getLogger(WorkflowReconciler.class);

  static final Set<String> COMPLETED_PHASES = Set.of("Succeeded", "Failed", "Error");

  private final Function<String, Optional<Cluster>> clusters;
  private final WorkflowEngine engine;
  private final Clock clock;
  private final WriteOverlay overlay;
  private final CreatedPods createdPods;

  WorkflowReconciler(
      Function<String, Optional<Cluster>> clusters,
      WorkflowEngine engine,
      Clock clock,
      WriteOverlay overlay,
      CreatedPods createdPods) {
    this.clusters = clusters;
    this.engine = engine;
    this.clock = clock;
    this.overlay = overlay;
    this.createdPods = createdPods;
  }

  Outcome reconcile(WorkflowKey key) throws ApiException {
    Optional<Cluster> maybeCluster = clusters.apply(key.cluster());
    if (maybeCluster.isEmpty()) {
      return new Outcome.Gone();
    }
    Cluster cluster = maybeCluster.get();
    // Before the pod informer has listed once, a pod missing from the cache may well exist: the
    // engine must not see that absence (it would fail the node), so nothing runs until then.
    if (!cluster.synced()) {
      return new Outcome.NotReady();
    }
    Optional<Workflow> cached = cluster.workflow(key.namespace(), key.name());
    if (cached.isEmpty()) {
      overlay.forget(key);
      createdPods.forget(key);
      return new Outcome.Gone();
    }
    Workflow observed = overlay.resolve(key, cached.get());
    String phase = phase(observed);
    if (COMPLETED_PHASES.contains(phase)) {
      createdPods.forget(key);
      return new Outcome.Completed(phase);
    }

    Observation observation =
        new Observation(
            observed,
            podsByNodeId(createdPods.withCached(key, cluster.pods(key.namespace(), key.name()))),
            resultsByNodeId(cluster.taskResults(key.namespace(), key.name())),
            clock.now());
    Reconciliation result = engine.reconcile(observation);

    // Creates go before the status write and deletes after it: a status that names a pod never
    // precedes the pod, and a pod never vanishes before the status has recorded how it ended.
    // If anything fails, the next attempt starts again from observation.
    for (Action action : result.actions()) {
      create(cluster, key, action);
    }
    boolean patched = false;
    if (result.workflow().isPresent()) {
      Optional<String> patch = WorkflowPatch.between(observed, result.workflow().get());
      if (patch.isPresent()) {
        try {
          Workflow stored = cluster.patchWorkflow(key.namespace(), key.name(), patch.get());
          overlay.remember(key, stored);
          patched = true;
          log.debug(
              "workflow={} namespace={} cluster={} status written phase={} resourceVersion={}",
              key.name(),
              key.namespace(),
              key.cluster(),
              phase(stored),
              stored.getMetadata().getResourceVersion());
        } catch (ApiException e) {
          // Someone else wrote (or our overlay is wrong): start over from what the cache shows.
          overlay.forget(key);
          throw e;
        }
      }
    }
    for (Action action : result.actions()) {
      delete(cluster, action);
    }
    return new Outcome.Reconciled(patched, result.actions().size(), result.wakeAt());
  }

  private void create(Cluster cluster, WorkflowKey key, Action action) throws ApiException {
    if (action instanceof Action.CreatePod create) {
      V1Pod pod = create.pod();
      if (pod.getMetadata().getNamespace() == null) {
        pod.getMetadata().setNamespace(key.namespace());
      }
      Optional<V1Pod> stored = cluster.createPod(pod);
      stored.ifPresent(p -> createdPods.created(key, p));
      log.info(
          "workflow={} namespace={} cluster={} pod={} node={} {}",
          key.name(),
          key.namespace(),
          key.cluster(),
          pod.getMetadata().getName(),
          annotation(pod, ArgoNames.ANNOTATION_NODE_NAME),
          stored.isPresent() ? "pod created" : "pod already existed");
    } else if (action instanceof Action.CreateClaim create) {
      if (create.claim().getMetadata().getNamespace() == null) {
        create.claim().getMetadata().setNamespace(key.namespace());
      }
      cluster.createClaim(create.claim());
    }
  }

  private static void delete(Cluster cluster, Action action) throws ApiException {
    if (action instanceof Action.DeletePod delete) {
      cluster.deletePod(delete.namespace(), delete.name());
    } else if (action instanceof Action.DeleteClaim delete) {
      cluster.deleteClaim(delete.namespace(), delete.name());
    }
  }

  static String phase(Workflow workflow) {
    return workflow.getStatus() == null || workflow.getStatus().getPhase() == null
        ? ""
        : workflow.getStatus().getPhase();
  }

  private static Map<String, V1Pod> podsByNodeId(List<V1Pod> pods) {
    Map<String, V1Pod> byNode = new LinkedHashMap<>();
    for (V1Pod pod : pods) {
      String nodeId = annotation(pod, ArgoNames.ANNOTATION_NODE_ID);
      if (nodeId != null) {
        byNode.putIfAbsent(nodeId, pod);
      }
    }
    return Map.copyOf(byNode);
  }

  /**
   * Results named after their node id. One whose executor says it has not reported every output yet
   * ({@code report-outputs-completed=false}) is held back, so no node ends on partial outputs.
   */
  private static Map<String, NodeResult> resultsByNodeId(List<WorkflowTaskResult> results) {
    Map<String, NodeResult> byNode = new LinkedHashMap<>();
    for (WorkflowTaskResult result : results) {
      Map<String, String> labels = result.getMetadata().getLabels();
      if (labels != null && "false".equals(labels.get(ArgoNames.LABEL_REPORT_OUTPUTS_COMPLETED))) {
        continue;
      }
      byNode.put(result.getMetadata().getName(), result.toNodeResult());
    }
    return Map.copyOf(byNode);
  }

  private static String annotation(V1Pod pod, String name) {
    Map<String, String> annotations = pod.getMetadata().getAnnotations();
    return annotations == null ? null : annotations.get(name);
  }
}
