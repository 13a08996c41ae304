package dev.hubflow.core.controller;

import dev.hubflow.core.cluster.WorkflowKey;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The hub workflows whose pods run in a spoke, both ways: a spoke pod's event must wake the hub
 * workflow, and a deleted hub workflow must still find its spoke pods to clean them up.
 */
final class Placements {
  private final Map<WorkflowKey, Placement> byWorkflow = new ConcurrentHashMap<>();
  private final Map<WorkflowKey, WorkflowKey> byPods = new ConcurrentHashMap<>();

  void remember(Placement placement) {
    if (placement.remote()) {
      byWorkflow.put(placement.workflow(), placement);
      byPods.put(placement.pods(), placement.workflow());
    }
  }

  Optional<Placement> of(WorkflowKey workflow) {
    return Optional.ofNullable(byWorkflow.get(workflow));
  }

  /** The hub workflow whose pods carry this (spoke) key, if any. */
  Optional<WorkflowKey> workflowOf(WorkflowKey pods) {
    return Optional.ofNullable(byPods.get(pods));
  }

  /** Hub workflows with pods in this cluster. */
  List<WorkflowKey> placedIn(String cluster) {
    return byWorkflow.values().stream()
        .filter(p -> p.pods().cluster().equals(cluster))
        .map(Placement::workflow)
        .toList();
  }

  void forget(WorkflowKey workflow) {
    Placement placement = byWorkflow.remove(workflow);
    if (placement != null) {
      byPods.remove(placement.pods(), workflow);
    }
  }
}
