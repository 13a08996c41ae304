package dev.hubflow.core.engine;

import dev.hubflow.core.engine.run.WorkflowOperation;

/**
 * Runs Argo {@code Workflow}s as Argo v3.5 does: steps, DAGs, loops, parameters, retries, exit
 * handlers, suspend/resume, deadlines and shutdown, node for node in Argo's status shape.
 */
public final class ArgoWorkflowEngine implements WorkflowEngine {
  private final EngineConfig config;

  public ArgoWorkflowEngine(EngineConfig config) {
    this.config = config;
  }

  public EngineConfig config() {
    return config;
  }

  @Override
  public Reconciliation reconcile(Observation observation) {
    return WorkflowOperation.reconcile(observation, config);
  }
}
