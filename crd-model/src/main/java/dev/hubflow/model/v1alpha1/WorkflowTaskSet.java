package dev.hubflow.model.v1alpha1;

import com.google.gson.annotations.SerializedName;
import io.kubernetes.client.common.KubernetesObject;
import io.kubernetes.client.openapi.models.V1ObjectMeta;
import java.util.Objects;

/**
 * The templates the controller hands to the agent (HTTP and plugin nodes) and the results it
 * reports back: Argo's {@code WorkflowTaskSet}, absent from the spec.
 */
public class WorkflowTaskSet implements KubernetesObject {
  public static final String API_VERSION = "argoproj.io/v1alpha1";
  public static final String KIND = "WorkflowTaskSet";

  @SerializedName("apiVersion")
  private String apiVersion = API_VERSION;

  @SerializedName("kind")
  private String kind = KIND;

  @SerializedName("metadata")
  private V1ObjectMeta metadata;

  @SerializedName("spec")
  private WorkflowTaskSetSpec spec;

  @SerializedName("status")
  private WorkflowTaskSetStatus status;

  @Override
  public String getApiVersion() {
    return apiVersion;
  }

  public void setApiVersion(String apiVersion) {
    this.apiVersion = apiVersion;
  }

  public WorkflowTaskSet apiVersion(String apiVersion) {
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

  public WorkflowTaskSet kind(String kind) {
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

  public WorkflowTaskSet metadata(V1ObjectMeta metadata) {
    this.metadata = metadata;
    return this;
  }

  public WorkflowTaskSetSpec getSpec() {
    return spec;
  }

  public void setSpec(WorkflowTaskSetSpec spec) {
    this.spec = spec;
  }

  public WorkflowTaskSet spec(WorkflowTaskSetSpec spec) {
    this.spec = spec;
    return this;
  }

  public WorkflowTaskSetStatus getStatus() {
    return status;
  }

  public void setStatus(WorkflowTaskSetStatus status) {
    this.status = status;
  }

  public WorkflowTaskSet status(WorkflowTaskSetStatus status) {
    this.status = status;
    return this;
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof WorkflowTaskSet other
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
