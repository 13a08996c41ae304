package dev.hubflow.core.config;

import dev.hubflow.core.status.NodeStatusPacking;
import java.time.Duration;
import java.util.Objects;
import java.util.Set;

/**
 * How the controller runs: what it watches and how hard it retries. Immutable; change one field
 * with the {@code with…} methods.
 *
 * @param namespaces the namespaces whose workflows are watched; empty means all namespaces
 * @param workers how many workflows are reconciled at the same time
 * @param retryBaseDelay the first delay after a failed reconcile (doubled on each further failure)
 * @param retryMaxDelay the longest delay between retries of one workflow
 * @param resyncPeriod how often informers replay their whole cache as a safety net; zero turns it
 *     off (events alone drive reconciles)
 * @param notSyncedRetryDelay how long to wait before looking again at a workflow whose cluster's
 *     caches are not filled yet
 * @param maxWorkflowSize the largest workflow, in bytes of JSON, stored with plain {@code
 *     status.nodes}; a larger one is stored with {@code status.compressedNodes} as Argo does, and
 *     fails when even that is too large (Argo's {@code MAX_WORKFLOW_SIZE})
 * @param podProgressDelay how long a pod change that cannot let the workflow move on (bound to a
 *     node, a container started, waiting for an image) may wait before its workflow is reconciled,
 *     so a kubelet's burst of status updates costs one reconcile; a pod that ends, or a change that
 *     ends a node, is reconciled at once. Zero reconciles every change at once.
 */
public record ControllerConfig(
    Set<String> namespaces,
    int workers,
    Duration retryBaseDelay,
    Duration retryMaxDelay,
    Duration resyncPeriod,
    Duration notSyncedRetryDelay,
    int maxWorkflowSize,
    Duration podProgressDelay) {

  public ControllerConfig {
    namespaces = Set.copyOf(Objects.requireNonNull(namespaces, "namespaces"));
    if (workers < 1) {
      throw new IllegalArgumentException("workers must be at least 1, got " + workers);
    }
    requirePositive("retryBaseDelay", retryBaseDelay);
    requirePositive("retryMaxDelay", retryMaxDelay);
    requirePositive("notSyncedRetryDelay", notSyncedRetryDelay);
    if (maxWorkflowSize < 1) {
      throw new IllegalArgumentException(
          "maxWorkflowSize must be positive, got " + maxWorkflowSize);
    }
    Objects.requireNonNull(podProgressDelay, "podProgressDelay");
    if (podProgressDelay.isNegative()) {
      throw new IllegalArgumentException(
          "podProgressDelay must not be negative, got " + podProgressDelay);
    }
    if (resyncPeriod.isNegative()) {
      throw new IllegalArgumentException("resyncPeriod must not be negative, got " + resyncPeriod);
    }
    if (retryMaxDelay.compareTo(retryBaseDelay) < 0) {
      throw new IllegalArgumentException(
          "retryMaxDelay ("
              + retryMaxDelay
              + ") is shorter than retryBaseDelay ("
              + retryBaseDelay
              + ")");
    }
  }

  /**
   * All namespaces, 4 workers, retries from 10 ms up to 5 minutes, no resync, node status
   * compressed above {@link NodeStatusPacking#DEFAULT_MAX_WORKFLOW_SIZE}, pod progress reconciled
   * within 100 ms.
   */
  public static ControllerConfig defaults() {
    return new ControllerConfig(
        Set.of(),
        4,
        Duration.ofMillis(10),
        Duration.ofMinutes(5),
        Duration.ZERO,
        Duration.ofMillis(200),
        NodeStatusPacking.DEFAULT_MAX_WORKFLOW_SIZE,
        Duration.ofMillis(100));
  }

  public ControllerConfig withNamespaces(Set<String> value) {
    return new ControllerConfig(
        value,
        workers,
        retryBaseDelay,
        retryMaxDelay,
        resyncPeriod,
        notSyncedRetryDelay,
        maxWorkflowSize,
        podProgressDelay);
  }

  public ControllerConfig withWorkers(int value) {
    return new ControllerConfig(
        namespaces,
        value,
        retryBaseDelay,
        retryMaxDelay,
        resyncPeriod,
        notSyncedRetryDelay,
        maxWorkflowSize,
        podProgressDelay);
  }

  public ControllerConfig withRetryDelays(Duration base, Duration max) {
    return new ControllerConfig(
        namespaces,
        workers,
        base,
        max,
        resyncPeriod,
        notSyncedRetryDelay,
        maxWorkflowSize,
        podProgressDelay);
  }

  public ControllerConfig withResyncPeriod(Duration value) {
    return new ControllerConfig(
        namespaces,
        workers,
        retryBaseDelay,
        retryMaxDelay,
        value,
        notSyncedRetryDelay,
        maxWorkflowSize,
        podProgressDelay);
  }

  /** Compress node status of workflows larger than this many bytes of JSON. */
  public ControllerConfig withMaxWorkflowSize(int value) {
    return new ControllerConfig(
        namespaces,
        workers,
        retryBaseDelay,
        retryMaxDelay,
        resyncPeriod,
        notSyncedRetryDelay,
        value,
        podProgressDelay);
  }

  /** Let pod progress wait this long to be reconciled; zero reconciles every change at once. */
  public ControllerConfig withPodProgressDelay(Duration value) {
    return new ControllerConfig(
        namespaces,
        workers,
        retryBaseDelay,
        retryMaxDelay,
        resyncPeriod,
        notSyncedRetryDelay,
        maxWorkflowSize,
        value);
  }

  /** True when the namespace is one this controller watches. */
  public boolean watches(String namespace) {
    return namespaces.isEmpty() || namespaces.contains(namespace);
  }

  private static void requirePositive(String field, Duration value) {
    Objects.requireNonNull(value, field);
    if (value.isZero() || value.isNegative()) {
      throw new IllegalArgumentException(field + " must be positive, got " + value);
    }
  }
}
