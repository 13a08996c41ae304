package dev.hubflow.core.spi;

/**
 * Gives the credentials for one cluster, refreshing them as they near expiry. Implementations
 * cache; callers ask on every use. {@link #invalidate()} is called once after a 401 so the next
 * call fetches new credentials.
 */
public interface CredentialSource {
  Credentials current();

  /** Forget cached credentials (the server just rejected them). */
  default void invalidate() {}
}
