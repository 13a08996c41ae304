package dev.hubflow.core.controller;

import dev.hubflow.core.cluster.WorkflowKey;
import io.kubernetes.client.openapi.models.V1Pod;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Pods this controller created that the pod informer has not shown yet. Without them a reconcile
 * right after a create would see the node's pod as missing. An entry goes as soon as the informer
 * reports anything about that pod (added, changed or deleted).
 */
final class CreatedPods {
  private final Map<WorkflowKey, Map<String, V1Pod>> pending = new ConcurrentHashMap<>();

  void created(WorkflowKey key, V1Pod pod) {
    pending.computeIfAbsent(key, k -> new ConcurrentHashMap<>()).put(name(pod), pod);
  }

  /**
   * The informer reported this pod: from now on the cache is the truth about it.
   *
   * @return the pod as created, when it was still waiting to be seen
   */
  Optional<V1Pod> seen(WorkflowKey key, String podName) {
    V1Pod[] removed = {null};
    pending.computeIfPresent(
        key,
        (k, pods) -> {
          removed[0] = pods.remove(podName);
          return pods.isEmpty() ? null : pods;
        });
    return Optional.ofNullable(removed[0]);
  }

  /** The cached pods plus the created ones the cache does not have yet. */
  List<V1Pod> withCached(WorkflowKey key, List<V1Pod> cached) {
    Map<String, V1Pod> mine = pending.get(key);
    if (mine == null || mine.isEmpty()) {
      return cached;
    }
    List<V1Pod> all = new ArrayList<>(cached);
    for (V1Pod pod : mine.values()) {
      if (cached.stream().noneMatch(c -> name(c).equals(name(pod)))) {
        all.add(pod);
      } else {
        // The watch event can beat the create's response; the cache has it now.
        seen(key, name(pod));
      }
    }
    return all;
  }

  void forget(WorkflowKey key) {
    pending.remove(key);
  }

  private static String name(V1Pod pod) {
    return pod.getMetadata().getName();
  }
}
