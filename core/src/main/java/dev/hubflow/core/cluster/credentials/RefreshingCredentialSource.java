package dev.hubflow.core.cluster.credentials;

import dev.hubflow.core.spi.Clock;
import dev.hubflow.core.spi.CredentialSource;
import dev.hubflow.core.spi.Credentials;
import java.time.Duration;
import java.time.Instant;
import java.util.Objects;

/**
 * Caches credentials that expire and fetches new ones shortly before they do, so a request never
 * goes out with a token that dies in flight.
 */
public abstract class RefreshingCredentialSource implements CredentialSource {
  /** How long before {@code expiresAt} credentials count as expired. */
  public static final Duration DEFAULT_REFRESH_AHEAD = Duration.ofMinutes(1);

  private final Clock clock;
  private final Duration refreshAhead;
  private Credentials cached;

  protected RefreshingCredentialSource(Clock clock, Duration refreshAhead) {
    this.clock = Objects.requireNonNull(clock, "clock");
    this.refreshAhead = Objects.requireNonNull(refreshAhead, "refreshAhead");
  }

  /** Fetches fresh credentials; called when none are cached or the cached ones near expiry. */
  protected abstract Credentials fetch();

  @Override
  public final synchronized Credentials current() {
    if (cached == null || nearExpiry(cached)) {
      cached = Objects.requireNonNull(fetch(), "fetch() returned null");
    }
    return cached;
  }

  @Override
  public final synchronized void invalidate() {
    cached = null;
  }

  protected final Clock clock() {
    return clock;
  }

  private boolean nearExpiry(Credentials credentials) {
    Instant now = clock.now();
    return credentials.expiresAt().map(at -> !now.isBefore(at.minus(refreshAhead))).orElse(false);
  }
}
