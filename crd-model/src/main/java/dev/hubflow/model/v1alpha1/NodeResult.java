package dev.hubflow.model.v1alpha1;

import com.google.gson.annotations.SerializedName;
import java.util.Objects;

/** What an executor reports for one node: Argo's {@code NodeResult} (absent from the spec). */
public class NodeResult {
  @SerializedName("phase")
  private String phase;

  @SerializedName("message")
  private String message;

  @SerializedName("outputs")
  private Outputs outputs;

  @SerializedName("progress")
  private String progress;

  public String getPhase() {
    return phase;
  }

  public void setPhase(String phase) {
    this.phase = phase;
  }

  public NodeResult phase(String phase) {
    this.phase = phase;
    return this;
  }

  public String getMessage() {
    return message;
  }

  public void setMessage(String message) {
    this.message = message;
  }

  public NodeResult message(String message) {
    this.message = message;
    return this;
  }

  public Outputs getOutputs() {
    return outputs;
  }

  public void setOutputs(Outputs outputs) {
    this.outputs = outputs;
  }

  public NodeResult outputs(Outputs outputs) {
    this.outputs = outputs;
    return this;
  }

  public String getProgress() {
    return progress;
  }

  public void setProgress(String progress) {
    this.progress = progress;
  }

  public NodeResult progress(String progress) {
    this.progress = progress;
    return this;
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof NodeResult other
        && Objects.equals(phase, other.phase)
        && Objects.equals(message, other.message)
        && Objects.equals(outputs, other.outputs)
        && Objects.equals(progress, other.progress);
  }

  @Override
  public int hashCode() {
    return Objects.hash(phase, message, outputs, progress);
  }

  @Override
  public String toString() {
    return ModelJson.toJson(this);
  }
}
