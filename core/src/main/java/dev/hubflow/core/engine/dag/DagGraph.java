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
import java.util.concurrent.ConcurrentHashMap;

/**
 * The dependency graph of a DAG template (Argo's {@code common.GetTaskDependencies}): what each
 * task waits for, and its {@code depends} logic with bare task names expanded.
 */
public final class DagGraph {
  /**
   * What the graph derives from the tasks' names, dependencies and continueOn, shared by every
   * reconcile of the same DAG (a workflow's template is copied afresh each reconcile, so it is
   * keyed by content): parsing each task's {@code depends} is most of a big DAG's per-reconcile
   * cost.
   */
  private static final int CACHED_SHAPES = 64;

  private static final Map<List<TaskShape>, Shape> SHAPES =
      new LinkedHashMap<>(16, 0.75f, true) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<List<TaskShape>, Shape> eldest) {
          return size() > CACHED_SHAPES;
        }
      };

  /** The parts of a task its place in the graph depends on. */
  private record TaskShape(
      String name,
      String depends,
      List<String> dependencies,
      boolean continueOnError,
      boolean continueOnFailed,
      boolean hasContinueOn) {
    static TaskShape of(DAGTask t) {
      return new TaskShape(
          t.getName(),
          t.getDepends(),
          t.getDependencies() == null ? null : List.copyOf(t.getDependencies()),
          t.getContinueOn() != null && Boolean.TRUE.equals(t.getContinueOn().getError()),
          t.getContinueOn() != null && Boolean.TRUE.equals(t.getContinueOn().getFailed()),
          t.getContinueOn() != null);
    }
  }

  /** Every task's dependencies and logic resolved, its cycle and leaves; ancestry on demand. */
  private record Shape(
      Map<String, List<String>> dependencies,
      Map<String, String> logic,
      String cycle,
      List<String> leaves,
      Map<String, List<String>> ancestry) {}

  private final Map<String, DAGTask> tasks = new LinkedHashMap<>();
  private final Map<String, List<String>> dependencies = new HashMap<>();
  private final Map<String, String> logic = new HashMap<>();
  private final Shape shape;

  public DagGraph(List<DAGTask> tasks) {
    for (DAGTask t : tasks) {
      this.tasks.put(t.getName(), t);
    }
    this.shape = shape(tasks);
  }

  private Shape shape(List<DAGTask> list) {
    if (list.size() != tasks.size()) {
      return null; // duplicate names: keep the plain lazy path
    }
    List<TaskShape> key = new ArrayList<>(list.size());
    for (DAGTask t : list) {
      key.add(TaskShape.of(t));
    }
    synchronized (SHAPES) {
      Shape cached = SHAPES.get(key);
      if (cached != null) {
        return cached;
      }
    }
    Shape made;
    try {
      for (String name : tasks.keySet()) {
        resolve(name);
      }
      String cycle = lazyCycle();
      made =
          new Shape(
              immutable(dependencies),
              Map.copyOf(logic),
              cycle,
              cycle == null ? List.copyOf(lazyLeaves()) : null,
              new ConcurrentHashMap<>());
    } catch (NodeException e) {
      // A task names one that does not exist: resolved lazily, so the error comes where it did.
      dependencies.clear();
      logic.clear();
      return null;
    }
    synchronized (SHAPES) {
      SHAPES.put(key, made);
    }
    return made;
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

  private static Map<String, List<String>> immutable(Map<String, List<String>> m) {
    Map<String, List<String>> out = new HashMap<>();
    m.forEach((k, v) -> out.put(k, List.copyOf(v)));
    return Map.copyOf(out);
  }

  public List<String> dependencies(String name) {
    if (shape != null) {
      List<String> d = shape.dependencies().get(name);
      return d != null ? d : List.of(task(name).getName()); // task(name) throws
    }
    resolve(name);
    return dependencies.get(name);
  }

  /** The {@code depends} logic with plain task names expanded; empty when there is none. */
  public String logic(String name) {
    if (shape != null) {
      String l = shape.logic().get(name);
      return l != null ? l : task(name).getName(); // task(name) throws
    }
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
    if (shape != null && shape.leaves() != null) {
      return new ArrayList<>(shape.leaves());
    }
    return lazyLeaves();
  }

  private List<String> lazyLeaves() {
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
    if (shape != null) {
      List<String> known = shape.ancestry().get(name);
      if (known == null) {
        known = List.copyOf(lazyAncestry(name));
        shape.ancestry().putIfAbsent(name, known);
      }
      return new ArrayList<>(known);
    }
    return lazyAncestry(name);
  }

  private List<String> lazyAncestry(String name) {
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
    if (shape != null) {
      return shape.cycle();
    }
    return lazyCycle();
  }

  private String lazyCycle() {
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
