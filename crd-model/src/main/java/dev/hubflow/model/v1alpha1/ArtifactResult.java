package dev.hubflow.model.v1alpha1;

import com.google.gson.annotations.SerializedName;
import java.util.Objects;

/** Whether one artifact was deleted. */
public class ArtifactResult {
  @SerializedName("name")
  private String name;

  @SerializedName("success")
  private Boolean success;

  @SerializedName("error")
  private String error;

  public String getName() {
    return name;
  }

  public void setName(String name) {
    this.name = name;
  }

  public ArtifactResult name(String name) {
    this.name = name;
    return this;
  }

  public Boolean getSuccess() {
    return success;
  }

  public void setSuccess(Boolean success) {
    this.success = success;
  }

  public ArtifactResult success(Boolean success) {
    this.success = success;
    return this;
  }

  public String getError() {
    return error;
  }

  public void setError(String error) {
    this.error = error;
  }

  public ArtifactResult error(String error) {
    this.error = error;
    return this;
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof ArtifactResult other
        && Objects.equals(name, other.name)
        && Objects.equals(success, other.success)
        && Objects.equals(error, other.error);
  }

  @Override
  public int hashCode() {
    return Objects.hash(name, success, error);
  }

  @Override
  public String toString() {
    return ModelJson.toJson(this);
  }
}
