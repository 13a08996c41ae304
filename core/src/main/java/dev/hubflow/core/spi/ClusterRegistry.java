package dev.hubflow.core.spi;

import java.util.Collection;
import java.util.Set;
import java.util.function.Consumer;

/** Which clusters exist right now. Clusters may be added and removed while hubflow runs. */
public interface ClusterRegistry {
  Collection<ClusterConnection> clusters();

  /** Tell the listener about every current cluster, then about each change. */
  void watch(Consumer<ClusterEvent> listener);

  /** The namespaces to watch in this cluster; empty for the controller's default. */
  default Set<String> namespaces(String clusterName) {
    return Set.of();
  }

  /** A cluster appeared, changed or went away. */
  record ClusterEvent(Type type, ClusterConnection cluster) {
    public enum Type {
      ADDED,
      CHANGED,
      REMOVED
    }
  }
}
