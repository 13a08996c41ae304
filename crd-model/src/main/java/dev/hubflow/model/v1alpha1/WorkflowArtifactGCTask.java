package dev.hubflow.model.v1alpha1;

import com.google.gson.annotations.SerializedName;
import io.kubernetes.client.common.KubernetesObject;
import io.kubernetes.client.openapi.models.V1ObjectMeta;
import java.util.Objects;

/**
 * The artifacts a garbage-collection pod deletes and what became of each: Argo's {@code
 * WorkflowArtifactGCTask}, absent from the spec.
 */
public class WorkflowArtifactGCTask implements KubernetesObject {
  public static final String API_VERSION = "argoproj.io/v1alpha1";
  public static final String KIND = "WorkflowArtifactGCTask";

  @SerializedName("apiVersion")
  private String apiVersion = API_VERSION;

  @SerializedName("kind")
  private String kind = KIND;

  @SerializedName("metadata")
  private V1ObjectMeta metadata;

  @SerializedName("spec")
  private ArtifactGCSpec spec;

  @SerializedName("status")
  private ArtifactGCStatus status;

  @Override
  public String getApiVersion() {
    return apiVersion;
  }

  public void setApiVersion(String apiVersion) {
    this.apiVersion = apiVersion;
  }

  public WorkflowArtifactGCTask apiVersion(String apiVersion) {
    this.apiVersion = apiVersion;
    return this;
  }

  @Override
  public String getKind() {
    return kind;
  }

  public void setKind(String kind) {
    this.kind = kind;
  }

  public WorkflowArtifactGCTask kind(String kind) {
    this.kind = kind;
    return this;
  }

  @Override
  public V1ObjectMeta getMetadata() {
    return metadata;
  }

  public void setMetadata(V1ObjectMeta metadata) {
    this.metadata = metadata;
  }

  public WorkflowArtifactGCTask metadata(V1ObjectMeta metadata) {
    this.metadata = metadata;
    return this;
  }

  public ArtifactGCSpec getSpec() {
    return spec;
  }

  public void setSpec(ArtifactGCSpec spec) {
    this.spec = spec;
  }

  public WorkflowArtifactGCTask spec(ArtifactGCSpec spec) {
    this.spec = spec;
    return this;
  }

  public ArtifactGCStatus getStatus() {
    return status;
  }

  public void setStatus(ArtifactGCStatus status) {
    this.status = status;
  }

  public WorkflowArtifactGCTask status(ArtifactGCStatus status) {
    this.status = status;
    return this;
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof WorkflowArtifactGCTask other
        && Objects.equals(apiVersion, other.apiVersion)
        && Objects.equals(kind, other.kind)
        && Objects.equals(metadata, other.metadata)
        && Objects.equals(spec, other.spec)
        && Objects.equals(status, other.status);
  }

  @Override
  public int hashCode() {
    return Objects.hash(apiVersion, kind, metadata, spec, status);
  }

  @Override
  public String toString() {
    return ModelJson.toJson(this);
  }
}
