package dev.hubflow.core.cluster.credentials;

import dev.hubflow.core.spi.CredentialSource;
import java.util.Optional;
import java.util.function.Function;

/**
 * Answers a kubeconfig exec entry inside the JVM instead of running its command, so e.g. an {@code
 * aws eks get-token} entry works in an image without the AWS CLI.
 */
@FunctionalInterface
public interface InProcessExec {
  /** The credentials for this exec entry, or empty when this handler does not serve it. */
  Optional<CredentialSource> serve(ExecPlugin plugin, String clusterName);

  /** Serves {@code aws eks get-token …} entries with the given token source factory. */
  static InProcessExec awsEksGetToken(Function<AwsEksGetToken, CredentialSource> tokens) {
    return (plugin, clusterName) -> AwsEksGetToken.parse(plugin).map(tokens);
  }
}
