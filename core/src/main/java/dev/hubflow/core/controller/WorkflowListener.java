package dev.hubflow.core.controller;

import dev.hubflow.model.v1alpha1.Workflow;

/**
 * Told about every version of every workflow the controller's informers see, including the ones it
 * writes itself. Called on informer threads: return quickly, and never mutate the workflow (it is
 * the cache's object).
 */
@FunctionalInterface
public interface WorkflowListener {
  void workflowChanged(String cluster, Workflow workflow);
}
