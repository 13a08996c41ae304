package dev.hubflow.core.cluster.registry;

import dev.hubflow.core.spi.ClusterConnection;
import java.util.Optional;

/**
 * Turns a cluster registration into a connection. Several are asked in turn; the first that knows
 * the registration's kind of auth answers. The daemon adds one for {@code awsAuthConfig} (EKS),
 * which core knows nothing about.
 */
@FunctionalInterface
public interface SecretConnector {

  /**
   * The connection, or empty when this connector does not handle the registration's auth.
   *
   * @throws IllegalArgumentException when the registration is unusable (message names the Secret
   *     and field, never a value)
   */
  Optional<ClusterConnection> connect(ClusterSecret secret);
}
