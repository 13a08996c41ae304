package dev.hubflow.core.controller;

import dev.hubflow.core.argo.ArgoNames;
import dev.hubflow.core.engine.PodFacts;
import dev.hubflow.model.v1alpha1.WorkflowTaskResult;
import io.kubernetes.client.openapi.models.V1Pod;
import java.util.Map;
import java.util.Optional;

/**
 * How soon an informer event needs its workflow reconciled. A kubelet writes a pod's status many
 * times on its way (bound, initialising, each container started, each ended); the engine reads pods
 * only through {@link PodFacts}, so a change that leaves the facts equal needs nothing, and only a
 * change that ends a node can let the workflow move on. The rest may wait a little and be
 * reconciled together.
 */
enum Urgency {
  /** Nothing the engine reads has changed. */
  NONE,
  /** Progress of a node that still runs: reconcile within the pod progress delay. */
  SOON,
  /** A node may end, or something unknown changed: reconcile at once. */
  NOW;

  /**
   * @param before the pod before, null when added
   * @param after the pod now, null when deleted
   * @param created the pod as this controller created it, when the informer had not shown it yet
   */
  static Urgency ofPod(V1Pod before, V1Pod after, Optional<V1Pod> created) {
    if (after == null) {
      return NOW;
    }
    PodFacts now = PodFacts.of(after);
    Optional<V1Pod> known = before != null ? Optional.of(before) : created;
    if (known.isEmpty()) {
      return NOW; // a pod the engine has not seen (a restart's first list, someone else's create)
    }
    PodFacts was = PodFacts.of(known.get());
    if (now.equals(was)) {
      return NONE;
    }
    return now.endsNode() && !was.endsNode() ? NOW : SOON;
  }

  /**
   * A task result the executor has not finished is held back from the engine (nothing to do); a
   * finished one can end its node only once the node's pod has ended too, and otherwise waits for
   * that pod's own event.
   *
   * @param pod the pod of the result's node, as cached
   */
  static Urgency ofResult(WorkflowTaskResult result, Optional<V1Pod> pod) {
    Map<String, String> labels = result.getMetadata().getLabels();
    if (labels != null && "false".equals(labels.get(ArgoNames.LABEL_REPORT_OUTPUTS_COMPLETED))) {
      return NONE;
    }
    return pod.isEmpty() || PodFacts.of(pod.get()).endsNode() ? NOW : SOON;
  }
}
