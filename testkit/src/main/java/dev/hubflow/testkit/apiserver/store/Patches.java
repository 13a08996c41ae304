package dev.hubflow.testkit.apiserver.store;

import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonNull;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import java.util.Map;
import java.util.Set;

/** The patch formats the API server accepts, applied to JSON trees. */
public final class Patches {
  private Patches() {}

  /** Patch formats by their HTTP content type. */
  public enum Type {
    JSON("application/json-patch+json"),
    MERGE("application/merge-patch+json"),
    STRATEGIC("application/strategic-merge-patch+json"),
    APPLY("application/apply-patch+yaml");

    private final String contentType;

    Type(String contentType) {
      this.contentType = contentType;
    }

    public String contentType() {
      return contentType;
    }

    public static Type of(String contentType) {
      String ct = contentType == null ? "" : contentType.split(";")[0].trim();
      for (Type t : values()) {
        if (t.contentType.equalsIgnoreCase(ct)) {
          return t;
        }
      }
      throw StatusException.unsupportedMediaType(
          "the body of the request was in an unknown format - accepted media types include:"
              + " application/json-patch+json, application/merge-patch+json,"
              + " application/apply-patch+yaml");
    }
  }

  /** Keys by which strategic merge patch merges lists of objects (Kubernetes' patchMergeKey). */
  private static final Map<String, String> MERGE_KEYS =
      Map.ofEntries(
          Map.entry("containers", "name"),
          Map.entry("initContainers", "name"),
          Map.entry("ephemeralContainers", "name"),
          Map.entry("env", "name"),
          Map.entry("volumes", "name"),
          Map.entry("volumeMounts", "mountPath"),
          Map.entry("volumeDevices", "devicePath"),
          Map.entry("imagePullSecrets", "name"),
          Map.entry("ownerReferences", "uid"),
          Map.entry("conditions", "type"),
          Map.entry("hostAliases", "ip"),
          Map.entry("topologySpreadConstraints", "topologyKey"),
          Map.entry("resourceClaims", "name"),
          Map.entry("containerStatuses", "name"),
          Map.entry("initContainerStatuses", "name"));

  /** Lists of scalars that strategic merge patch unions instead of replacing. */
  private static final Set<String> MERGED_SCALAR_LISTS = Set.of("finalizers");

  /** RFC 7386 JSON merge patch. */
  public static JsonElement merge(JsonElement target, JsonElement patch) {
    if (patch == null || !patch.isJsonObject()) {
      return patch == null ? JsonNull.INSTANCE : patch.deepCopy();
    }
    JsonObject result =
        target != null && target.isJsonObject()
            ? target.getAsJsonObject().deepCopy()
            : new JsonObject();
    for (Map.Entry<String, JsonElement> e : patch.getAsJsonObject().entrySet()) {
      if (e.getValue().isJsonNull()) {
        result.remove(e.getKey());
      } else {
        result.add(e.getKey(), merge(result.get(e.getKey()), e.getValue()));
      }
    }
    return result;
  }

  /** Strategic merge patch for the fields Kubernetes' built-in kinds declare mergeable. */
  public static JsonElement strategic(JsonElement target, JsonElement patch) {
    return strategic(target, patch, "");
  }

  private static JsonElement strategic(JsonElement target, JsonElement patch, String field) {
    if (patch == null || !patch.isJsonObject()) {
      return patch == null ? JsonNull.INSTANCE : patch.deepCopy();
    }
    JsonObject p = patch.getAsJsonObject();
    if ("replace".equals(Json.str(p, "$patch"))) {
      JsonObject copy = p.deepCopy();
      copy.remove("$patch");
      return copy;
    }
    if ("delete".equals(Json.str(p, "$patch"))) {
      return JsonNull.INSTANCE;
    }
    JsonObject result =
        target != null && target.isJsonObject()
            ? target.getAsJsonObject().deepCopy()
            : new JsonObject();
    for (Map.Entry<String, JsonElement> e : p.entrySet()) {
      String key = e.getKey();
      JsonElement value = e.getValue();
      if (key.startsWith("$setElementOrder/")
          || key.equals("$retainKeys")
          || key.equals("$patch")) {
        continue;
      }
      if (key.startsWith("$deleteFromPrimitiveList/")) {
        String listName = key.substring("$deleteFromPrimitiveList/".length());
        JsonArray current = Json.arr(result, listName);
        JsonArray kept = new JsonArray();
        for (JsonElement item : current) {
          if (!value.isJsonArray() || !value.getAsJsonArray().contains(item)) {
            kept.add(item);
          }
        }
        result.add(listName, kept);
        continue;
      }
      if (value.isJsonNull()) {
        result.remove(key);
      } else if (value.isJsonArray()) {
        result.add(key, mergeList(result.get(key), value.getAsJsonArray(), key));
      } else if (value.isJsonObject()) {
        JsonElement merged = strategic(result.get(key), value, key);
        if (merged.isJsonNull()) {
          result.remove(key);
        } else {
          result.add(key, merged);
        }
      } else {
        result.add(key, value.deepCopy());
      }
    }
    return result;
  }

  private static JsonArray mergeList(JsonElement target, JsonArray patch, String field) {
    JsonArray current =
        target != null && target.isJsonArray() ? target.getAsJsonArray() : new JsonArray();
    if (MERGED_SCALAR_LISTS.contains(field)) {
      JsonArray out = current.deepCopy();
      for (JsonElement item : patch) {
        if (!out.contains(item)) {
          out.add(item.deepCopy());
        }
      }
      return out;
    }
    String mergeKey = MERGE_KEYS.get(field);
    if (field.equals("ports")) {
      mergeKey = hasKey(patch, "containerPort") ? "containerPort" : "port";
    }
    if (mergeKey == null) {
      JsonArray out = new JsonArray();
      for (JsonElement item : patch) {
        if (!(item.isJsonObject() && item.getAsJsonObject().has("$patch"))) {
          out.add(item.deepCopy());
        }
      }
      return out;
    }
    // One "$patch: replace" element replaces the whole list with the remaining elements.
    for (JsonElement item : patch) {
      if (item.isJsonObject() && "replace".equals(Json.str(item.getAsJsonObject(), "$patch"))) {
        JsonArray out = new JsonArray();
        for (JsonElement i : patch) {
          if (!(i.isJsonObject() && i.getAsJsonObject().has("$patch"))) {
            out.add(i.deepCopy());
          }
        }
        return out;
      }
    }
    JsonArray out = current.deepCopy();
    for (JsonElement item : patch) {
      if (!item.isJsonObject()) {
        out.add(item.deepCopy());
        continue;
      }
      JsonObject po = item.getAsJsonObject();
      JsonElement keyValue = po.get(mergeKey);
      int at = -1;
      for (int i = 0; i < out.size(); i++) {
        JsonElement existing = out.get(i);
        if (existing.isJsonObject()
            && keyValue != null
            && keyValue.equals(existing.getAsJsonObject().get(mergeKey))) {
          at = i;
          break;
        }
      }
      if ("delete".equals(Json.str(po, "$patch"))) {
        if (at >= 0) {
          out.remove(at);
        }
      } else if (at >= 0) {
        out.set(at, strategic(out.get(at), po, field));
      } else {
        out.add(strategic(new JsonObject(), po, field));
      }
    }
    return out;
  }

  private static boolean hasKey(JsonArray items, String key) {
    for (JsonElement item : items) {
      if (item.isJsonObject() && item.getAsJsonObject().has(key)) {
        return true;
      }
    }
    return false;
  }

  /** RFC 6902 JSON patch. */
  public static JsonElement jsonPatch(JsonElement target, JsonArray operations) {
    JsonElement doc = target.deepCopy();
    for (JsonElement opElement : operations) {
      if (!opElement.isJsonObject()) {
        throw StatusException.badRequest("json patch operation must be an object");
      }
      JsonObject op = opElement.getAsJsonObject();
      String kind = Json.str(op, "op");
      String path = Json.str(op, "path");
      switch (kind) {
        case "add" -> doc = add(doc, path, required(op, "value"));
        case "remove" -> doc = remove(doc, path);
        case "replace" -> {
          get(doc, path);
          doc = remove(doc, path);
          doc = add(doc, path, required(op, "value"));
        }
        case "move" -> {
          JsonElement v = get(doc, Json.str(op, "from"));
          doc = remove(doc, Json.str(op, "from"));
          doc = add(doc, path, v);
        }
        case "copy" -> doc = add(doc, path, get(doc, Json.str(op, "from")).deepCopy());
        case "test" -> {
          if (!get(doc, path).equals(required(op, "value"))) {
            throw new StatusException(
                422,
                "Invalid",
                "the server rejected our request due to an error in our request",
                null);
          }
        }
        default -> throw StatusException.badRequest("Unexpected kind: " + kind);
      }
    }
    return doc;
  }

  private static JsonElement required(JsonObject op, String key) {
    if (!op.has(key)) {
      throw StatusException.badRequest("missing value in json patch operation " + op);
    }
    return op.get(key).deepCopy();
  }

  private static String[] tokens(String path) {
    if (path.isEmpty()) {
      return new String[0];
    }
    if (!path.startsWith("/")) {
      throw StatusException.badRequest("json patch path must start with /: " + path);
    }
    String[] parts = path.substring(1).split("/", -1);
    for (int i = 0; i < parts.length; i++) {
      parts[i] = parts[i].replace("~1", "/").replace("~0", "~");
    }
    return parts;
  }

  private static JsonElement get(JsonElement doc, String path) {
    JsonElement cur = doc;
    for (String t : tokens(path)) {
      cur = child(cur, t, path);
    }
    return cur;
  }

  private static JsonElement child(JsonElement cur, String token, String path) {
    if (cur != null && cur.isJsonObject() && cur.getAsJsonObject().has(token)) {
      return cur.getAsJsonObject().get(token);
    }
    if (cur != null && cur.isJsonArray()) {
      try {
        int i = Integer.parseInt(token);
        if (i >= 0 && i < cur.getAsJsonArray().size()) {
          return cur.getAsJsonArray().get(i);
        }
      } catch (NumberFormatException ignored) {
        // falls through to the error below
      }
    }
    throw new StatusException(
        422,
        "Invalid",
        "the server rejected our request due to an error in our request: "
            + "doc is missing path: \""
            + path
            + "\"",
        null);
  }

  private static JsonElement add(JsonElement doc, String path, JsonElement value) {
    String[] t = tokens(path);
    if (t.length == 0) {
      return value;
    }
    JsonElement parent = doc;
    for (int i = 0; i < t.length - 1; i++) {
      parent = child(parent, t[i], path);
    }
    String last = t[t.length - 1];
    if (parent.isJsonObject()) {
      parent.getAsJsonObject().add(last, value);
    } else if (parent.isJsonArray()) {
      JsonArray a = parent.getAsJsonArray();
      if (last.equals("-")) {
        a.add(value);
      } else {
        int i = Integer.parseInt(last);
        if (i < 0 || i > a.size()) {
          throw StatusException.badRequest("json patch index out of range: " + path);
        }
        JsonArray copy = new JsonArray();
        for (int j = 0; j < a.size(); j++) {
          if (j == i) {
            copy.add(value);
          }
          copy.add(a.get(j));
        }
        if (i == a.size()) {
          copy.add(value);
        }
        while (a.size() > 0) {
          a.remove(0);
        }
        a.addAll(copy);
      }
    } else {
      throw StatusException.badRequest("json patch parent is not a container: " + path);
    }
    return doc;
  }

  private static JsonElement remove(JsonElement doc, String path) {
    String[] t = tokens(path);
    JsonElement parent = doc;
    for (int i = 0; i < t.length - 1; i++) {
      parent = child(parent, t[i], path);
    }
    String last = t[t.length - 1];
    child(parent, last, path);
    if (parent.isJsonObject()) {
      parent.getAsJsonObject().remove(last);
    } else {
      parent.getAsJsonArray().remove(Integer.parseInt(last));
    }
    return doc;
  }

  /** Applies a patch body of the given type; the result still needs the store's checks. */
  public static JsonObject apply(
      Type type, JsonObject current, String body, boolean customResource) {
    JsonElement patch;
    try {
      patch = type == Type.APPLY ? parseApplyBody(body) : JsonParser.parseString(body);
    } catch (RuntimeException e) {
      throw StatusException.badRequest("error decoding patch: " + e.getMessage());
    }
    JsonElement result =
        switch (type) {
          case MERGE, APPLY -> {
            if (!patch.isJsonObject()) {
              throw StatusException.badRequest("a merge patch must be a JSON object");
            }
            yield merge(current, patch);
          }
          case STRATEGIC -> {
            if (customResource) {
              throw StatusException.unsupportedMediaType(
                  "the body of the request was in an unknown format - accepted media types"
                      + " include: application/json-patch+json, application/merge-patch+json,"
                      + " application/apply-patch+yaml");
            }
            yield strategic(current, patch);
          }
          case JSON -> {
            if (!patch.isJsonArray()) {
              throw StatusException.badRequest("a json patch must be a JSON array");
            }
            yield jsonPatch(current, patch.getAsJsonArray());
          }
        };
    if (!result.isJsonObject()) {
      throw StatusException.badRequest("patch result is not an object");
    }
    return result.getAsJsonObject();
  }

  static JsonElement parseApplyBody(String body) {
    String trimmed = body.trim();
    if (trimmed.startsWith("{")) {
      return JsonParser.parseString(trimmed);
    }
    var trees = dev.hubflow.model.Codec.readTrees(body, "apply patch");
    if (trees.size() != 1) {
      throw StatusException.badRequest("an apply patch must hold exactly one object");
    }
    return trees.get(0);
  }
}
