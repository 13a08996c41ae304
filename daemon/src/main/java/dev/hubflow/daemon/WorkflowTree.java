package dev.hubflow.daemon;

import dev.hubflow.core.argo.ArgoNames;
import dev.hubflow.model.v1alpha1.NodeStatus;
import dev.hubflow.model.v1alpha1.Workflow;
import dev.hubflow.model.v1alpha1.WorkflowStatus;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

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

  /**
   * The node table as {@code argo get} lays it out: a node sits under the step group or retry that
   * lists it as a child, else under its boundary (the steps or DAG template it runs in); step
   * groups are not rows of their own but fork lines, a retry with one attempt and omitted nodes are
   * left out, and siblings go in order of start (then item index, then name). The exit handler's
   * tree follows the main one after a blank line.
   */
  static List<String> nodes(Workflow wf, Instant now) {
    List<String> lines = new ArrayList<>();
    Map<String, NodeStatus> nodes =
        wf.getStatus() == null || wf.getStatus().getNodes() == null
            ? Map.of()
            : wf.getStatus().getNodes();
    String name = wf.getMetadata().getName();
    if (!nodes.containsKey(name)) {
      return lines;
    }
    Layout layout = new Layout(nodes);
    List<String[]> rows = new ArrayList<>();
    layout.render(wf, name, " ", " ", rows, now);
    for (String root : layout.roots) {
      if ((name + ".onExit").equals(nodes.get(root).getName())) {
        rows.add(new String[] {"", "", "", "", ""});
        layout.render(wf, root, " ", " ", rows, now);
      }
    }
    int[] width = {"STEP".length(), "TEMPLATE".length(), "PODNAME".length(), "DURATION".length()};
    for (String[] r : rows) {
      for (int c = 0; c < width.length; c++) {
        width[c] = Math.max(width[c], r[c].length());
      }
    }
    String format =
        "%-" + width[0] + "s  %-" + width[1] + "s  %-" + width[2] + "s  %-" + width[3] + "s  %s";
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

  /** Which node is drawn under which, worked out once per drawing. */
  private static final class Layout {
    private final Map<String, NodeStatus> nodes;
    private final Map<String, List<String>> under = new HashMap<>();
    private final List<String> roots = new ArrayList<>();

    Layout(Map<String, NodeStatus> nodes) {
      this.nodes = nodes;
      Map<String, String> group = new HashMap<>();
      nodes.forEach(
          (id, n) -> {
            if (isGroup(n) && n.getChildren() != null) {
              n.getChildren().forEach(child -> group.put(child, id));
            }
          });
      nodes.forEach(
          (id, n) -> {
            if (!isBoundary(n) && !isGroup(n) && !isLeaf(n)) {
              return; // e.g. a TaskGroup: its tasks hang off the DAG itself
            }
            String parent = group.get(id);
            if (parent == null && n.getBoundaryID() != null && !n.getBoundaryID().isEmpty()) {
              parent = n.getBoundaryID();
            }
            if (parent == null) {
              roots.add(id);
            } else {
              under.computeIfAbsent(parent, k -> new ArrayList<>()).add(id);
            }
          });
      Comparator<String> order =
          Comparator.comparing(
                  (String id) -> nodes.get(id).getStartedAt(),
                  Comparator.nullsFirst(Comparator.naturalOrder()))
              .thenComparing(this::byIndexThenName);
      under.values().forEach(list -> list.sort(order));
    }

    private int byIndexThenName(String a, String b) {
      String da = label(nodes.get(a));
      String db = label(nodes.get(b));
      int ia = index(da);
      int ib = index(db);
      return ia >= 0 && ib >= 0 ? Integer.compare(ia, ib) : da.compareTo(db);
    }

    void render(
        Workflow wf,
        String id,
        String nodePrefix,
        String childPrefix,
        List<String[]> rows,
        Instant now) {
      NodeStatus node = nodes.get(id);
      boolean stepGroup = "StepGroup".equals(node.getType());
      boolean hidden =
          stepGroup
              || ("Retry".equals(node.getType())
                  && node.getChildren() != null
                  && node.getChildren().size() == 1)
              || ("Skipped".equals(node.getType()) && "Omitted".equals(node.getPhase()));
      if (!hidden) {
        rows.add(row(wf, node, nodePrefix, now));
      }
      List<String> children = under.getOrDefault(id, List.of());
      int last = children.size() - 1;
      for (int i = 0; i <= last; i++) {
        String part;
        String sub;
        if (!hidden) {
          part = i == last ? "└─" : "├─";
          sub = i == last ? "  " : "│ ";
          render(wf, children.get(i), childPrefix + part, childPrefix + sub, rows, now);
          continue;
        }
        if (stepGroup) {
          // The group's steps fork off the line that leads to the group.
          part = last == 0 ? "──" : i == 0 ? "┬─" : i == last ? "└─" : "├─";
          sub = i == last ? "  " : "│ ";
        } else {
          part = "";
          sub = "";
        }
        String prefix = (i == 0 ? nodePrefix : childPrefix) + part;
        render(wf, children.get(i), prefix, childPrefix + sub, rows, now);
      }
    }
  }

  private static String[] row(Workflow wf, NodeStatus node, String prefix, Instant now) {
    boolean pod = "Pod".equals(node.getType());
    boolean suspended = "Suspend".equals(node.getType()) && "Running".equals(node.getPhase());
    String template =
        node.getTemplateRef() != null
            ? node.getTemplateRef().getName() + "/" + node.getTemplateRef().getTemplate()
            : nz(node.getTemplateName());
    return new String[] {
      prefix + (suspended ? "ǁ" : icon(node.getPhase())) + " " + label(node),
      template,
      pod
          ? ArgoNames.podName(wf.getMetadata().getName(), node.getName(), node.getTemplateName())
          : "",
      pod && node.getStartedAt() != null
          ? duration(node.getStartedAt(), node.getFinishedAt(), now)
          : "",
      nz(node.getMessage())
    };
  }

  private static boolean isBoundary(NodeStatus n) {
    return "DAG".equals(n.getType()) || "Steps".equals(n.getType());
  }

  private static boolean isGroup(NodeStatus n) {
    return "StepGroup".equals(n.getType()) || "Retry".equals(n.getType());
  }

  private static boolean isLeaf(NodeStatus n) {
    return switch (nz(n.getType())) {
      case "Pod", "Skipped", "Suspend", "HTTP", "Plugin" -> true;
      default -> false;
    };
  }

  private static String label(NodeStatus n) {
    return n.getDisplayName() != null && !n.getDisplayName().isEmpty()
        ? n.getDisplayName()
        : nz(n.getName());
  }

  /** The item or attempt index in a name such as {@code step(2:x)} or {@code step(2)}, else -1. */
  static int index(String name) {
    int open = name.lastIndexOf('(');
    if (open < 0 || !name.endsWith(")")) {
      return -1;
    }
    String inner = name.substring(open + 1, name.length() - 1);
    int colon = inner.indexOf(':');
    try {
      return Integer.parseInt(colon < 0 ? inner : inner.substring(0, colon));
    } catch (NumberFormatException notIndexed) {
      return -1;
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
