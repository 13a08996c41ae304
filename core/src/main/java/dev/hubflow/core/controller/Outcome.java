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

  /** The cluster's caches are not filled yet, so nothing can be concluded; look again later. */
  record NotReady() implements Outcome {}
}
