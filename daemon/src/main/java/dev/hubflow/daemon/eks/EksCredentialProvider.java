package dev.hubflow.daemon.eks;

import dev.hubflow.core.spi.ClusterConnection;
import dev.hubflow.core.spi.ClusterCredentialProvider;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/** EKS clusters by hubflow name, reached through one {@link EksAccess}. */
public final class EksCredentialProvider implements ClusterCredentialProvider {
  private final EksAccess access;
  private final Map<String, EksCluster> clusters = new ConcurrentHashMap<>();

  public EksCredentialProvider(EksAccess access) {
    this.access = access;
  }

  /** Adds or replaces a cluster (registrations change while hubflow runs). */
  public void register(EksCluster cluster) {
    clusters.put(cluster.name(), cluster);
  }

  public void unregister(String name) {
    clusters.remove(name);
  }

  @Override
  public Optional<ClusterConnection> connect(String clusterName) {
    return Optional.ofNullable(clusters.get(clusterName)).map(access::connect);
  }
}
