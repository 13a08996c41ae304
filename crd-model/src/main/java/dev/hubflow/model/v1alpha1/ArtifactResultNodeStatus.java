package dev.hubflow.model.v1alpha1;

import com.google.gson.annotations.SerializedName;
import java.util.Objects;

/** What became of one node's artifacts, by artifact name. */
public class ArtifactResultNodeStatus {
  @SerializedName("artifactResults")
  private java.util.Map<String, ArtifactResult> artifactResults;

  public java.util.Map<String, ArtifactResult> getArtifactResults() {
    return artifactResults;
  }

  public void setArtifactResults(java.util.Map<String, ArtifactResult> artifactResults) {
    this.artifactResults = artifactResults;
  }

  public ArtifactResultNodeStatus artifactResults(
      java.util.Map<String, ArtifactResult> artifactResults) {
    this.artifactResults = artifactResults;
    return this;
  }

  public ArtifactResultNodeStatus putArtifactResultsItem(String key, ArtifactResult item) {
    if (this.artifactResults == null) {
      this.artifactResults = new java.util.LinkedHashMap<>();
    }
    this.artifactResults.put(key, item);
    return this;
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof ArtifactResultNodeStatus other
        && Objects.equals(artifactResults, other.artifactResults);
  }

  @Override
  public int hashCode() {
    return Objects.hash(artifactResults);
  }

  @Override
  public String toString() {
    return ModelJson.toJson(this);
  }
}
