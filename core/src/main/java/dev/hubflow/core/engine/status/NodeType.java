package dev.hubflow.core.engine.status;

/** Argo's node types. */
public final class NodeType {
  public static final String POD = "Pod";
  public static final String STEPS = "Steps";
  public static final String STEP_GROUP = "StepGroup";
  public static final String DAG = "DAG";
  public static final String TASK_GROUP = "TaskGroup";
  public static final String RETRY = "Retry";
  public static final String SKIPPED = "Skipped";
  public static final String SUSPEND = "Suspend";

  private NodeType() {}
}
