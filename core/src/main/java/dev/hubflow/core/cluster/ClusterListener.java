package dev.hubflow.core.cluster;

import dev.hubflow.model.v1alpha1.Workflow;
import io.kubernetes.client.common.KubernetesObject;

/**
 * What a {@link Cluster}'s informers report. Called on informer threads: implementations return
 * quickly (enqueue, don't reconcile) and never mutate the objects they are given, which belong to
 * the informer's cache.
 */
public interface ClusterListener {

  /** A workflow was added or changed (or replayed by a resync). */
  void workflowChanged(String cluster, Workflow workflow);

  /** A workflow was deleted. */
  void workflowDeleted(String cluster, Workflow workflow);

  /**
   * A pod or task result labelled with this workflow was added, changed or deleted.
   *
   * @param object the pod or task result, as the informer last saw it
   */
  void dependentChanged(WorkflowKey workflow, KubernetesObject object);

  /**
   * The cluster's API server became reachable again, or stopped answering.
   *
   * @param reason why it is disconnected (no secrets), empty when connected
   */
  default void connectionChanged(String cluster, boolean connected, String reason) {}
}
