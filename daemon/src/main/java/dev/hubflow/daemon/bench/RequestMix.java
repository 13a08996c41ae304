package dev.hubflow.daemon.bench;

import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/**
 * The emulator's request counters ("verb resource" → count) split into reads and writes, and the
 * writes into the controller's and the kubelet's (the kubelet binds pods, patches their status and
 * writes the executor's task results; everything else is the controller's or the floor's).
 */
final class RequestMix {
  private static final Set<String> WRITE_VERBS =
      Set.of("create", "update", "patch", "delete", "deletecollection");
  private static final Set<String> KUBELET_RESOURCES =
      Set.of("pods/binding", "pods/status", "workflowtaskresults");

  /** The bench creates the workflows; the controller never does. */
  static final String SUBMISSION = "create workflows";

  private RequestMix() {}

  static boolean isWrite(String key) {
    return WRITE_VERBS.contains(verb(key));
  }

  static boolean isKubelets(String key) {
    return KUBELET_RESOURCES.contains(resource(key));
  }

  static long reads(Map<String, Long> counts) {
    return counts.entrySet().stream()
        .filter(e -> !isWrite(e.getKey()))
        .mapToLong(Map.Entry::getValue)
        .sum();
  }

  static long writes(Map<String, Long> counts) {
    return counts.entrySet().stream()
        .filter(e -> isWrite(e.getKey()))
        .mapToLong(Map.Entry::getValue)
        .sum();
  }

  /**
   * Writes by the controller (or the floor program): every write neither the kubelet's nor the
   * bench's own submission of workflows.
   */
  static long ownWrites(Map<String, Long> counts) {
    return counts.entrySet().stream()
        .filter(
            e -> isWrite(e.getKey()) && !isKubelets(e.getKey()) && !e.getKey().equals(SUBMISSION))
        .mapToLong(Map.Entry::getValue)
        .sum();
  }

  /** Counts per verb (all resources), sorted by verb. */
  static Map<String, Long> byVerb(Map<String, Long> counts) {
    Map<String, Long> out = new TreeMap<>();
    counts.forEach((k, v) -> out.merge(verb(k), v, Long::sum));
    return out;
  }

  private static String verb(String key) {
    int space = key.indexOf(' ');
    return space < 0 ? key : key.substring(0, space);
  }

  private static String resource(String key) {
    int space = key.indexOf(' ');
    return space < 0 ? "" : key.substring(space + 1);
  }
}
