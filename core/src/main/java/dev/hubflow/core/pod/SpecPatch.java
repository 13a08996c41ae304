package dev.hubflow.core.pod;

import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import java.util.Map;

/**
 * The subset of Kubernetes' strategic merge patch that {@code podSpecPatch} needs: objects merge
 * key by key, {@code null} removes a key, lists of containers, volumes, env vars, mounts and ports
 * merge by their key field, every other list is replaced.
 */
final class SpecPatch {
  // A list's merge key, by the list's field name (from the Kubernetes API's patchMergeKey tags).
  private static final Map<String, String> MERGE_KEYS =
      Map.ofEntries(
          Map.entry("containers", "name"),
          Map.entry("initContainers", "name"),
          Map.entry("ephemeralContainers", "name"),
          Map.entry("volumes", "name"),
          Map.entry("env", "name"),
          Map.entry("volumeMounts", "mountPath"),
          Map.entry("volumeDevices", "devicePath"),
          Map.entry("ports", "containerPort"),
          Map.entry("imagePullSecrets", "name"),
          Map.entry("hostAliases", "ip"),
          Map.entry("resourceClaims", "name"));

  private SpecPatch() {}

  static JsonElement merge(JsonElement target, JsonElement patch) {
    if (!patch.isJsonObject() || target == null || !target.isJsonObject()) {
      return patch.deepCopy();
    }
    JsonObject result = target.getAsJsonObject().deepCopy();
    for (Map.Entry<String, JsonElement> e : patch.getAsJsonObject().entrySet()) {
      String key = e.getKey();
      JsonElement value = e.getValue();
      if (key.startsWith("$")) {
        continue; // directives ($patch, $setElementOrder…) are not supported; ignore them
      }
      if (value.isJsonNull()) {
        result.remove(key);
      } else if (value.isJsonArray()
          && MERGE_KEYS.containsKey(key)
          && result.has(key)
          && result.get(key).isJsonArray()) {
        result.add(
            key,
            mergeList(result.getAsJsonArray(key), value.getAsJsonArray(), MERGE_KEYS.get(key)));
      } else if (value.isJsonObject() && result.has(key) && result.get(key).isJsonObject()) {
        result.add(key, merge(result.get(key), value));
      } else {
        result.add(key, value.deepCopy());
      }
    }
    return result;
  }

  private static JsonArray mergeList(JsonArray target, JsonArray patch, String mergeKey) {
    JsonArray result = target.deepCopy();
    for (JsonElement item : patch) {
      JsonElement key = item.isJsonObject() ? item.getAsJsonObject().get(mergeKey) : null;
      int at = -1;
      if (key != null) {
        for (int i = 0; i < result.size(); i++) {
          JsonElement existing = result.get(i);
          if (existing.isJsonObject() && key.equals(existing.getAsJsonObject().get(mergeKey))) {
            at = i;
            break;
          }
        }
      }
      if (at < 0) {
        result.add(item.deepCopy());
      } else if (isDelete(item)) {
        result.remove(at);
      } else {
        result.set(at, merge(result.get(at), item));
      }
    }
    return result;
  }

  private static boolean isDelete(JsonElement item) {
    JsonElement p = item.getAsJsonObject().get("$patch");
    return p != null && p.isJsonPrimitive() && "delete".equals(p.getAsString());
  }
}
