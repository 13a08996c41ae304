package dev.hubflow.testkit.runtime;

import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;

/** A started container. */
public interface RunningContainer {

  /** Completes when the container has ended; never completes for one that never starts. */
  CompletableFuture<ContainerExit> exit();

  /**
   * Why the container has not started, when it never will (e.g. {@code ImagePullBackOff}); empty
   * for a container that runs.
   */
  default Optional<Waiting> waiting() {
    return Optional.empty();
  }

  /** Sends SIGTERM, then SIGKILL once {@code grace} has passed. */
  void kill(Duration grace);

  /** A container that has not started and the reason Kubernetes shows. */
  record Waiting(String reason, String message) {}
}
