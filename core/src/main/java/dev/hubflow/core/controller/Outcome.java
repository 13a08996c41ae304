package dev.hubflow.core.controller;

import java.time.Instant;
import java.util.Optional;

/** What one reconcile of one workflow came to; the worker turns it into queue operations. */
sealed interface Outcome {

  /** The engine ran and its result was applied. */
  record Reconciled(boolean patched, int actions, Optional<Instant> wakeAt) implements Outcome {}

  /** The workflow has finished (Succeeded, Failed or Error): left alone. */
  record Completed(String phase) implements Outcome {}

  /** The workflow no longer exists (or its cluster is gone). */
  record Gone() implements Outcome {}

  /**
   * The cluster's caches are not filled yet, or the spoke the workflow names is unknown or out of
   * reach, so nothing can be concluded; look again later.
   *
   * @param waitingFor why a workflow waits that its user should hear of (its spoke is not
   *     registered or not reachable), or empty for a wait too short to mention (caches filling)
   */
  record NotReady(Optional<String> waitingFor) implements Outcome {
    NotReady() {
      this(Optional.empty());
    }
  }
}
