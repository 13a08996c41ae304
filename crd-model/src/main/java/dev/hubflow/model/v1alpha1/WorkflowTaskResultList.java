package dev.hubflow.model.v1alpha1;

import com.google.gson.annotations.SerializedName;
import io.kubernetes.client.common.KubernetesListObject;
import io.kubernetes.client.openapi.models.V1ListMeta;
import java.util.ArrayList;
import java.util.List;

/** A list of {@link WorkflowTaskResult}s, as the API server returns it. */
public class WorkflowTaskResultList implements KubernetesListObject {
  @SerializedName("apiVersion")
  private String apiVersion = WorkflowTaskResult.API_VERSION;

  @SerializedName("kind")
  private String kind = "WorkflowTaskResultList";

  @SerializedName("metadata")
  private V1ListMeta metadata;

  @SerializedName("items")
  private List<WorkflowTaskResult> items = new ArrayList<>();

  @Override
  public String getApiVersion() {
    return apiVersion;
  }

  @Override
  public String getKind() {
    return kind;
  }

  @Override
  public V1ListMeta getMetadata() {
    return metadata;
  }

  public void setMetadata(V1ListMeta metadata) {
    this.metadata = metadata;
  }

  @Override
  public List<WorkflowTaskResult> getItems() {
    return items;
  }

  public void setItems(List<WorkflowTaskResult> items) {
    this.items = items;
  }
}
