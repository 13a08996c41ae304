package dev.hubflow.core.cluster.credentials;

import dev.hubflow.core.spi.CredentialSource;
import dev.hubflow.core.spi.Credentials;
import java.util.Objects;

/** Credentials that never change, e.g. a client certificate and key from a kubeconfig. */
public record FixedCredentials(Credentials credentials) implements CredentialSource {
  public FixedCredentials {
    Objects.requireNonNull(credentials, "credentials");
  }

  @Override
  public Credentials current() {
    return credentials;
  }
}
