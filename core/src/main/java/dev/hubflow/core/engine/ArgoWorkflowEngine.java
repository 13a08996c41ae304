package dev.hubflow.core.engine;

import dev.hubflow.core.engine.run.WorkflowOperation;
import dev.hubflow.model.v1alpha1.Workflow;
import java.time.Instant;

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

  /**
   * Argo's {@code markWorkflowError} for an error the controller finds outside the engine (a status
   * too large to store, nodes it cannot read): a copy of the workflow ended in phase Error.
   */
  public static Workflow markError(Workflow workflow, String message, Instant now) {
    return WorkflowOperation.markError(workflow, message, now);
  }
}
