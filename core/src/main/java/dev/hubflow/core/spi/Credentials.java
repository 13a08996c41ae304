package dev.hubflow.core.spi;

import java.time.Instant;
import java.util.Optional;

/**
 * Credentials for one API server: a bearer token, or a client certificate, or nothing. Never
 * logged: {@link #toString()} hides the secret parts.
 */
public record Credentials(
    Optional<String> bearerToken,
    Optional<String> clientCertificatePem,
    Optional<String> clientKeyPem,
    Optional<Instant> expiresAt) {

  public static Credentials none() {
    return new Credentials(Optional.empty(), Optional.empty(), Optional.empty(), Optional.empty());
  }

  public static Credentials bearer(String token, Instant expiresAt) {
    return new Credentials(
        Optional.of(token), Optional.empty(), Optional.empty(), Optional.ofNullable(expiresAt));
  }

  @Override
  public String toString() {
    return "Credentials[bearerToken="
        + (bearerToken.isPresent() ? "<redacted>" : "none")
        + ", clientCertificate="
        + (clientCertificatePem.isPresent() ? "<present>" : "none")
        + ", expiresAt="
        + expiresAt.map(Instant::toString).orElse("never")
        + "]";
  }
}
