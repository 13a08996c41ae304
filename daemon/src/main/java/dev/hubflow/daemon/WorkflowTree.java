package dev.hubflow.daemon;

import dev.hubflow.core.argo.ArgoNames;
import dev.hubflow.model.v1alpha1.NodeStatus;
import dev.hubflow.model.v1alpha1.Workflow;
import dev.hubflow.model.v1alpha1.WorkflowStatus;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/** A workflow drawn as {@code argo get} does: a summary and the tree of its nodes. */
final class WorkflowTree {
  private WorkflowTree() {}

  /** Summary lines (name, namespace, status, message, duration, progress). */
  static List<String> summary(Workflow wf, Instant now) {
    WorkflowStatus s = wf.getStatus();
    List<String> lines = new ArrayList<>();
    lines.add(row("Name:", wf.getMetadata().getName()));
    lines.add(row("Namespace:", wf.getMetadata().getNamespace()));
    lines.add(row("Status:", phase(s)));
    if (s != null && s.getMessage() != null && !s.getMessage().isEmpty()) {
      lines.add(row("Message:", s.getMessage()));
    }
    if (s != null && s.getStartedAt() != null) {
      lines.add(row("Duration:", duration(s.getStartedAt(), s.getFinishedAt(), now)));
    }
    if (s != null && s.getProgress() != null) {
      lines.add(row("Progress:", s.getProgress()));
    }
    return lines;
  }

  /** The node table: one line a node, children indented under their parents. */
  static List<String> nodes(Workflow wf, Instant now) {
    List<String> lines = new ArrayList<>();
    Map<String, NodeStatus> nodes =
        wf.getStatus() == null || wf.getStatus().getNodes() == null
            ? Map.of()
            : wf.getStatus().getNodes();
    NodeStatus root = nodes.get(wf.getMetadata().getName());
    if (root == null) {
      return lines;
    }
    List<String[]> rows = new ArrayList<>();
    walk(wf, nodes, root, "", "", new HashSet<>(), rows, now);
    int step = "STEP".length();
    int template = "TEMPLATE".length();
    int pod = "PODNAME".length();
    int dur = "DURATION".length();
    for (String[] r : rows) {
      step = Math.max(step, r[0].length());
      template = Math.max(template, r[1].length());
      pod = Math.max(pod, r[2].length());
      dur = Math.max(dur, r[3].length());
    }
    String format = "%-" + step + "s  %-" + template + "s  %-" + pod + "s  %-" + dur + "s  %s";
    lines.add(String.format(format, "STEP", "TEMPLATE", "PODNAME", "DURATION", "MESSAGE").strip());
    for (String[] r : rows) {
      lines.add(String.format(format, (Object[]) r).stripTrailing());
    }
    return lines;
  }

  /** Everything: summary, a blank line, the nodes. */
  static List<String> render(Workflow wf, Instant now) {
    List<String> lines = new ArrayList<>(summary(wf, now));
    List<String> table = nodes(wf, now);
    if (!table.isEmpty()) {
      lines.add("");
      lines.addAll(table);
    }
    return lines;
  }

  private static void walk(
      Workflow wf,
      Map<String, NodeStatus> nodes,
      NodeStatus node,
      String prefix,
      String childPrefix,
      Set<String> seen,
      List<String[]> rows,
      Instant now) {
    if (!seen.add(node.getId())) {
      return;
    }
    boolean hidden = "StepGroup".equals(node.getType()) || "TaskGroup".equals(node.getType());
    String label =
        node.getDisplayName() != null && !node.getDisplayName().isEmpty()
            ? node.getDisplayName()
            : node.getName();
    String podName =
        "Pod".equals(node.getType())
            ? ArgoNames.podName(wf.getMetadata().getName(), node.getName(), node.getTemplateName())
            : "";
    rows.add(
        new String[] {
          prefix + icon(node.getPhase()) + " " + label,
          hidden ? "" : nz(node.getTemplateName()),
          podName,
          node.getStartedAt() == null
              ? ""
              : duration(node.getStartedAt(), node.getFinishedAt(), now),
          nz(node.getMessage())
        });
    List<NodeStatus> children = new ArrayList<>();
    if (node.getChildren() != null) {
      for (String id : node.getChildren()) {
        NodeStatus child = nodes.get(id);
        if (child != null) {
          children.add(child);
        }
      }
    }
    for (int i = 0; i < children.size(); i++) {
      boolean last = i == children.size() - 1;
      walk(
          wf,
          nodes,
          children.get(i),
          childPrefix + (last ? "└─" : "├─"),
          childPrefix + (last ? "  " : "│ "),
          seen,
          rows,
          now);
    }
  }

  static String icon(String phase) {
    if (phase == null) {
      return "◷";
    }
    return switch (phase) {
      case "Succeeded" -> "✔";
      case "Failed" -> "✖";
      case "Error" -> "⚠";
      case "Running" -> "●";
      case "Skipped", "Omitted" -> "○";
      default -> "◷";
    };
  }

  static String phase(WorkflowStatus s) {
    return s == null || s.getPhase() == null || s.getPhase().isEmpty() ? "Pending" : s.getPhase();
  }

  static String duration(OffsetDateTime start, OffsetDateTime end, Instant now) {
    Instant until = end == null ? now : end.toInstant();
    Duration d = Duration.between(start.toInstant(), until);
    if (d.isNegative()) {
      d = Duration.ZERO;
    }
    long s = d.toSeconds();
    if (s < 60) {
      return s + "s";
    }
    if (s < 3600) {
      return (s / 60) + "m" + (s % 60) + "s";
    }
    return (s / 3600) + "h" + (s % 3600 / 60) + "m";
  }

  private static String row(String key, String value) {
    return String.format("%-11s %s", key, nz(value));
  }

  private static String nz(String s) {
    return s == null ? "" : s;
  }
}
