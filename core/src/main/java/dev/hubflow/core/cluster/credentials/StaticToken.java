package dev.hubflow.core.cluster.credentials;

import dev.hubflow.core.spi.CredentialSource;
import dev.hubflow.core.spi.Credentials;
import java.util.Objects;

/** A bearer token that never changes (a kubeconfig {@code token}, a registration Secret). */
public final class StaticToken implements CredentialSource {
  private final Credentials credentials;

  public StaticToken(String token) {
    if (Objects.requireNonNull(token, "token").isBlank()) {
      throw new IllegalArgumentException("bearer token is empty");
    }
    this.credentials = Credentials.bearer(token, null);
  }

  @Override
  public Credentials current() {
    return credentials;
  }

  @Override
  public String toString() {
    return "StaticToken[<redacted>]";
  }
}
