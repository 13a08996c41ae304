package dev.hubflow.core.controller;

import com.google.gson.JsonElement;
import com.google.gson.JsonNull;
import com.google.gson.JsonObject;
import dev.hubflow.model.v1alpha1.ModelJson;
import dev.hubflow.model.v1alpha1.Workflow;
import java.util.Map;
import java.util.Optional;

/**
 * The JSON merge patch (RFC 7386) that turns the workflow the controller observed into the one the
 * engine wants, limited to what the controller owns: {@code status} and {@code metadata.labels}.
 * Argo's CRD has no status subresource, so status is patched on the main resource.
 */
final class WorkflowPatch {

  private WorkflowPatch() {}

  /**
   * The patch, or empty when nothing the controller owns changed. The patch carries the observed
   * {@code resourceVersion}, so the server refuses it (409) if someone wrote in between instead of
   * silently merging into a status we never saw.
   */
  static Optional<String> between(Workflow observed, Workflow desired) {
    JsonObject before = ModelJson.gson().toJsonTree(observed).getAsJsonObject();
    JsonObject after = ModelJson.gson().toJsonTree(desired).getAsJsonObject();
    JsonObject patch = new JsonObject();

    JsonObject statusPatch = diff(child(before, "status"), child(after, "status"));
    if (!statusPatch.isEmpty()) {
      patch.add("status", statusPatch);
    }
    JsonObject labelsPatch =
        diff(child(child(before, "metadata"), "labels"), child(child(after, "metadata"), "labels"));
    if (labelsPatch.isEmpty() && patch.isEmpty()) {
      return Optional.empty();
    }
    JsonObject metadata = new JsonObject();
    if (!labelsPatch.isEmpty()) {
      metadata.add("labels", labelsPatch);
    }
    String resourceVersion = observed.getMetadata().getResourceVersion();
    if (resourceVersion != null) {
      metadata.addProperty("resourceVersion", resourceVersion);
    }
    patch.add("metadata", metadata);
    return Optional.of(patch.toString());
  }

  /** The merge patch from {@code before} to {@code after}: changed keys, and nulls for removed. */
  static JsonObject diff(JsonObject before, JsonObject after) {
    JsonObject patch = new JsonObject();
    for (Map.Entry<String, JsonElement> entry : after.entrySet()) {
      String key = entry.getKey();
      JsonElement newValue = entry.getValue();
      JsonElement oldValue = before.get(key);
      if (newValue.isJsonNull()) {
        if (oldValue != null && !oldValue.isJsonNull()) {
          patch.add(key, JsonNull.INSTANCE);
        }
      } else if (oldValue != null && oldValue.isJsonObject() && newValue.isJsonObject()) {
        JsonObject nested = diff(oldValue.getAsJsonObject(), newValue.getAsJsonObject());
        if (!nested.isEmpty()) {
          patch.add(key, nested);
        }
      } else if (!newValue.equals(oldValue)) {
        // Lists and scalars are replaced whole: a merge patch cannot address list items.
        patch.add(key, newValue);
      }
    }
    for (String key : before.keySet()) {
      if (!after.has(key) && !before.get(key).isJsonNull()) {
        patch.add(key, JsonNull.INSTANCE);
      }
    }
    return patch;
  }

  private static JsonObject child(JsonObject parent, String key) {
    JsonElement value = parent.get(key);
    return value != null && value.isJsonObject() ? value.getAsJsonObject() : new JsonObject();
  }
}
