package dev.hubflow.model.v1alpha1;

import com.google.gson.annotations.SerializedName;
import io.kubernetes.client.common.KubernetesListObject;
import io.kubernetes.client.openapi.models.V1ListMeta;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/** A list of {@link WorkflowTaskSet}s, as the API server returns it. */
public class WorkflowTaskSetList implements KubernetesListObject {
  @SerializedName("apiVersion")
  private String apiVersion = WorkflowTaskSet.API_VERSION;

  @SerializedName("kind")
  private String kind = "WorkflowTaskSetList";

  @SerializedName("metadata")
  private V1ListMeta metadata;

  @SerializedName("items")
  private List<WorkflowTaskSet> items = new ArrayList<>();

  @Override
  public String getApiVersion() {
    return apiVersion;
  }

  public void setApiVersion(String apiVersion) {
    this.apiVersion = apiVersion;
  }

  public WorkflowTaskSetList apiVersion(String apiVersion) {
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

  public WorkflowTaskSetList kind(String kind) {
    this.kind = kind;
    return this;
  }

  @Override
  public V1ListMeta getMetadata() {
    return metadata;
  }

  public void setMetadata(V1ListMeta metadata) {
    this.metadata = metadata;
  }

  public WorkflowTaskSetList metadata(V1ListMeta metadata) {
    this.metadata = metadata;
    return this;
  }

  @Override
  public List<WorkflowTaskSet> getItems() {
    return items;
  }

  public void setItems(List<WorkflowTaskSet> items) {
    this.items = items;
  }

  public WorkflowTaskSetList items(List<WorkflowTaskSet> items) {
    this.items = items;
    return this;
  }

  public WorkflowTaskSetList addItemsItem(WorkflowTaskSet item) {
    this.items.add(item);
    return this;
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof WorkflowTaskSetList other
        && Objects.equals(apiVersion, other.apiVersion)
        && Objects.equals(kind, other.kind)
        && Objects.equals(metadata, other.metadata)
        && Objects.equals(items, other.items);
  }

  @Override
  public int hashCode() {
    return Objects.hash(apiVersion, kind, metadata, items);
  }

  @Override
  public String toString() {
    return ModelJson.toJson(this);
  }
}
