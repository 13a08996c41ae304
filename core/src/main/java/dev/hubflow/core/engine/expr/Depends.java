package dev.hubflow.core.engine.expr;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A DAG task's {@code depends} logic as Argo evaluates it ({@code workflow/common/ancestry.go} and
 * {@code dag.go}): {@code A && (B.Failed || C.Succeeded)}, where a bare {@code A} means {@code
 * (A.Succeeded || A.Skipped || A.Daemoned)} plus {@code A.Errored}/{@code A.Failed} when A has
 * {@code continueOn.error}/{@code continueOn.failed}. Dashes in task names become underscores
 * before the expr-lang evaluation, as in Argo.
 */
public final class Depends {
  private Depends() {}

  /** How a task is depended on: plainly, or through its item group (AnySucceeded, AllFailed). */
  public enum DependencyType {
    TASK,
    ITEMS
  }

  /** What a task tolerates, from its {@code continueOn}. */
  public record ContinueOn(boolean error, boolean failed) {
    public static final ContinueOn NONE = new ContinueOn(false, false);
  }

  private static final Pattern TASK_NAME =
      Pattern.compile("([a-zA-Z0-9][-a-zA-Z0-9]*?\\.[A-Z][a-zA-Z]+)|([a-zA-Z0-9][-a-zA-Z0-9]*)");
  private static final Pattern TASK_RESULT =
      Pattern.compile("([a-zA-Z0-9][-a-zA-Z0-9]*?\\.[A-Z][a-zA-Z]+)");
  private static final Set<String> RESULTS =
      Set.of(
          "Succeeded",
          "Failed",
          "Errored",
          "Skipped",
          "Omitted",
          "Daemoned",
          "AnySucceeded",
          "AllFailed");

  /** The tasks a depends expression names, in order of first mention, with how each is used. */
  public static Map<String, DependencyType> dependencies(String depends) {
    Map<String, DependencyType> out = new LinkedHashMap<>();
    Matcher m = TASK_NAME.matcher(depends);
    while (m.find()) {
      if (m.group(1) != null) {
        String[] split = m.group(1).split("\\.");
        if (split[1].equals("AnySucceeded") || split[1].equals("AllFailed")) {
          out.put(split[0], DependencyType.ITEMS);
        } else {
          out.putIfAbsent(split[0], DependencyType.TASK);
        }
      } else {
        out.put(m.group(2), DependencyType.TASK);
      }
    }
    return out;
  }

  /** The task names a depends expression mentions. */
  public static List<String> taskNames(String depends) {
    return new ArrayList<>(dependencies(depends).keySet());
  }

  /** The depends logic Argo derives from the older {@code dependencies: [A, B]} list. */
  public static String fromDependencies(
      List<String> dependencies, Function<String, ContinueOn> continueOn) {
    List<String> parts = new ArrayList<>();
    for (String d : dependencies) {
      parts.add(expandDependency(d, continueOn.apply(d)));
    }
    return String.join(" && ", parts);
  }

  /**
   * Replaces each bare task name by what it means, e.g. {@code (A.Succeeded || A.Skipped ||
   * A.Daemoned)}.
   */
  public static String expand(String depends, Function<String, ContinueOn> continueOn) {
    record Bare(String name, int start, int end) {}
    List<Bare> bare = new ArrayList<>();
    Matcher m = TASK_NAME.matcher(depends);
    while (m.find()) {
      if (m.group(1) == null && m.group(2) != null) {
        bare.add(new Bare(m.group(2), m.start(2), m.end(2)));
      }
    }
    bare.sort(Comparator.comparingInt(Bare::start).reversed());
    String out = depends;
    for (Bare b : bare) {
      out =
          out.substring(0, b.start())
              + expandDependency(b.name(), continueOn.apply(b.name()))
              + out.substring(b.end());
    }
    return out;
  }

  private static String expandDependency(String name, ContinueOn continueOn) {
    List<String> parts =
        new ArrayList<>(List.of(name + ".Succeeded", name + ".Skipped", name + ".Daemoned"));
    ContinueOn c = continueOn == null ? ContinueOn.NONE : continueOn;
    if (c.error()) {
      parts.add(name + ".Errored");
    }
    if (c.failed()) {
      parts.add(name + ".Failed");
    }
    return "(" + String.join(" || ", parts) + ")";
  }

  /**
   * Argo's {@code ValidateTaskResults}: every {@code task.Result} must be a known result.
   *
   * @throws ExpressionException naming the task and the unknown result
   */
  public static void validate(String depends) {
    Matcher m = TASK_RESULT.matcher(depends);
    while (m.find()) {
      String[] split = m.group(1).split("\\.");
      if (!RESULTS.contains(split[1])) {
        throw new ExpressionException(
            "task result '" + split[1] + "' for task '" + split[0] + "' is invalid");
      }
    }
    Expr.check(depends.replace('-', '_'));
  }

  /**
   * As {@link #evaluate(String, Function, Function)} for dependencies without {@code continueOn}.
   */
  public static boolean evaluate(String depends, Function<String, TaskResults> results) {
    return evaluate(depends, results, t -> ContinueOn.NONE);
  }

  /**
   * Whether the task should run, given its dependencies' results.
   *
   * @param depends the task's {@code depends} text
   * @param results each dependency's results (called for every task {@link #taskNames} lists; all
   *     must have finished)
   * @param continueOn each dependency's {@code continueOn}, for bare names
   * @throws ExpressionException when the logic does not evaluate to a boolean
   */
  public static boolean evaluate(
      String depends,
      Function<String, TaskResults> results,
      Function<String, ContinueOn> continueOn) {
    Map<String, Object> scope = new HashMap<>();
    for (String task : taskNames(depends)) {
      TaskResults r = results.apply(task);
      if (r == null) {
        throw new ExpressionException(
            "depends '" + depends + "': no result for task '" + task + "'");
      }
      scope.putIfAbsent(task.replace('-', '_'), r.fields());
    }
    String logic = expand(depends, continueOn).replace('-', '_');
    try {
      return Expr.evaluateBool(logic, scope);
    } catch (ExpressionException e) {
      throw new ExpressionException(
          "unable to evaluate expression '" + logic + "': " + e.getMessage(), e);
    }
  }
}
