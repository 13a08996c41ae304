package dev.hubflow.core.engine.expr;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * How a finished DAG task ended, as a {@code depends} expression sees it ({@code A.Succeeded},
 * {@code A.AnySucceeded}, ...). {@code anySucceeded}/{@code allFailed} are about the children of a
 * task expanded with items or params.
 */
public record TaskResults(
    boolean succeeded,
    boolean failed,
    boolean errored,
    boolean skipped,
    boolean omitted,
    boolean daemoned,
    boolean anySucceeded,
    boolean allFailed) {

  /**
   * A task in the given Argo node phase ({@code Succeeded}, {@code Failed}, {@code Error}, ...).
   */
  public static TaskResults ofPhase(String phase, boolean daemoned) {
    return new TaskResults(
        "Succeeded".equals(phase),
        "Failed".equals(phase),
        "Error".equals(phase),
        "Skipped".equals(phase),
        "Omitted".equals(phase),
        daemoned && !"Pending".equals(phase),
        false,
        false);
  }

  /** With the item-group results set. */
  public TaskResults withGroup(boolean anySucceeded, boolean allFailed) {
    return new TaskResults(
        succeeded, failed, errored, skipped, omitted, daemoned, anySucceeded, allFailed);
  }

  Map<String, Object> fields() {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("Succeeded", succeeded);
    m.put("Failed", failed);
    m.put("Errored", errored);
    m.put("Skipped", skipped);
    m.put("Omitted", omitted);
    m.put("Daemoned", daemoned);
    m.put("AnySucceeded", anySucceeded);
    m.put("AllFailed", allFailed);
    return m;
  }
}
