package dev.hubflow.core.controller;

import dev.hubflow.core.argo.ArgoNames;
import dev.hubflow.core.cluster.Cluster;
import dev.hubflow.core.cluster.WorkflowKey;
import dev.hubflow.core.engine.Action;
import dev.hubflow.core.engine.ArgoWorkflowEngine;
import dev.hubflow.core.engine.Observation;
import dev.hubflow.core.engine.Reconciliation;
import dev.hubflow.core.engine.WorkflowEngine;
import dev.hubflow.core.spi.Clock;
import dev.hubflow.core.status.NodeStatusPacking;
import dev.hubflow.core.status.NodeStatusPacking.Packed;
import dev.hubflow.core.status.UnreadableNodeStatusException;
import dev.hubflow.model.v1alpha1.NodeResult;
import dev.hubflow.model.v1alpha1.Workflow;
import dev.hubflow.model.v1alpha1.WorkflowTaskResult;
import io.kubernetes.client.openapi.ApiException;
import io.kubernetes.client.openapi.models.V1Pod;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
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

  /** How many times the engine may look again at its own result in one reconcile. */
  private static final int MAX_LOOKS = 3;

  private final Function<String, Optional<Cluster>> clusters;
  private final WorkflowEngine engine;
  private final Clock clock;
  private final WriteOverlay overlay;
  private final CreatedPods createdPods;
  private final Placements placements;
  private final HeldWrites heldWrites = new HeldWrites();
  private final NodeStatusPacking packing;

  WorkflowReconciler(
      Function<String, Optional<Cluster>> clusters,
      WorkflowEngine engine,
      Clock clock,
      WriteOverlay overlay,
      CreatedPods createdPods,
      Placements placements,
      NodeStatusPacking packing) {
    this.packing = packing;
    this.placements = placements;
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
    // The same holds while the cluster cannot be reached: its caches are frozen.
    if (!cluster.synced() || !cluster.connected()) {
      return new Outcome.NotReady();
    }
    Optional<Workflow> cached = cluster.workflow(key.namespace(), key.name());
    if (cached.isEmpty()) {
      overlay.forget(key);
      heldWrites.forget(key);
      createdPods.forget(key);
      Optional<Placement> placed = placements.of(key);
      if (placed.isPresent()) {
        // A deleted hub workflow: its spoke pods have no owner there to take them along.
        Optional<Cluster> spoke = clusters.apply(placed.get().pods().cluster());
        if (spoke.isPresent() && !ready(spoke.get())) {
          return new Outcome.NotReady();
        }
        if (spoke.isPresent()) {
          cleanUp(spoke.get(), placed.get(), null);
        }
        placements.forget(key);
      }
      return new Outcome.Gone();
    }
    // As stored: the patch is computed against this form, the engine sees it unpacked.
    Workflow stored = overlay.resolve(key, cached.get());
    Placement placement = Placement.of(key, stored);
    placements.remember(placement);
    Optional<Cluster> spoke =
        placement.remote() ? clusters.apply(placement.pods().cluster()) : Optional.of(cluster);
    String phase = phase(stored);
    if (COMPLETED_PHASES.contains(phase)) {
      createdPods.forget(key);
      heldWrites.forget(key);
      packing.forget(stored);
      // A spoke out of reach is cleaned up when it comes back (its hub workflows are requeued).
      if (placement.remote() && spoke.isPresent() && ready(spoke.get())) {
        cleanUp(spoke.get(), placement, uid(stored));
      }
      return new Outcome.Completed(phase);
    }
    if (spoke.isEmpty() || !ready(spoke.get())) {
      // Unknown (not registered yet) or out of reach: hold this workflow, and only this one.
      // A spoke that is merely filling its caches is not worth telling anyone about.
      String name = placement.pods().cluster();
      if (spoke.isEmpty()) {
        return new Outcome.NotReady(Optional.of("cluster \"" + name + "\" is not registered"));
      }
      return spoke.get().connected()
          ? new Outcome.NotReady()
          : new Outcome.NotReady(Optional.of("cluster \"" + name + "\" is not reachable"));
    }
    Cluster podCluster = spoke.get();
    Workflow observed;
    try {
      observed = packing.read(stored);
    } catch (UnreadableNodeStatusException e) {
      // Argo's hydration failure: the workflow ends in Error; running it on no nodes would start
      // it over.
      log.warn(
          "workflow={} namespace={} cluster={} node status unreadable, failing the workflow: {}",
          key.name(),
          key.namespace(),
          key.cluster(),
          e.getMessage());
      Storable failed =
          Storable.of(
              stored, ArgoWorkflowEngine.markError(stored, e.getMessage(), clock.now()), -1);
      if (failed.patch().isPresent()) {
        write(cluster, key, stored, failed, false);
      }
      return new Outcome.Reconciled(failed.patch().isPresent(), 0, Optional.empty());
    }

    WorkflowKey podKey = placement.pods();
    List<V1Pod> pods = podCluster.pods(podKey.namespace(), podKey.name());
    if (placement.remote()) {
      String uid = uid(observed);
      pods =
          pods.stream()
              .filter(p -> uid.equals(label(p, ArgoNames.LABEL_HUB_WORKFLOW_UID)))
              .toList();
    }
    Observation observation =
        new Observation(
            observed,
            podsByNodeId(createdPods.withCached(key, pods)),
            resultsByNodeId(podCluster.taskResults(podKey.namespace(), podKey.name())),
            clock.now());
    Reconciliation first = engine.reconcile(observation);

    // Creates go before the status write and deletes after it: a status that names a pod never
    // precedes the pod, and a pod never vanishes before the status has recorded how it ended.
    // If anything fails, the next attempt starts again from observation.
    List<V1Pod> created = new ArrayList<>();
    for (Action action : first.actions()) {
      if (placement.remote() && action instanceof Action.CreatePod create) {
        create.pod().getMetadata().putLabelsItem(ArgoNames.LABEL_HUB_WORKFLOW_UID, uid(observed));
      }
      create(podCluster, key, action).ifPresent(created::add);
    }
    Settled settled = settle(first, observation, created);
    Reconciliation result = settled.result();
    boolean patched = false;
    if (result.workflow().isPresent()) {
      Storable storable =
          storable(key, stored, observed, result.workflow().get(), observation.now());
      Workflow desired = storable.workflow();
      Optional<String> patch = storable.patch();
      Optional<Instant> held =
          patch.isPresent() && result.actions().isEmpty() && settled.done()
              ? heldWrites.hold(key, observed, patch.get(), observation.now())
              : Optional.empty();
      if (held.isPresent()) {
        Optional<Instant> wake =
            result.wakeAt().filter(at -> at.isBefore(held.get())).or(() -> held);
        return new Outcome.Reconciled(false, 0, wake);
      }
      if (patch.isPresent()) {
        // A workflow this write completes is reconciled once more all the same: that reconcile
        // lets go of what the controller keeps for it and cleans up a spoke.
        write(
            cluster,
            key,
            stored,
            storable,
            settled.done() && !COMPLETED_PHASES.contains(phase(desired)));
        patched = true;
      }
    }
    for (Action action : result.actions()) {
      delete(podCluster, action);
    }
    // Not settled: the engine wants more once it sees its own result, which our write's watch
    // event brings; without a write, nothing would.
    Optional<Instant> wake =
        settled.done() || patched ? result.wakeAt() : Optional.of(observation.now());
    return new Outcome.Reconciled(patched, result.actions().size(), wake);
  }

  /**
   * Writes the patch from {@code stored} to the storable form and remembers the workflow as written
   * until the informer shows it.
   *
   * @param settled the engine wants nothing more of the written workflow, so its watch event needs
   *     no reconcile
   */
  private void write(
      Cluster cluster, WorkflowKey key, Workflow stored, Storable storable, boolean settled)
      throws ApiException {
    Workflow desired = storable.workflow();
    try {
      String version =
          cluster.patchWorkflow(key.namespace(), key.name(), storable.patch().orElseThrow());
      overlay.remember(key, WorkflowPatch.applied(stored, desired, version), settled);
      if (storable.size() >= 0) {
        packing.written(desired, version, storable.size());
      }
      heldWrites.written(key);
      log.debug(
          "workflow={} namespace={} cluster={} status written phase={} resourceVersion={}",
          key.name(),
          key.namespace(),
          key.cluster(),
          phase(desired),
          version);
    } catch (ApiException e) {
      // Someone else wrote (or our overlay is wrong): start over from what the cache shows.
      overlay.forget(key);
      throw e;
    }
  }

  /**
   * The workflow in the form to store, the patch to it from what is stored, and at most how many
   * bytes of JSON it takes (negative when not known).
   */
  private record Storable(Workflow workflow, Optional<String> patch, long size) {
    static Storable of(Workflow stored, Workflow workflow, long size) {
      return new Storable(workflow, WorkflowPatch.between(stored, workflow), size);
    }
  }

  /**
   * The engine's workflow in the form to store: node status compressed when it is large (Argo's
   * packer). One too large even so ends in Error, as Argo ends it when it cannot offload. While the
   * stored size plus the patch surely fits, nothing is measured.
   */
  private Storable storable(
      WorkflowKey key, Workflow stored, Workflow observed, Workflow desired, Instant now) {
    if (!NodeStatusPacking.packed(stored)) {
      Optional<String> patch = WorkflowPatch.between(stored, desired);
      OptionalLong within =
          packing.plainWithin(
              stored, patch.map(p -> p.getBytes(StandardCharsets.UTF_8).length).orElse(0));
      if (within.isPresent()) {
        return new Storable(desired, patch, within.getAsLong());
      }
    }
    Packed packed = packing.pack(desired);
    if (packed instanceof Packed.Fits fits) {
      return Storable.of(stored, fits.workflow(), fits.size());
    }
    String message = ((Packed.TooLarge) packed).message();
    log.warn(
        "workflow={} namespace={} cluster={} status too large to store, failing the workflow: {}",
        key.name(),
        key.namespace(),
        key.cluster(),
        message);
    if (packing.pack(ArgoWorkflowEngine.markError(observed, message, now))
        instanceof Packed.Fits fits) {
      return Storable.of(stored, fits.workflow(), fits.size());
    }
    // Even what is stored now does not fit with the error (the limit was lowered): keep its nodes.
    return Storable.of(stored, ArgoWorkflowEngine.markError(stored, message, now), -1);
  }

  /**
   * The engine's result, and whether the engine has settled on it. A node that ended can let its
   * parents or the workflow end too, and pods just created change what the engine sees; the engine
   * sees that when it looks at its own result again. Those looks are taken here, with the created
   * pods, instead of in one more reconcile after the write has come back through the informer: one
   * status write and one reconcile fewer for each such step, and once the engine wants nothing
   * more, the write's own watch event needs no reconcile at all. A look that wants new actions is
   * left for the next reconcile, which will see the pods as they are.
   */
  private Settled settle(Reconciliation first, Observation observation, List<V1Pod> created) {
    if (first.actions().isEmpty() && first.workflow().isEmpty()) {
      return new Settled(first, true);
    }
    Map<String, V1Pod> pods = observation.podsByNodeId();
    if (!created.isEmpty()) {
      List<V1Pod> all = new ArrayList<>(pods.values());
      all.addAll(created);
      pods = podsByNodeId(all);
    }
    Reconciliation current = first;
    for (int look = 0; look < MAX_LOOKS; look++) {
      Reconciliation again =
          engine.reconcile(
              new Observation(
                  current.workflow().orElse(observation.workflow()),
                  pods,
                  observation.resultsByNodeId(),
                  observation.now()));
      if (!again.actions().isEmpty()) {
        return new Settled(current, false);
      }
      if (again.workflow().isEmpty()) {
        return new Settled(
            new Reconciliation(current.workflow(), first.actions(), again.wakeAt()), true);
      }
      current = new Reconciliation(again.workflow(), first.actions(), again.wakeAt());
    }
    return new Settled(current, false);
  }

  /**
   * @param result what to write and do
   * @param done the engine looked at the result again and wants nothing more
   */
  private record Settled(Reconciliation result, boolean done) {}

  private static boolean ready(Cluster cluster) {
    return cluster.synced() && cluster.connected();
  }

  /**
   * Deletes a hub workflow's pods and task results in the spoke, found by label (and, for pods, the
   * hub workflow's uid when known).
   */
  private void cleanUp(Cluster spoke, Placement placement, String uid) throws ApiException {
    WorkflowKey at = placement.pods();
    for (V1Pod pod : spoke.pods(at.namespace(), at.name())) {
      String owner = label(pod, ArgoNames.LABEL_HUB_WORKFLOW_UID);
      if (owner != null && (uid == null || uid.equals(owner))) {
        spoke.deletePod(at.namespace(), pod.getMetadata().getName());
      }
    }
    for (WorkflowTaskResult result : spoke.taskResults(at.namespace(), at.name())) {
      spoke.deleteTaskResult(at.namespace(), result.getMetadata().getName());
    }
    log.debug(
        "workflow={} namespace={} cluster={} spoke={} spoke objects cleaned up",
        at.name(),
        placement.workflow().namespace(),
        placement.workflow().cluster(),
        at.cluster());
  }

  private static String uid(Workflow workflow) {
    String uid = workflow.getMetadata().getUid();
    return uid == null ? "" : uid;
  }

  private static String label(V1Pod pod, String name) {
    Map<String, String> labels = pod.getMetadata().getLabels();
    return labels == null ? null : labels.get(name);
  }

  /** Creates what the action asks for; returns the pod as created, if it asked for one. */
  private Optional<V1Pod> create(Cluster cluster, WorkflowKey key, Action action)
      throws ApiException {
    if (action instanceof Action.CreatePod create) {
      V1Pod pod = create.pod();
      if (pod.getMetadata().getNamespace() == null) {
        pod.getMetadata().setNamespace(key.namespace());
      }
      // Known before the call: the pod's watch event can beat the response.
      createdPods.created(key, pod);
      boolean created;
      try {
        created = cluster.createPod(pod);
      } catch (ApiException | RuntimeException e) {
        createdPods.seen(key, pod.getMetadata().getName());
        throw e;
      }
      log.info(
          "workflow={} namespace={} cluster={} pod={} node={} {}",
          key.name(),
          key.namespace(),
          key.cluster(),
          pod.getMetadata().getName(),
          annotation(pod, ArgoNames.ANNOTATION_NODE_NAME),
          created ? "pod created" : "pod already existed");
      return Optional.of(pod);
    } else if (action instanceof Action.CreateClaim create) {
      if (create.claim().getMetadata().getNamespace() == null) {
        create.claim().getMetadata().setNamespace(key.namespace());
      }
      cluster.createClaim(create.claim());
    }
    return Optional.empty();
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
