package dev.hubflow.testkit.apiserver;

import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.LongAdder;

/** Requests served over HTTP, by verb and resource (e.g. "create pods", "watch workflows"). */
public final class RequestCounters {
  private final Map<String, LongAdder> counts = new ConcurrentHashMap<>();

  void record(String verb, String resource) {
    counts.computeIfAbsent(verb + " " + resource, k -> new LongAdder()).increment();
  }

  /** Requests with this verb on this resource (a subresource reads as "pods/status"). */
  public long count(String verb, String resource) {
    LongAdder a = counts.get(verb + " " + resource);
    return a == null ? 0 : a.sum();
  }

  public long total() {
    return counts.values().stream().mapToLong(LongAdder::sum).sum();
  }

  /** Every counter, keyed "verb resource", sorted. */
  public Map<String, Long> snapshot() {
    Map<String, Long> out = new TreeMap<>();
    counts.forEach((k, v) -> out.put(k, v.sum()));
    return out;
  }

  public void reset() {
    counts.clear();
  }
}
