package dev.hubflow.daemon.eks;

import dev.hubflow.core.cluster.registry.ClusterSecret;
import dev.hubflow.core.cluster.registry.SecretConnector;
import dev.hubflow.core.spi.ClusterConnection;
import java.util.Optional;

/**
 * Registrations with {@code awsAuthConfig}: EKS tokens made in-process (after AssumeRole into
 * {@code roleARN}), endpoint and CA from the Secret or DescribeCluster.
 */
public final class EksSecretConnector implements SecretConnector {
  private final EksAccess access;

  public EksSecretConnector(EksAccess access) {
    this.access = access;
  }

  @Override
  public Optional<ClusterConnection> connect(ClusterSecret secret) {
    return EksCluster.fromArgoCdSecret(
            secret.name(), secret.server().isEmpty() ? null : secret.server(), secret.configJson())
        .map(access::connect);
  }
}
