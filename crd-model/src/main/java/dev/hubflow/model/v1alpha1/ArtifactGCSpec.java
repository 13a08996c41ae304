package dev.hubflow.model.v1alpha1;

import com.google.gson.annotations.SerializedName;
import java.util.Objects;

/** The artifacts to delete, by node id. */
public class ArtifactGCSpec {
  @SerializedName("artifactsByNode")
  private java.util.Map<String, ArtifactNodeSpec> artifactsByNode;

  public java.util.Map<String, ArtifactNodeSpec> getArtifactsByNode() {
    return artifactsByNode;
  }

  public void setArtifactsByNode(java.util.Map<String, ArtifactNodeSpec> artifactsByNode) {
    this.artifactsByNode = artifactsByNode;
  }

  public ArtifactGCSpec artifactsByNode(java.util.Map<String, ArtifactNodeSpec> artifactsByNode) {
    this.artifactsByNode = artifactsByNode;
    return this;
  }

  public ArtifactGCSpec putArtifactsByNodeItem(String key, ArtifactNodeSpec item) {
    if (this.artifactsByNode == null) {
      this.artifactsByNode = new java.util.LinkedHashMap<>();
    }
    this.artifactsByNode.put(key, item);
    return this;
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof ArtifactGCSpec other
        && Objects.equals(artifactsByNode, other.artifactsByNode);
  }

  @Override
  public int hashCode() {
    return Objects.hash(artifactsByNode);
  }

  @Override
  public String toString() {
    return ModelJson.toJson(this);
  }
}
