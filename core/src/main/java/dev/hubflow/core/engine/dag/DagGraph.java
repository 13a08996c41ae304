package dev.hubflow.core.engine.dag;

import dev.hubflow.core.engine.expr.Depends;
import dev.hubflow.core.engine.run.NodeException;
import dev.hubflow.model.v1alpha1.DAGTask;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * The dependency graph of a DAG template (Argo's {@code common.GetTaskDependencies}): what each
 * task waits for, and its {@code depends} logic with bare task names expanded.
 */
public final class DagGraph {
  private final Map<String, DAGTask> tasks = new LinkedHashMap<>();
  private final Map<String, List<String>> dependencies = new HashMap<>();
  private final Map<String, String> logic = new HashMap<>();

  public DagGraph(List<DAGTask> tasks) {
    for (DAGTask t : tasks) {
      this.tasks.put(t.getName(), t);
    }
  }

  public DAGTask task(String name) {
    DAGTask t = tasks.get(name);
    if (t == null) {
      throw NodeException.other("target " + name + " does not exist");
    }
    return t;
  }

  public boolean has(String name) {
    return tasks.containsKey(name);
  }

  public List<DAGTask> tasks() {
    return new ArrayList<>(tasks.values());
  }

  public List<String> dependencies(String name) {
    resolve(name);
    return dependencies.get(name);
  }

  /** The {@code depends} logic with plain task names expanded; empty when there is none. */
  public String logic(String name) {
    resolve(name);
    return logic.get(name);
  }

  private void resolve(String name) {
    if (dependencies.containsKey(name)) {
      return;
    }
    DAGTask task = task(name);
    String depends =
        task.getDepends() != null && !task.getDepends().isEmpty()
            ? task.getDepends()
            : Depends.fromDependencies(
                task.getDependencies() == null ? List.of() : task.getDependencies(),
                this::continueOn);
    dependencies.put(name, Depends.taskNames(depends));
    logic.put(name, Depends.expand(depends, this::continueOn));
  }

  /** A dependency's {@code continueOn}, as {@code depends} logic needs it. */
  public Depends.ContinueOn continueOn(String taskName) {
    DAGTask dep = task(taskName);
    if (dep.getContinueOn() == null) {
      return Depends.ContinueOn.NONE;
    }
    return new Depends.ContinueOn(
        Boolean.TRUE.equals(dep.getContinueOn().getError()),
        Boolean.TRUE.equals(dep.getContinueOn().getFailed()));
  }

  /** Tasks nothing depends on, sorted (Argo's {@code findLeafTaskNames}). */
  public List<String> leaves() {
    Map<String, Boolean> leaf = new LinkedHashMap<>();
    for (String name : tasks.keySet()) {
      leaf.putIfAbsent(name, true);
      for (String dep : dependencies(name)) {
        leaf.put(dep, false);
      }
    }
    TreeSet<String> out = new TreeSet<>();
    leaf.forEach(
        (k, v) -> {
          if (v) {
            out.add(k);
          }
        });
    return new ArrayList<>(out);
  }

  /** Every task {@code name} depends on, directly or not. */
  public List<String> ancestry(String name) {
    Set<String> seen = new LinkedHashSet<>();
    visit(name, name, seen);
    return new ArrayList<>(seen);
  }

  private void visit(String current, String root, Set<String> seen) {
    if (seen.contains(current)) {
      return;
    }
    for (String dep : dependencies(current)) {
      visit(dep, root, seen);
    }
    if (!current.equals(root)) {
      seen.add(current);
    }
  }

  /** The first dependency cycle found, as {@code a->b->a}, or null. */
  public String cycle() {
    Map<String, Integer> state = new HashMap<>();
    for (String name : tasks.keySet()) {
      List<String> path = new ArrayList<>();
      String found = cycleFrom(name, state, path);
      if (found != null) {
        return found;
      }
    }
    return null;
  }

  private String cycleFrom(String name, Map<String, Integer> state, List<String> path) {
    Integer s = state.get(name);
    if (s != null && s == 2) {
      return null;
    }
    path.add(name);
    if (s != null && s == 1) {
      int start = path.indexOf(name);
      return String.join("->", path.subList(start, path.size()));
    }
    state.put(name, 1);
    for (String dep : dependencies(name)) {
      if (!tasks.containsKey(dep)) {
        continue;
      }
      String found = cycleFrom(dep, state, path);
      if (found != null) {
        return found;
      }
    }
    state.put(name, 2);
    path.remove(path.size() - 1);
    return null;
  }
}
