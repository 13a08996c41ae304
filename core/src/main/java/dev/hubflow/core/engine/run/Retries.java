package dev.hubflow.core.engine.run;

import dev.hubflow.core.engine.params.Durations;
import dev.hubflow.core.engine.status.Nodes;
import dev.hubflow.core.engine.status.Phase;
import dev.hubflow.model.Codec;
import dev.hubflow.model.v1alpha1.NodeStatus;
import dev.hubflow.model.v1alpha1.RetryStrategy;
import io.kubernetes.client.custom.IntOrString;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/** Argo's {@code processNodeRetries}: decides whether a Retry node tries again, waits or ends. */
final class Retries {
  private final Operation op;

  record Outcome(NodeStatus node, boolean proceed) {}

  Retries(Operation op) {
    this.op = op;
  }

  static String policy(RetryStrategy s) {
    return s.getRetryPolicy() == null || s.getRetryPolicy().isEmpty()
        ? "OnFailure"
        : s.getRetryPolicy();
  }

  /** The children that are attempts (flag {@code retried}), in order. */
  static List<String> retriedChildren(NodeStatus node, Nodes nodes) {
    List<String> ids = new ArrayList<>();
    if (node.getChildren() == null) {
      return ids;
    }
    for (String id : node.getChildren()) {
      NodeStatus child = nodes.byId(id);
      if (child != null && Nodes.retried(child)) {
        ids.add(id);
      }
    }
    return ids;
  }

  Outcome process(NodeStatus node, RetryStrategy strategy, ExecOpts opts) {
    Nodes nodes = op.nodes();
    if (Phase.fulfilled(node.getPhase())) {
      return new Outcome(node, true);
    }
    List<String> children = retriedChildren(node, nodes);
    if (children.isEmpty()) {
      return new Outcome(node, true);
    }
    NodeStatus last = nodes.byId(children.get(children.size() - 1));
    if (strategy.getExpression() != null && !strategy.getExpression().isEmpty()) {
      boolean retry =
          op.config()
              .expressions()
              .evaluateBoolean(strategy.getExpression(), scope(last, children));
      if (!retry && Phase.fulfilled(last.getPhase())) {
        return new Outcome(
            nodes.markPhase(
                node.getName(), last.getPhase(), "retryStrategy.expression evaluated to false"),
            true);
      }
    }
    if (!Phase.fulfilled(last.getPhase())) {
      return new Outcome(node, true);
    }
    if (!Phase.failedOrError(last.getPhase())) {
      node.setOutputs(Codec.copy(last.getOutputs()));
      return new Outcome(nodes.markPhase(node.getName(), Phase.SUCCEEDED), true);
    }
    if (op.shuttingDown() || op.deadlineExceeded()) {
      String message =
          op.shuttingDown()
              ? "Stopped with strategy '" + op.shutdown() + "'"
              : "retry exceeded workflow deadline " + op.workflowDeadline();
      return new Outcome(nodes.markPhase(node.getName(), last.getPhase(), message), true);
    }
    Integer limit = intOf(strategy.getLimit());
    if (strategy.getBackoff() != null) {
      Instant maxDeadline = null;
      String maxDuration = strategy.getBackoff().getMaxDuration();
      if (maxDuration != null && !maxDuration.isEmpty()) {
        NodeStatus first = nodes.byId(children.get(0));
        maxDeadline = first.getStartedAt().toInstant().plus(Durations.argo(maxDuration));
        if (op.now().isAfter(maxDeadline)) {
          return new Outcome(
              nodes.markPhase(node.getName(), last.getPhase(), "Max duration limit exceeded"),
              true);
        }
      }
      String base = strategy.getBackoff().getDuration();
      if (base == null || base.isEmpty()) {
        throw NodeException.other("no base duration specified for retryStrategy");
      }
      Duration wait = Durations.argo(base);
      Integer factor = intOf(strategy.getBackoff().getFactor());
      if (factor != null && factor > 0) {
        wait = Duration.ofNanos((long) (wait.toNanos() * Math.pow(factor, children.size() - 1)));
      }
      Instant finished = last.getFinishedAt() == null ? op.now() : last.getFinishedAt().toInstant();
      Instant waitUntil = finished.plus(wait);
      if (maxDeadline != null && waitUntil.isAfter(maxDeadline)) {
        return new Outcome(
            nodes.markPhase(
                node.getName(), last.getPhase(), "Backoff would exceed max duration limit"),
            true);
      }
      if (op.now().isBefore(waitUntil) && limit != null && children.size() <= limit) {
        op.wake(waitUntil);
        return new Outcome(
            nodes.markPhase(
                node.getName(), node.getPhase(), "Backoff for " + Durations.format(wait)),
            false);
      }
      opts.executionDeadline = maxDeadline;
      node = nodes.markPhase(node.getName(), node.getPhase(), "");
    }
    boolean onFailed;
    boolean onError;
    switch (policy(strategy)) {
      case "Always":
        onFailed = true;
        onError = true;
        break;
      case "OnError":
        onFailed = false;
        onError = true;
        break;
      case "OnTransientError":
        onFailed = transientError(last.getMessage());
        onError = onFailed;
        break;
      case "OnFailure":
        onFailed = true;
        onError = false;
        break;
      default:
        throw NodeException.other(policy(strategy) + " is not a valid RetryPolicy");
    }
    if ((Phase.FAILED.equals(last.getPhase()) && !onFailed)
        || (Phase.ERROR.equals(last.getPhase()) && !onError)) {
      return new Outcome(nodes.markPhase(node.getName(), last.getPhase(), last.getMessage()), true);
    }
    if (limit != null && children.size() > limit) {
      return new Outcome(
          nodes.markPhase(node.getName(), last.getPhase(), "No more retries left"), true);
    }
    return new Outcome(node, true);
  }

  private Map<String, Object> scope(NodeStatus last, List<String> children) {
    Map<String, Object> scope = new HashMap<>(op.globals());
    scope.put("retries", String.valueOf(children.size() - 1));
    String exitCode = "-1";
    if (last.getOutputs() != null && last.getOutputs().getExitCode() != null) {
      exitCode = last.getOutputs().getExitCode();
    }
    scope.put("lastRetry.exitCode", exitCode);
    scope.put("lastRetry.status", last.getPhase());
    double seconds = 0;
    if (last.getStartedAt() != null) {
      Instant end = last.getFinishedAt() == null ? op.now() : last.getFinishedAt().toInstant();
      seconds = Duration.between(last.getStartedAt().toInstant(), end).toMillis() / 1000.0;
    }
    scope.put("lastRetry.duration", dev.hubflow.core.engine.params.Substitution.format(seconds));
    scope.put("lastRetry.message", last.getMessage() == null ? "" : last.getMessage());
    return scope;
  }

  // Argo's IsTransientErr on a message: Kubernetes' transient API errors and the usual network
  // ones.
  private static boolean transientError(String message) {
    if (message == null) {
      return false;
    }
    String m = message.toLowerCase(java.util.Locale.ROOT);
    return m.contains("connection reset")
        || m.contains("connection refused")
        || m.contains("i/o timeout")
        || m.contains("tls handshake timeout")
        || m.contains("too many requests")
        || m.contains("etcdserver: leader changed")
        || m.contains("exceeded quota")
        || m.contains("the object has been modified");
  }

  static Integer intOf(IntOrString v) {
    if (v == null) {
      return null;
    }
    if (v.isInteger()) {
      return v.getIntValue();
    }
    try {
      return Integer.parseInt(v.getStrValue().trim());
    } catch (NumberFormatException e) {
      throw NodeException.other(
          "strconv.Atoi: parsing \"" + v.getStrValue() + "\": invalid syntax");
    }
  }
}
