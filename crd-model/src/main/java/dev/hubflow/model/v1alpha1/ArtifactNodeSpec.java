package dev.hubflow.model.v1alpha1;

import com.google.gson.annotations.SerializedName;
import java.util.Objects;

/** One node's artifacts to delete, and where its archived logs are. */
public class ArtifactNodeSpec {
  @SerializedName("archiveLocation")
  private ArtifactLocation archiveLocation;

  @SerializedName("artifacts")
  private java.util.Map<String, Artifact> artifacts;

  public ArtifactLocation getArchiveLocation() {
    return archiveLocation;
  }

  public void setArchiveLocation(ArtifactLocation archiveLocation) {
    this.archiveLocation = archiveLocation;
  }

  public ArtifactNodeSpec archiveLocation(ArtifactLocation archiveLocation) {
    this.archiveLocation = archiveLocation;
    return this;
  }

  public java.util.Map<String, Artifact> getArtifacts() {
    return artifacts;
  }

  public void setArtifacts(java.util.Map<String, Artifact> artifacts) {
    this.artifacts = artifacts;
  }

  public ArtifactNodeSpec artifacts(java.util.Map<String, Artifact> artifacts) {
    this.artifacts = artifacts;
    return this;
  }

  public ArtifactNodeSpec putArtifactsItem(String key, Artifact item) {
    if (this.artifacts == null) {
      this.artifacts = new java.util.LinkedHashMap<>();
    }
    this.artifacts.put(key, item);
    return this;
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof ArtifactNodeSpec other
        && Objects.equals(archiveLocation, other.archiveLocation)
        && Objects.equals(artifacts, other.artifacts);
  }

  @Override
  public int hashCode() {
    return Objects.hash(archiveLocation, artifacts);
  }

  @Override
  public String toString() {
    return ModelJson.toJson(this);
  }
}
