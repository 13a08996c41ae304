package dev.hubflow.core.controller;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.kubernetes.client.extended.workqueue.ratelimiter.ItemExponentialFailureRateLimiter;
import java.time.Duration;
import java.util.HashSet;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class TimedWorkQueueTest {
  private final TimedWorkQueue<String> queue =
      new TimedWorkQueue<>(
          new ItemExponentialFailureRateLimiter<>(Duration.ofMillis(5), Duration.ofSeconds(1)),
          "test-queue-delay");

  @AfterEach
  void close() {
    queue.shutDown();
  }

  /** Takes what is queued until {@code expected} items arrived (or the deadline passes). */
  private Set<String> drain(int expected) {
    Set<String> seen = new HashSet<>();
    await()
        .atMost(60, TimeUnit.SECONDS)
        .until(
            () -> {
              while (queue.length() > 0) {
                String item = queue.get();
                seen.add(item);
                queue.done(item);
              }
              return seen.size() >= expected;
            });
    return seen;
  }

  @Test
  void aBurstOfFiveThousandDelayedAddsAllArrive() {
    for (int i = 0; i < 5000; i++) {
      queue.addAfter("wf-" + i, Duration.ofMillis(50 + i % 100));
    }
    Set<String> seen = drain(5000);
    assertThat(seen).hasSize(5000).contains("wf-0", "wf-4999");
  }

  @Test
  void anItemWaitingTwiceArrivesOnceAtTheEarlierTime() {
    queue.addAfter("wf", Duration.ofHours(1));
    queue.addAfter("wf", Duration.ofMillis(20));
    queue.addAfter("wf", Duration.ofHours(2));
    assertThat(drain(1)).containsExactly("wf");
    assertThat(queue.length()).isZero();
  }

  @Test
  void zeroDelayAddsAtOnce() {
    queue.addAfter("wf", Duration.ZERO);
    assertThat(queue.length()).isEqualTo(1);
  }

  @Test
  void rateLimitedAddsBackOffPerItemUntilForgotten() {
    queue.addRateLimited("wf");
    queue.addRateLimited("wf");
    assertThat(queue.numRequeues("wf")).isEqualTo(2);
    assertThat(drain(1)).containsExactly("wf");
    queue.forget("wf");
    assertThat(queue.numRequeues("wf")).isZero();
  }

  @Test
  void shutDownCancelsWaitingAddsAndRefusesNewOnes() {
    // Waits far longer than the test, so only shutDown can have settled it.
    queue.addAfter("wf", Duration.ofHours(1));
    queue.shutDown();
    queue.addAfter("late", Duration.ofMillis(1));
    assertThat(queue.isShuttingDown()).isTrue();
    assertThat(queue.length()).isZero();
  }
}
