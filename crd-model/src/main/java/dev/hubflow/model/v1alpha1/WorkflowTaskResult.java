package dev.hubflow.model.v1alpha1;

import com.google.gson.annotations.SerializedName;
import io.kubernetes.client.common.KubernetesObject;
import io.kubernetes.client.openapi.models.V1ObjectMeta;
import java.util.Objects;

/**
 * The outputs an executor writes for a node, named after the node id. Argo inlines a {@link
 * NodeResult} into the object (no {@code spec}), so its fields sit at the top level.
 */
public class WorkflowTaskResult implements KubernetesObject {
  public static final String API_VERSION = "argoproj.io/v1alpha1";
  public static final String KIND = "WorkflowTaskResult";

  @SerializedName("apiVersion")
  private String apiVersion = API_VERSION;

  @SerializedName("kind")
  private String kind = KIND;

  @SerializedName("metadata")
  private V1ObjectMeta metadata;

  @SerializedName("phase")
  private String phase;

  @SerializedName("message")
  private String message;

  @SerializedName("outputs")
  private Outputs outputs;

  @SerializedName("progress")
  private String progress;

  @Override
  public String getApiVersion() {
    return apiVersion;
  }

  public void setApiVersion(String apiVersion) {
    this.apiVersion = apiVersion;
  }

  @Override
  public String getKind() {
    return kind;
  }

  public void setKind(String kind) {
    this.kind = kind;
  }

  @Override
  public V1ObjectMeta getMetadata() {
    return metadata;
  }

  public void setMetadata(V1ObjectMeta metadata) {
    this.metadata = metadata;
  }

  public WorkflowTaskResult metadata(V1ObjectMeta metadata) {
    this.metadata = metadata;
    return this;
  }

  public String getPhase() {
    return phase;
  }

  public void setPhase(String phase) {
    this.phase = phase;
  }

  public WorkflowTaskResult phase(String phase) {
    this.phase = phase;
    return this;
  }

  public String getMessage() {
    return message;
  }

  public void setMessage(String message) {
    this.message = message;
  }

  public WorkflowTaskResult message(String message) {
    this.message = message;
    return this;
  }

  public Outputs getOutputs() {
    return outputs;
  }

  public void setOutputs(Outputs outputs) {
    this.outputs = outputs;
  }

  public WorkflowTaskResult outputs(Outputs outputs) {
    this.outputs = outputs;
    return this;
  }

  public String getProgress() {
    return progress;
  }

  public void setProgress(String progress) {
    this.progress = progress;
  }

  public WorkflowTaskResult progress(String progress) {
    this.progress = progress;
    return this;
  }

  /** The node result this object carries. */
  public NodeResult toNodeResult() {
    return new NodeResult().phase(phase).message(message).outputs(outputs).progress(progress);
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof WorkflowTaskResult other
        && Objects.equals(apiVersion, other.apiVersion)
        && Objects.equals(kind, other.kind)
        && Objects.equals(metadata, other.metadata)
        && Objects.equals(phase, other.phase)
        && Objects.equals(message, other.message)
        && Objects.equals(outputs, other.outputs)
        && Objects.equals(progress, other.progress);
  }

  @Override
  public int hashCode() {
    return Objects.hash(apiVersion, kind, metadata, phase, message, outputs, progress);
  }

  @Override
  public String toString() {
    return ModelJson.toJson(this);
  }
}
