package dev.hubflow.core.engine.run;

import dev.hubflow.core.engine.status.NodeType;
import dev.hubflow.core.engine.status.Nodes;
import dev.hubflow.model.v1alpha1.NodeStatus;
import java.util.ArrayList;
import java.util.List;

/** Argo's {@code getOutboundNodes}: the nodes a following step or task hangs from. */
public final class Outbound {
  private Outbound() {}

  public static List<String> of(Nodes nodes, String nodeId) {
    NodeStatus node = nodes.byId(nodeId);
    if (node == null) {
      return List.of(nodeId);
    }
    String type = node.getType();
    if (NodeType.SKIPPED.equals(type)
        || NodeType.SUSPEND.equals(type)
        || NodeType.POD.equals(type)
        || "HTTP".equals(type)
        || "Plugin".equals(type)) {
      return List.of(node.getId());
    }
    if ("Container".equals(type) || NodeType.TASK_GROUP.equals(type)) {
      if (node.getChildren() == null || node.getChildren().isEmpty()) {
        return List.of(node.getId());
      }
      List<String> out = new ArrayList<>();
      for (String child : node.getChildren()) {
        out.addAll(of(nodes, child));
      }
      return out;
    }
    if (NodeType.RETRY.equals(type)) {
      if (node.getChildren() != null && !node.getChildren().isEmpty()) {
        return List.of(node.getChildren().get(node.getChildren().size() - 1));
      }
    }
    List<String> out = new ArrayList<>();
    if (node.getOutboundNodes() != null) {
      for (String id : node.getOutboundNodes()) {
        out.addAll(of(nodes, id));
      }
    }
    return out;
  }
}
