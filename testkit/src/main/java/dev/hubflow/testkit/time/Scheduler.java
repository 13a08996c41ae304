package dev.hubflow.testkit.time;

import dev.hubflow.core.spi.Clock;
import java.time.Duration;

/**
 * Time for the simulated cluster: the current instant and delayed tasks. Tests drive a {@link
 * ManualScheduler} instead of waiting; everything else uses {@link SystemScheduler}.
 */
public interface Scheduler extends Clock {

  /** Runs {@code task} once {@code delay} has passed; the returned handle cancels it. */
  Scheduled schedule(Duration delay, Runnable task);

  /** A task waiting for its time. */
  interface Scheduled {
    /** Stops the task from running; harmless once it ran. */
    void cancel();
  }
}
