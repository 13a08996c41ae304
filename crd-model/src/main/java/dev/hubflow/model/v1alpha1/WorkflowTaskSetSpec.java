package dev.hubflow.model.v1alpha1;

import com.google.gson.annotations.SerializedName;
import java.util.Objects;

/** The templates to run, by node id. */
public class WorkflowTaskSetSpec {
  @SerializedName("tasks")
  private java.util.Map<String, Template> tasks;

  public java.util.Map<String, Template> getTasks() {
    return tasks;
  }

  public void setTasks(java.util.Map<String, Template> tasks) {
    this.tasks = tasks;
  }

  public WorkflowTaskSetSpec tasks(java.util.Map<String, Template> tasks) {
    this.tasks = tasks;
    return this;
  }

  public WorkflowTaskSetSpec putTasksItem(String key, Template item) {
    if (this.tasks == null) {
      this.tasks = new java.util.LinkedHashMap<>();
    }
    this.tasks.put(key, item);
    return this;
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof WorkflowTaskSetSpec other && Objects.equals(tasks, other.tasks);
  }

  @Override
  public int hashCode() {
    return Objects.hash(tasks);
  }

  @Override
  public String toString() {
    return ModelJson.toJson(this);
  }
}
