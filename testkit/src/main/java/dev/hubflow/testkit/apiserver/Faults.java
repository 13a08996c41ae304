package dev.hubflow.testkit.apiserver;

import java.time.Duration;
import java.util.Random;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Predicate;

/**
 * Faults a test can switch on for one cluster: latency, error responses (500, 503 and 429 with
 * Retry-After), dropped watch streams, 410 on the next watch, and the whole cluster unreachable.
 * All settings apply to HTTP requests only; in-process store calls are never disturbed.
 */
public final class Faults {
  private final ApiServer server;
  private final Random random = new Random(42);
  private volatile Duration latency = Duration.ZERO;
  private volatile double errorRate;
  private volatile int errorCode = 500;
  private volatile Predicate<String> errorScope = r -> true;
  private final AtomicInteger failNext = new AtomicInteger();
  private volatile int failNextCode = 500;
  private final AtomicBoolean goneOnNextWatch = new AtomicBoolean();

  Faults(ApiServer server) {
    this.server = server;
  }

  /** Delays every request by {@code delay} before it is handled. */
  public Faults latency(Duration delay) {
    this.latency = delay;
    return this;
  }

  /**
   * Answers a random share of requests with {@code code} (500, 503 or 429; the last two carry
   * {@code Retry-After: 1}). Watches are included.
   */
  public Faults errorRate(double probability, int code) {
    return errorRate(probability, code, resource -> true);
  }

  /** As {@link #errorRate(double, int)} for requests whose resource (e.g. "pods") matches. */
  public Faults errorRate(double probability, int code, Predicate<String> resources) {
    this.errorCode = code;
    this.errorScope = resources;
    this.errorRate = probability;
    return this;
  }

  /** Answers the next {@code count} resource requests with {@code code}. */
  public Faults failNext(int count, int code) {
    this.failNextCode = code;
    this.failNext.set(count);
    return this;
  }

  /** Ends every open HTTP watch stream now (clients see a clean end of stream). */
  public Faults dropWatches() {
    server.dropHttpWatches();
    return this;
  }

  /** The next HTTP watch gets an ERROR event with a 410 Status, then its stream ends. */
  public Faults goneOnNextWatch() {
    goneOnNextWatch.set(true);
    return this;
  }

  /** Stops listening (connections refused, open ones reset) until {@link #reachable()}. */
  public Faults unreachable() {
    server.goUnreachable(null);
    return this;
  }

  /** Unreachable for {@code period}, then serving again on the same port. */
  public Faults unreachableFor(Duration period) {
    server.goUnreachable(period);
    return this;
  }

  public Faults reachable() {
    server.goReachable();
    return this;
  }

  /** Switches every fault off (and makes the cluster reachable). */
  public Faults clear() {
    latency = Duration.ZERO;
    errorRate = 0;
    failNext.set(0);
    goneOnNextWatch.set(false);
    server.goReachable();
    return this;
  }

  Duration latency() {
    return latency;
  }

  /** The error code to answer this request with, or 0. */
  int errorFor(String resource) {
    if (failNext.get() > 0 && failNext.getAndDecrement() > 0) {
      return failNextCode;
    }
    double rate = errorRate;
    if (rate > 0 && errorScope.test(resource)) {
      synchronized (random) {
        if (random.nextDouble() < rate) {
          return errorCode;
        }
      }
    }
    return 0;
  }

  boolean takeGoneOnNextWatch() {
    return goneOnNextWatch.getAndSet(false);
  }
}
