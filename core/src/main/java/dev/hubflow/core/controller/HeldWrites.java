package dev.hubflow.core.controller;

import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import dev.hubflow.core.cluster.WorkflowKey;
import dev.hubflow.model.v1alpha1.NodeStatus;
import dev.hubflow.model.v1alpha1.Workflow;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;

/**
 * Status writes that may wait. A pod on its way to the end makes the kubelet publish several status
 * updates (scheduled, initialising, running, outputs reported), and each would cost a workflow
 * patch, its watch event and another reconcile. A patch that only records such progress of a pod
 * node the status already has (its host, message, Pending to Running, outputs before it ends, the
 * PodRunning condition, task-result bookkeeping) is held back: the engine derives it again from the
 * pods on the next reconcile, so it goes out with the next patch that matters (the node ending, a
 * new node) or, at the latest, {@link #HOLD} after it was first held, by a timer. Nothing the
 * engine decides on waits: phases other than Pending to Running, new nodes, labels and workflow
 * fields are written at once.
 */
final class HeldWrites {
  /** The longest a held change waits for company before it is written alone. */
  static final Duration HOLD = Duration.ofMillis(500);

  private static final Set<String> STATUS_FIELDS =
      Set.of("nodes", "conditions", "taskResultsCompletionStatus");
  private static final Set<String> NODE_FIELDS =
      Set.of("hostNodeName", "message", "phase", "outputs", "podIP");

  private final ConcurrentMap<WorkflowKey, Instant> heldSince = new ConcurrentHashMap<>();

  /**
   * When the held change must be written, if this patch may wait; empty when it must go now (it
   * matters, or it has waited long enough).
   */
  Optional<Instant> hold(WorkflowKey key, Workflow observed, String patch, Instant now) {
    if (!mayWait(observed, patch)) {
      return Optional.empty();
    }
    Instant since = heldSince.computeIfAbsent(key, k -> now);
    Instant due = since.plus(HOLD);
    return now.isBefore(due) ? Optional.of(due) : Optional.empty();
  }

  /** A patch went out: nothing is held any more. */
  void written(WorkflowKey key) {
    heldSince.remove(key);
  }

  void forget(WorkflowKey key) {
    heldSince.remove(key);
  }

  int size() {
    return heldSince.size();
  }

  static boolean mayWait(Workflow observed, String patch) {
    JsonObject root = JsonParser.parseString(patch).getAsJsonObject();
    for (Map.Entry<String, JsonElement> e : root.entrySet()) {
      if (e.getKey().equals("metadata")) {
        JsonObject metadata = e.getValue().getAsJsonObject();
        if (metadata.size() > 1 || (metadata.size() == 1 && !metadata.has("resourceVersion"))) {
          return false;
        }
      } else if (!e.getKey().equals("status")) {
        return false;
      }
    }
    JsonElement status = root.get("status");
    if (status == null || !status.isJsonObject()) {
      return false;
    }
    for (Map.Entry<String, JsonElement> e : status.getAsJsonObject().entrySet()) {
      if (!STATUS_FIELDS.contains(e.getKey())) {
        return false;
      }
    }
    JsonElement nodes = status.getAsJsonObject().get("nodes");
    if (nodes == null) {
      return true;
    }
    if (!nodes.isJsonObject()) {
      return false;
    }
    Map<String, NodeStatus> known =
        observed.getStatus() == null ? null : observed.getStatus().getNodes();
    for (Map.Entry<String, JsonElement> e : nodes.getAsJsonObject().entrySet()) {
      NodeStatus before = known == null ? null : known.get(e.getKey());
      if (before == null || !"Pod".equals(before.getType()) || !e.getValue().isJsonObject()) {
        return false;
      }
      for (Map.Entry<String, JsonElement> field : e.getValue().getAsJsonObject().entrySet()) {
        if (!NODE_FIELDS.contains(field.getKey())) {
          return false;
        }
        if (field.getKey().equals("phase")
            && !("Pending".equals(before.getPhase())
                && field.getValue().isJsonPrimitive()
                && "Running".equals(field.getValue().getAsString()))) {
          return false;
        }
      }
      String phase = before.getPhase();
      if (!"Pending".equals(phase) && !"Running".equals(phase)) {
        return false;
      }
    }
    return true;
  }
}
