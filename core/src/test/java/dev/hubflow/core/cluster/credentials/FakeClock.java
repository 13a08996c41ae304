package dev.hubflow.core.cluster.credentials;

import dev.hubflow.core.spi.Clock;
import java.time.Duration;
import java.time.Instant;

/** A clock tests move by hand. */
final class FakeClock implements Clock {
  private Instant now;

  FakeClock(Instant start) {
    this.now = start;
  }

  @Override
  public synchronized Instant now() {
    return now;
  }

  synchronized void advance(Duration duration) {
    now = now.plus(duration);
  }
}
