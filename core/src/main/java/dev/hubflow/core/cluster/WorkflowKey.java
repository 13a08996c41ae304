package dev.hubflow.core.cluster;

import dev.hubflow.model.v1alpha1.Workflow;
import java.util.Objects;

/**
 * Which workflow: the cluster it lives in, its namespace and name. The work queue's key, so one
 * workflow is never reconciled by two workers at once.
 */
public record WorkflowKey(String cluster, String namespace, String name) {

  public WorkflowKey {
    Objects.requireNonNull(cluster, "cluster");
    Objects.requireNonNull(namespace, "namespace");
    Objects.requireNonNull(name, "name");
  }

  public static WorkflowKey of(String cluster, Workflow workflow) {
    return new WorkflowKey(
        cluster, workflow.getMetadata().getNamespace(), workflow.getMetadata().getName());
  }

  @Override
  public String toString() {
    return cluster + "/" + namespace + "/" + name;
  }
}
