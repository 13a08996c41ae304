package dev.hubflow.testkit.time;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.PriorityQueue;

/**
 * A clock that moves only when a test says so: {@link #advance} runs, in the calling thread and in
 * time order, every task that falls due.
 */
public final class ManualScheduler implements Scheduler {
  private final PriorityQueue<Task> queue = new PriorityQueue<>();
  private Instant now;
  private long sequence;

  public ManualScheduler(Instant start) {
    this.now = start;
  }

  public ManualScheduler() {
    this(Instant.parse("2026-01-01T00:00:00Z"));
  }

  @Override
  public synchronized Instant now() {
    return now;
  }

  @Override
  public synchronized Scheduled schedule(Duration delay, Runnable task) {
    Task t = new Task(now.plus(delay.isNegative() ? Duration.ZERO : delay), sequence++, task);
    queue.add(t);
    return () -> {
      synchronized (ManualScheduler.this) {
        queue.remove(t);
      }
    };
  }

  /** How many tasks wait for their time. */
  public synchronized int pending() {
    return queue.size();
  }

  /** Moves the clock forward, running each task as its time comes. */
  public void advance(Duration by) {
    Instant target;
    synchronized (this) {
      target = now.plus(by);
    }
    while (true) {
      List<Task> due = new ArrayList<>();
      synchronized (this) {
        Task next = queue.peek();
        if (next == null || next.at.isAfter(target)) {
          now = target;
          return;
        }
        now = next.at;
        while (queue.peek() != null && !queue.peek().at.isAfter(now)) {
          due.add(queue.poll());
        }
      }
      // Outside the lock: a task may schedule more tasks.
      due.forEach(t -> t.task.run());
    }
  }

  private record Task(Instant at, long seq, Runnable task) implements Comparable<Task> {
    @Override
    public int compareTo(Task o) {
      int c = at.compareTo(o.at);
      return c != 0 ? c : Long.compare(seq, o.seq);
    }
  }
}
