package dev.hubflow.core.engine.status;

/** Argo's node and workflow phases, and the questions Argo asks of them. */
public final class Phase {
  public static final String PENDING = "Pending";
  public static final String RUNNING = "Running";
  public static final String SUCCEEDED = "Succeeded";
  public static final String SKIPPED = "Skipped";
  public static final String FAILED = "Failed";
  public static final String ERROR = "Error";
  public static final String OMITTED = "Omitted";

  private Phase() {}

  /** Argo's {@code Fulfilled}: the node will not change any more. */
  public static boolean fulfilled(String phase) {
    return SUCCEEDED.equals(phase)
        || FAILED.equals(phase)
        || ERROR.equals(phase)
        || SKIPPED.equals(phase)
        || OMITTED.equals(phase);
  }

  /** Argo's {@code Completed}: fulfilled, except Skipped and Omitted. */
  public static boolean completed(String phase) {
    return SUCCEEDED.equals(phase) || FAILED.equals(phase) || ERROR.equals(phase);
  }

  public static boolean failedOrError(String phase) {
    return FAILED.equals(phase) || ERROR.equals(phase);
  }

  /** A workflow phase that is final. */
  public static boolean workflowDone(String phase) {
    return SUCCEEDED.equals(phase) || FAILED.equals(phase) || ERROR.equals(phase);
  }
}
