package dev.hubflow.core.controller;

import dev.hubflow.core.argo.ArgoNames;
import dev.hubflow.core.cluster.WorkflowKey;
import dev.hubflow.model.v1alpha1.Workflow;
import java.util.Map;
import java.util.Optional;

/**
 * Where a workflow's pods run: in the workflow's own cluster and namespace, or, for a workflow
 * submitted to the hub with {@code workflows.hubflow.dev/cluster}, in that spoke.
 *
 * @param workflow where the workflow and its status live
 * @param pods where its pods and task results live (cluster, namespace, workflow name label)
 */
record Placement(WorkflowKey workflow, WorkflowKey pods) {

  static Placement of(WorkflowKey key, Workflow workflow) {
    Map<String, String> annotations = workflow.getMetadata().getAnnotations();
    String spoke = annotations == null ? null : annotations.get(ArgoNames.ANNOTATION_CLUSTER);
    if (spoke == null || spoke.isBlank() || spoke.equals(key.cluster())) {
      return new Placement(key, key);
    }
    String namespace =
        Optional.ofNullable(annotations.get(ArgoNames.ANNOTATION_CLUSTER_NAMESPACE))
            .filter(n -> !n.isBlank())
            .orElse(key.namespace());
    return new Placement(key, new WorkflowKey(spoke, namespace, key.name()));
  }

  /** Whether the pods run in another cluster than the workflow lives in. */
  boolean remote() {
    return !workflow.cluster().equals(pods.cluster());
  }
}
