package dev.hubflow.testkit.apiserver;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Consumer;

/**
 * Container logs the server hands out on {@code pods/log}; the simulated kubelet writes them.
 * Followers get appended text until the container's log is finished.
 */
public final class PodLogs {
  private final Map<String, Log> logs = new ConcurrentHashMap<>();

  private static final class Log {
    final StringBuilder text = new StringBuilder();
    final List<Follower> followers = new ArrayList<>();
    boolean finished;
  }

  private record Follower(Consumer<String> chunks, Runnable end) {}

  private static String key(String namespace, String pod, String container) {
    return namespace + "/" + pod + "/" + container;
  }

  /** Appends to a container's log (creating it). */
  public void append(String namespace, String pod, String container, String text) {
    Log log = logs.computeIfAbsent(key(namespace, pod, container), k -> new Log());
    List<Follower> followers;
    synchronized (log) {
      log.text.append(text);
      followers = List.copyOf(log.followers);
    }
    followers.forEach(f -> f.chunks.accept(text));
  }

  /** Marks a container's log complete: followers are released. */
  public void finish(String namespace, String pod, String container) {
    Log log = logs.computeIfAbsent(key(namespace, pod, container), k -> new Log());
    List<Follower> followers;
    synchronized (log) {
      log.finished = true;
      followers = List.copyOf(log.followers);
      log.followers.clear();
    }
    followers.forEach(f -> f.end.run());
  }

  /** The log so far, if the container has one. */
  public Optional<String> read(String namespace, String pod, String container) {
    Log log = logs.get(key(namespace, pod, container));
    if (log == null) {
      return Optional.empty();
    }
    synchronized (log) {
      return Optional.of(log.text.toString());
    }
  }

  /** Forgets a pod's logs (all containers). */
  public void remove(String namespace, String pod) {
    String prefix = namespace + "/" + pod + "/";
    for (String k : List.copyOf(logs.keySet())) {
      if (k.startsWith(prefix)) {
        Log log = logs.remove(k);
        if (log != null) {
          List<Follower> followers;
          synchronized (log) {
            followers = List.copyOf(log.followers);
            log.followers.clear();
          }
          followers.forEach(f -> f.end.run());
        }
      }
    }
  }

  /**
   * Sends the log so far and then each appended piece to {@code chunks}, and runs {@code end} once
   * the log is finished (immediately if it already is). Returns a handle that stops following.
   */
  public AutoCloseable follow(
      String namespace, String pod, String container, Consumer<String> chunks, Runnable end) {
    Log log = logs.computeIfAbsent(key(namespace, pod, container), k -> new Log());
    Follower f = new Follower(chunks, end);
    boolean finished;
    synchronized (log) {
      chunks.accept(log.text.toString());
      finished = log.finished;
      if (!finished) {
        log.followers.add(f);
      }
    }
    if (finished) {
      end.run();
    }
    return () -> {
      synchronized (log) {
        log.followers.remove(f);
      }
    };
  }
}
