package dev.hubflow.core.spi;

import java.util.Optional;

/**
 * Turns a cluster name into a way to reach it. Implementations: kubeconfig files, in-cluster
 * service accounts, static tokens, and (in the daemon) EKS Pod Identity.
 */
public interface ClusterCredentialProvider {
  /** The connection for the named cluster, or empty when this provider does not know it. */
  Optional<ClusterConnection> connect(String clusterName);
}
