package dev.hubflow.testkit.runtime;

/**
 * How a container ended, as Kubernetes reports it in {@code state.terminated}.
 *
 * @param exitCode the exit code (128+N when killed by signal N)
 * @param reason {@code Completed}, {@code Error}, {@code OOMKilled}, or {@code Vanished} (the
 *     runtime lost the pod: the kubelet removes it from the cluster)
 * @param message the termination message, or null
 */
public record ContainerExit(int exitCode, String reason, String message) {
  public static final String COMPLETED = "Completed";
  public static final String ERROR = "Error";
  public static final String OOM_KILLED = "OOMKilled";
  public static final String VANISHED = "Vanished";

  public static final int SIGKILL = 9;
  public static final int SIGTERM = 15;

  /** Exit code 0 is {@code Completed}, anything else {@code Error}. */
  public static ContainerExit of(int exitCode, String message) {
    return new ContainerExit(exitCode, exitCode == 0 ? COMPLETED : ERROR, message);
  }

  public static ContainerExit of(int exitCode) {
    return of(exitCode, null);
  }

  public static ContainerExit signalled(int signal) {
    return of(128 + signal);
  }

  public static ContainerExit oomKilled() {
    return new ContainerExit(137, OOM_KILLED, null);
  }

  public static ContainerExit vanished() {
    return new ContainerExit(137, VANISHED, null);
  }

  public boolean succeeded() {
    return exitCode == 0;
  }
}
