package dev.hubflow.testkit.apiserver.store;

import com.google.gson.JsonArray;
import com.google.gson.JsonObject;
import java.util.List;

/**
 * One page of a list.
 *
 * @param continueToken null on the last page
 * @param remainingItemCount null unless a limit cut the list
 */
public record ListResult(
    List<JsonObject> items, long resourceVersion, String continueToken, Long remainingItemCount) {

  /** The list as the real server renders it, e.g. a {@code PodList}. */
  public JsonObject toJson(ResourceType type) {
    JsonObject list = new JsonObject();
    list.addProperty("apiVersion", type.apiVersion());
    list.addProperty("kind", type.listKind());
    JsonObject meta = new JsonObject();
    meta.addProperty("resourceVersion", Long.toString(resourceVersion));
    if (continueToken != null) {
      meta.addProperty("continue", continueToken);
    }
    if (remainingItemCount != null) {
      meta.addProperty("remainingItemCount", remainingItemCount);
    }
    list.add("metadata", meta);
    JsonArray array = new JsonArray();
    items.forEach(array::add);
    list.add("items", array);
    return list;
  }
}
