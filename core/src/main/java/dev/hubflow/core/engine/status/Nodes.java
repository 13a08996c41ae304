package dev.hubflow.core.engine.status;

import dev.hubflow.core.argo.ArgoNames;
import dev.hubflow.model.v1alpha1.NodeFlag;
import dev.hubflow.model.v1alpha1.NodeStatus;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Map;
import java.util.function.Predicate;
import java.util.regex.Pattern;

/**
 * The node tree of one workflow's status ({@code status.nodes}), edited in place the way Argo's
 * operator edits it: nodes are found by name (their id is derived from it), created once, and moved
 * from phase to phase.
 */
public final class Nodes {
  // Argo strips "[n]." or "." after the boundary's name to make a display name.
  private static final Pattern STEPS_OR_DAG_SEPARATOR = Pattern.compile("^(\\[\\d+\\])?\\.");

  private final String workflowName;
  private final Map<String, NodeStatus> byId;
  private final OffsetDateTime now;

  public Nodes(String workflowName, Map<String, NodeStatus> byId, OffsetDateTime now) {
    this.workflowName = workflowName;
    this.byId = byId;
    this.now = now;
  }

  public String id(String nodeName) {
    return ArgoNames.nodeId(workflowName, nodeName);
  }

  public NodeStatus byName(String nodeName) {
    return byId.get(id(nodeName));
  }

  public NodeStatus byId(String id) {
    return id == null ? null : byId.get(id);
  }

  public Collection<NodeStatus> all() {
    return byId.values();
  }

  public long count(Predicate<NodeStatus> filter) {
    return byId.values().stream().filter(filter).count();
  }

  /** Argo's {@code initializeNode}: a new node, started now. */
  public NodeStatus init(
      String nodeName,
      String type,
      String templateName,
      String boundaryId,
      String phase,
      NodeFlag flag,
      String message) {
    String id = id(nodeName);
    if (byId.containsKey(id)) {
      throw new IllegalStateException("node " + nodeName + " already initialized");
    }
    NodeStatus node = new NodeStatus().id(id).name(nodeName).type(type).phase(phase).startedAt(now);
    if (templateName != null && !templateName.isEmpty()) {
      node.setTemplateName(templateName);
    }
    if (boundaryId != null && !boundaryId.isEmpty()) {
      node.setBoundaryID(boundaryId);
    }
    if (flag != null
        && (Boolean.TRUE.equals(flag.getHooked()) || Boolean.TRUE.equals(flag.getRetried()))) {
      node.setNodeFlag(flag);
    }
    NodeStatus boundary = byId(boundaryId);
    if (boundary != null && nodeName.startsWith(boundary.getName())) {
      String display = nodeName.substring(boundary.getName().length());
      node.setDisplayName(STEPS_OR_DAG_SEPARATOR.matcher(display).replaceFirst(""));
    } else {
      node.setDisplayName(nodeName);
    }
    if (Phase.fulfilled(phase)) {
      node.setFinishedAt(now);
    }
    if (message != null && !message.isEmpty()) {
      node.setMessage(message);
    }
    byId.put(id, node);
    return node;
  }

  /** Argo's {@code markNodePhase}; a null message leaves the message as it is. */
  public NodeStatus markPhase(String nodeName, String phase, String message) {
    NodeStatus node = byName(nodeName);
    if (node == null) {
      throw new IllegalStateException("node " + nodeName + " not initialized");
    }
    node.setPhase(phase);
    if (message != null) {
      node.setMessage(message.isEmpty() ? null : message);
    }
    if (Phase.fulfilled(phase) && node.getFinishedAt() == null) {
      node.setFinishedAt(now);
    }
    return node;
  }

  public NodeStatus markPhase(String nodeName, String phase) {
    return markPhase(nodeName, phase, null);
  }

  /** Argo's {@code addChildNode}: idempotent. */
  public void addChild(String parentName, String childName) {
    NodeStatus parent = byName(parentName);
    if (parent == null) {
      throw new IllegalStateException("parent node " + parentName + " not initialized");
    }
    String childId = id(childName);
    if (parent.getChildren() == null) {
      parent.setChildren(new ArrayList<>());
    }
    if (!parent.getChildren().contains(childId)) {
      parent.getChildren().add(childId);
    }
  }

  public static boolean hooked(NodeStatus node) {
    return node.getNodeFlag() != null && Boolean.TRUE.equals(node.getNodeFlag().getHooked());
  }

  public static boolean retried(NodeStatus node) {
    return node.getNodeFlag() != null && Boolean.TRUE.equals(node.getNodeFlag().getRetried());
  }

  public static boolean activeSuspend(NodeStatus node) {
    return NodeType.SUSPEND.equals(node.getType()) && Phase.RUNNING.equals(node.getPhase());
  }
}
