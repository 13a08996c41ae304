package dev.hubflow.core.spi;

import java.time.Instant;

/** Where hubflow reads the time, so tests can drive it instead of waiting for it. */
@FunctionalInterface
public interface Clock {
  Instant now();

  /** The machine's clock. */
  static Clock system() {
    return Instant::now;
  }
}
