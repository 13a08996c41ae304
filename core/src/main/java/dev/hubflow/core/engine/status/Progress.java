package dev.hubflow.core.engine.status;

import dev.hubflow.model.v1alpha1.NodeStatus;
import dev.hubflow.model.v1alpha1.WorkflowStatus;
import java.util.HashSet;
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
    for (NodeStatus node : nodes.values()) {
      if (executable(node.getType())) {
        continue;
      }
      long[] sum = sum(nodes, node, new HashSet<>());
      if (sum[1] > 0 && sum[0] <= sum[1]) {
        node.setProgress(sum[0] + "/" + sum[1]);
      }
    }
  }

  private static long[] sum(Map<String, NodeStatus> nodes, NodeStatus node, Set<String> visited) {
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
      long[] inner = sum(nodes, child, visited);
      total[0] += inner[0];
      total[1] += inner[1];
      if (executable(child.getType())) {
        long[] p = parse(child.getProgress());
        if (p != null) {
          total[0] += p[0];
          total[1] += p[1];
        }
      }
    }
    return total;
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
