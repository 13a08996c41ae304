package dev.hubflow.core.cluster;

import dev.hubflow.model.v1alpha1.Workflow;
import dev.hubflow.model.v1alpha1.WorkflowTaskResult;
import io.kubernetes.client.openapi.models.V1Pod;

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
   * A pod labelled with this workflow was added, changed or deleted.
   *
   * @param before the pod as the informer saw it before, null when it was added
   * @param after the pod as the informer sees it now, null when it was deleted
   */
  void podChanged(WorkflowKey workflow, V1Pod before, V1Pod after);

  /**
   * A task result labelled with this workflow was added, changed or deleted.
   *
   * @param result the task result, as the informer last saw it
   */
  void taskResultChanged(WorkflowKey workflow, WorkflowTaskResult result);

  /**
   * The cluster's API server became reachable again, or stopped answering.
   *
   * @param reason why it is disconnected (no secrets), empty when connected
   */
  default void connectionChanged(String cluster, boolean connected, String reason) {}
}
