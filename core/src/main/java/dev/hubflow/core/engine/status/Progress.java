package dev.hubflow.core.engine.status;

import dev.hubflow.model.v1alpha1.NodeStatus;
import dev.hubflow.model.v1alpha1.WorkflowStatus;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/** Argo's progress ({@code n/m}): executable nodes count, containers sum their children. */
public final class Progress {
  private Progress() {}

  public static void update(WorkflowStatus status) {
    Map<String, NodeStatus> nodes = status.getNodes();
    if (nodes == null) {
      return;
    }
    long[] total = {0, 0};
    for (NodeStatus node : nodes.values()) {
      if (!executable(node.getType())) {
        continue;
      }
      if (node.getProgress() == null || node.getProgress().isEmpty()) {
        node.setProgress("0/1");
      }
      long[] p = parse(node.getProgress());
      if (p == null) {
        continue;
      }
      String phase = node.getPhase();
      if (Phase.SUCCEEDED.equals(phase)
          || Phase.SKIPPED.equals(phase)
          || Phase.OMITTED.equals(phase)) {
        p = new long[] {p[1], p[1]};
        node.setProgress(p[0] + "/" + p[1]);
      }
      total[0] += p[0];
      total[1] += p[1];
    }
    status.setProgress(total[0] + "/" + total[1]);
    Sums sums = new Sums(nodes);
    for (NodeStatus node : nodes.values()) {
      if (executable(node.getType())) {
        continue;
      }
      long[] sum = sums.of(node);
      if (sum[1] > 0 && sum[0] <= sum[1]) {
        node.setProgress(sum[0] + "/" + sum[1]);
      }
    }
  }

  /**
   * Argo's sum for a node: the progress of every executable node reachable from it, each counted
   * once. A subtree in which every node has a single parent (steps, most of a DAG) is summed once
   * and remembered, so a chain of step groups costs O(n) rather than O(n²); where paths join, a
   * walk with a visited set (as Argo's) stops at such remembered subtrees.
   */
  private static final class Sums {
    private final Map<String, NodeStatus> nodes;
    private final Map<String, Integer> parents = new HashMap<>();
    private final Map<String, long[]> trees = new HashMap<>();
    private final Set<String> notTrees = new HashSet<>();
    private final Set<String> open = new HashSet<>();

    Sums(Map<String, NodeStatus> nodes) {
      this.nodes = nodes;
      for (NodeStatus node : nodes.values()) {
        if (node.getChildren() != null) {
          for (String child : node.getChildren()) {
            parents.merge(child, 1, Integer::sum);
          }
        }
      }
    }

    long[] of(NodeStatus node) {
      long[] tree = tree(node);
      return tree != null ? tree : walk(node, new HashSet<>());
    }

    /** The sum below a node whose descendants each have one parent, or null if it has none. */
    private long[] tree(NodeStatus node) {
      String id = node.getId();
      if (id == null) {
        return null;
      }
      long[] known = trees.get(id);
      if (known != null) {
        return known;
      }
      if (notTrees.contains(id) || !open.add(id)) {
        return null;
      }
      long[] total = {0, 0};
      boolean tree = true;
      List<String> children = node.getChildren();
      if (children != null) {
        Set<String> seen = new HashSet<>();
        for (String childId : children) {
          NodeStatus child = nodes.get(childId);
          if (child == null) {
            continue;
          }
          if (!seen.add(childId)
              || parents.getOrDefault(childId, 0) != 1
              || !childId.equals(child.getId())) {
            tree = false;
            break;
          }
          long[] inner = tree(child);
          if (inner == null) {
            tree = false;
            break;
          }
          add(total, inner);
          if (executable(child.getType())) {
            long[] p = parse(child.getProgress());
            if (p != null) {
              add(total, p);
            }
          }
        }
      }
      open.remove(id);
      if (!tree) {
        notTrees.add(id);
        return null;
      }
      trees.put(id, total);
      return total;
    }

    private long[] walk(NodeStatus node, Set<String> visited) {
      long[] total = {0, 0};
      if (node.getChildren() == null) {
        return total;
      }
      for (String childId : node.getChildren()) {
        if (!visited.add(childId)) {
          continue;
        }
        NodeStatus child = nodes.get(childId);
        if (child == null) {
          continue;
        }
        // Nothing below a single-parent subtree can be reached another way: take its sum whole.
        long[] inner =
            parents.getOrDefault(childId, 0) == 1 && childId.equals(child.getId())
                ? tree(child)
                : null;
        add(total, inner != null ? inner : walk(child, visited));
        if (executable(child.getType())) {
          long[] p = parse(child.getProgress());
          if (p != null) {
            add(total, p);
          }
        }
      }
      return total;
    }

    private static void add(long[] total, long[] more) {
      total[0] += more[0];
      total[1] += more[1];
    }
  }

  static boolean executable(String type) {
    return NodeType.POD.equals(type)
        || NodeType.SUSPEND.equals(type)
        || "Container".equals(type)
        || "HTTP".equals(type)
        || "Plugin".equals(type);
  }

  static long[] parse(String progress) {
    if (progress == null) {
      return null;
    }
    int slash = progress.indexOf('/');
    if (slash < 0) {
      return null;
    }
    try {
      long n = Long.parseLong(progress.substring(0, slash));
      long m = Long.parseLong(progress.substring(slash + 1));
      return n >= 0 && m > 0 && n <= m ? new long[] {n, m} : null;
    } catch (NumberFormatException e) {
      return null;
    }
  }
}
