package dev.hubflow.model.v1alpha1;

import com.google.gson.annotations.SerializedName;
import java.util.Objects;

/** The results, by node id. */
public class WorkflowTaskSetStatus {
  @SerializedName("nodes")
  private java.util.Map<String, NodeResult> nodes;

  public java.util.Map<String, NodeResult> getNodes() {
    return nodes;
  }

  public void setNodes(java.util.Map<String, NodeResult> nodes) {
    this.nodes = nodes;
  }

  public WorkflowTaskSetStatus nodes(java.util.Map<String, NodeResult> nodes) {
    this.nodes = nodes;
    return this;
  }

  public WorkflowTaskSetStatus putNodesItem(String key, NodeResult item) {
    if (this.nodes == null) {
      this.nodes = new java.util.LinkedHashMap<>();
    }
    this.nodes.put(key, item);
    return this;
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof WorkflowTaskSetStatus other && Objects.equals(nodes, other.nodes);
  }

  @Override
  public int hashCode() {
    return Objects.hash(nodes);
  }

  @Override
  public String toString() {
    return ModelJson.toJson(this);
  }
}
