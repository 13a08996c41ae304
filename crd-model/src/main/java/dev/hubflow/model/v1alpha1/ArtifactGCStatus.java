package dev.hubflow.model.v1alpha1;

import com.google.gson.annotations.SerializedName;
import java.util.Objects;

/** What became of the artifacts, by node id. */
public class ArtifactGCStatus {
  @SerializedName("artifactResultsByNode")
  private java.util.Map<String, ArtifactResultNodeStatus> artifactResultsByNode;

  public java.util.Map<String, ArtifactResultNodeStatus> getArtifactResultsByNode() {
    return artifactResultsByNode;
  }

  public void setArtifactResultsByNode(
      java.util.Map<String, ArtifactResultNodeStatus> artifactResultsByNode) {
    this.artifactResultsByNode = artifactResultsByNode;
  }

  public ArtifactGCStatus artifactResultsByNode(
      java.util.Map<String, ArtifactResultNodeStatus> artifactResultsByNode) {
    this.artifactResultsByNode = artifactResultsByNode;
    return this;
  }

  public ArtifactGCStatus putArtifactResultsByNodeItem(String key, ArtifactResultNodeStatus item) {
    if (this.artifactResultsByNode == null) {
      this.artifactResultsByNode = new java.util.LinkedHashMap<>();
    }
    this.artifactResultsByNode.put(key, item);
    return this;
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof ArtifactGCStatus other
        && Objects.equals(artifactResultsByNode, other.artifactResultsByNode);
  }

  @Override
  public int hashCode() {
    return Objects.hash(artifactResultsByNode);
  }

  @Override
  public String toString() {
    return ModelJson.toJson(this);
  }
}
