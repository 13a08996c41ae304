package dev.hubflow.core.controller;

import io.kubernetes.client.extended.workqueue.DefaultWorkQueue;
import io.kubernetes.client.extended.workqueue.RateLimitingQueue;
import io.kubernetes.client.extended.workqueue.WorkQueue;
import io.kubernetes.client.extended.workqueue.ratelimiter.RateLimiter;
import java.time.Duration;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * A rate-limited work queue whose delayed adds are never lost. client-java's {@code
 * DefaultDelayingQueue} hands {@code addAfter} entries over through a queue bounded at 1000 and
 * silently drops the rest, so a burst of timer wake-ups could forget a workflow; here each delayed
 * add is a task on an unbounded scheduler. As there, an item waiting twice keeps only its earliest
 * due time, and an item added while queued is queued once.
 */
final class TimedWorkQueue<T> implements RateLimitingQueue<T> {
  private final WorkQueue<T> queue = new DefaultWorkQueue<>();
  private final RateLimiter<T> rateLimiter;
  private final ScheduledExecutorService timer;

  /** Due time (System.nanoTime) of the one delayed add that counts for each waiting item. */
  private final Map<T, Long> waiting = new ConcurrentHashMap<>();

  TimedWorkQueue(RateLimiter<T> rateLimiter, String threadName) {
    this.rateLimiter = Objects.requireNonNull(rateLimiter, "rateLimiter");
    this.timer =
        Executors.newSingleThreadScheduledExecutor(
            r -> {
              Thread t = new Thread(r, threadName);
              t.setDaemon(true);
              return t;
            });
  }

  @Override
  public void add(T item) {
    queue.add(item);
  }

  @Override
  public int length() {
    return queue.length();
  }

  @Override
  public T get() throws InterruptedException {
    return queue.get();
  }

  @Override
  public void done(T item) {
    queue.done(item);
  }

  @Override
  public void shutDown() {
    queue.shutDown();
    timer.shutdownNow();
  }

  @Override
  public boolean isShuttingDown() {
    return queue.isShuttingDown();
  }

  @Override
  public void addAfter(T item, Duration delay) {
    if (queue.isShuttingDown()) {
      return;
    }
    if (delay.isNegative() || delay.isZero()) {
      queue.add(item);
      return;
    }
    long nanos = delay.toNanos();
    long due = System.nanoTime() + nanos;
    boolean[] earliest = {false};
    waiting.compute(
        item,
        (k, current) -> {
          if (current != null && current - due <= 0) {
            return current;
          }
          earliest[0] = true;
          return due;
        });
    if (!earliest[0]) {
      return;
    }
    try {
      timer.schedule(() -> fire(item, due), nanos, TimeUnit.NANOSECONDS);
    } catch (RejectedExecutionException e) {
      // Shut down meanwhile: what waits is left for the next controller.
      waiting.remove(item, due);
    }
  }

  /**
   * Forgets the delayed add waiting for this item. The controller calls it as a reconcile starts:
   * that reconcile sees everything the delay waited for, and asks again for what it still needs.
   */
  void cancelDelayed(T item) {
    waiting.remove(item);
  }

  private void fire(T item, long due) {
    // A superseded (later) entry finds its due time gone and does nothing.
    if (waiting.remove(item, due)) {
      queue.add(item);
    }
  }

  @Override
  public void addRateLimited(T item) {
    addAfter(item, rateLimiter.when(item));
  }

  @Override
  public void forget(T item) {
    rateLimiter.forget(item);
  }

  @Override
  public int numRequeues(T item) {
    return rateLimiter.numRequeues(item);
  }
}
