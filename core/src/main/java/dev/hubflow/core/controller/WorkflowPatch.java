package dev.hubflow.core.controller;

import com.google.gson.ExclusionStrategy;
import com.google.gson.FieldAttributes;
import com.google.gson.Gson;
import com.google.gson.JsonElement;
import com.google.gson.JsonNull;
import com.google.gson.JsonObject;
import dev.hubflow.model.v1alpha1.ModelJson;
import dev.hubflow.model.v1alpha1.NodeStatus;
import dev.hubflow.model.v1alpha1.Workflow;
import dev.hubflow.model.v1alpha1.WorkflowStatus;
import io.kubernetes.client.openapi.models.V1ObjectMeta;
import java.util.Map;
import java.util.Optional;

/**
 * The JSON merge patch (RFC 7386) that turns the workflow the controller observed into the one the
 * engine wants, limited to what the controller owns: {@code status} and {@code metadata.labels}.
 * Argo's CRD has no status subresource, so status is patched on the main resource.
 */
final class WorkflowPatch {

  /** The model's JSON form with a status's node map left out (it is diffed node by node). */
  private static final Gson WITHOUT_NODES =
      ModelJson.gson()
          .newBuilder()
          .addSerializationExclusionStrategy(
              new ExclusionStrategy() {
                @Override
                public boolean shouldSkipField(FieldAttributes field) {
                  return field.getDeclaringClass() == WorkflowStatus.class
                      && field.getName().equals("nodes");
                }

                @Override
                public boolean shouldSkipClass(Class<?> type) {
                  return false;
                }
              })
          .create();

  private WorkflowPatch() {}

  /**
   * The patch, or empty when nothing the controller owns changed. The patch carries the observed
   * {@code resourceVersion}, so the server refuses it (409) if someone wrote in between instead of
   * silently merging into a status we never saw.
   */
  static Optional<String> between(Workflow observed, Workflow desired) {
    JsonObject patch = new JsonObject();

    JsonObject statusPatch = statusDiff(observed.getStatus(), desired.getStatus());
    if (!statusPatch.isEmpty()) {
      patch.add("status", statusPatch);
    }
    JsonObject labelsPatch = diff(labels(observed), labels(desired));
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

  /**
   * The workflow as the server stores it once the patch from {@code observed} to {@code desired} is
   * applied: the desired status and labels on the observed rest, with the version the server gave
   * it. Shares parts with both (neither is changed afterwards: both are read-only here).
   */
  static Workflow applied(Workflow observed, Workflow desired, String resourceVersion) {
    V1ObjectMeta meta = observed.getMetadata();
    V1ObjectMeta written =
        new V1ObjectMeta()
            .name(meta.getName())
            .generateName(meta.getGenerateName())
            .namespace(meta.getNamespace())
            .uid(meta.getUid())
            .resourceVersion(resourceVersion)
            .selfLink(meta.getSelfLink())
            .generation(meta.getGeneration())
            .creationTimestamp(meta.getCreationTimestamp())
            .deletionTimestamp(meta.getDeletionTimestamp())
            .deletionGracePeriodSeconds(meta.getDeletionGracePeriodSeconds())
            .labels(desired.getMetadata().getLabels())
            .annotations(meta.getAnnotations())
            .ownerReferences(meta.getOwnerReferences())
            .finalizers(meta.getFinalizers())
            .managedFields(meta.getManagedFields());
    return new Workflow()
        .apiVersion(observed.getApiVersion())
        .kind(observed.getKind())
        .metadata(written)
        .spec(observed.getSpec())
        .status(desired.getStatus());
  }

  /**
   * The status part of the patch. Nodes are compared as objects first and only the ones that differ
   * are turned into JSON, so the cost follows what changed rather than the size of the status.
   */
  private static JsonObject statusDiff(WorkflowStatus before, WorkflowStatus after) {
    if (before == null || after == null || before.getNodes() == null || after.getNodes() == null) {
      return diff(tree(ModelJson.gson(), before), tree(ModelJson.gson(), after));
    }
    JsonObject patch = diff(tree(WITHOUT_NODES, before), tree(WITHOUT_NODES, after));
    JsonObject nodes = nodesDiff(before.getNodes(), after.getNodes());
    if (!nodes.isEmpty()) {
      patch.add("nodes", nodes);
    }
    return patch;
  }

  private static JsonObject nodesDiff(
      Map<String, NodeStatus> before, Map<String, NodeStatus> after) {
    JsonObject patch = new JsonObject();
    for (Map.Entry<String, NodeStatus> entry : after.entrySet()) {
      NodeStatus was = before.get(entry.getKey());
      NodeStatus now = entry.getValue();
      if (now == null) {
        if (was != null) {
          patch.add(entry.getKey(), JsonNull.INSTANCE);
        }
      } else if (was == null) {
        patch.add(entry.getKey(), ModelJson.gson().toJsonTree(now));
      } else if (!now.equals(was)) {
        JsonObject nested = diff(tree(ModelJson.gson(), was), tree(ModelJson.gson(), now));
        if (!nested.isEmpty()) {
          patch.add(entry.getKey(), nested);
        }
      }
    }
    for (Map.Entry<String, NodeStatus> entry : before.entrySet()) {
      if (!after.containsKey(entry.getKey()) && entry.getValue() != null) {
        patch.add(entry.getKey(), JsonNull.INSTANCE);
      }
    }
    return patch;
  }

  private static JsonObject labels(Workflow workflow) {
    Map<String, String> labels =
        workflow.getMetadata() == null ? null : workflow.getMetadata().getLabels();
    return labels == null ? new JsonObject() : tree(ModelJson.gson(), labels);
  }

  private static JsonObject tree(Gson gson, Object value) {
    if (value == null) {
      return new JsonObject();
    }
    JsonElement tree = gson.toJsonTree(value);
    return tree.isJsonObject() ? tree.getAsJsonObject() : new JsonObject();
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
}
