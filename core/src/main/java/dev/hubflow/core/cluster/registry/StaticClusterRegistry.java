package dev.hubflow.core.cluster.registry;

import dev.hubflow.core.spi.ClusterConnection;
import dev.hubflow.core.spi.ClusterRegistry;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Consumer;

/** Clusters fixed at start, e.g. from {@code --kubeconfig} and {@code --spoke-kubeconfig}. */
public final class StaticClusterRegistry implements ClusterRegistry {
  private final Map<String, ClusterConnection> clusters = new LinkedHashMap<>();
  private final Map<String, Set<String>> namespaces = new LinkedHashMap<>();

  /** Adds a cluster; {@code watched} empty for the controller's default namespaces. */
  public synchronized StaticClusterRegistry add(ClusterConnection connection, Set<String> watched) {
    if (clusters.putIfAbsent(connection.name(), connection) != null) {
      throw new IllegalArgumentException("cluster " + connection.name() + " is given twice");
    }
    namespaces.put(connection.name(), Set.copyOf(watched));
    return this;
  }

  @Override
  public synchronized Collection<ClusterConnection> clusters() {
    return List.copyOf(clusters.values());
  }

  @Override
  public void watch(Consumer<ClusterEvent> listener) {
    for (ClusterConnection connection : clusters()) {
      listener.accept(new ClusterEvent(ClusterEvent.Type.ADDED, connection));
    }
  }

  @Override
  public synchronized Set<String> namespaces(String clusterName) {
    return namespaces.getOrDefault(clusterName, Set.of());
  }
}
