package dev.hubflow.core.engine;

/**
 * Argo's workflow semantics as a pure function: an {@link Observation} in, a {@link Reconciliation}
 * out. No I/O, no threads, no clock of its own.
 */
public interface WorkflowEngine {
  Reconciliation reconcile(Observation observation);
}
