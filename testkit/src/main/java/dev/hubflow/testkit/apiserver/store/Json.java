package dev.hubflow.testkit.apiserver.store;

import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonPrimitive;
import java.util.ArrayList;
import java.util.List;

/** Null-tolerant reads of JSON trees: a missing member reads as empty. */
public final class Json {
  private Json() {}

  public static JsonObject obj(JsonObject o, String key) {
    if (o == null) {
      return new JsonObject();
    }
    JsonElement e = o.get(key);
    return e != null && e.isJsonObject() ? e.getAsJsonObject() : new JsonObject();
  }

  public static JsonArray arr(JsonObject o, String key) {
    if (o == null) {
      return new JsonArray();
    }
    JsonElement e = o.get(key);
    return e != null && e.isJsonArray() ? e.getAsJsonArray() : new JsonArray();
  }

  public static String str(JsonObject o, String key) {
    if (o == null) {
      return "";
    }
    JsonElement e = o.get(key);
    return e != null && e.isJsonPrimitive() ? e.getAsString() : "";
  }

  public static List<String> strings(JsonObject o, String key) {
    List<String> out = new ArrayList<>();
    for (JsonElement e : arr(o, key)) {
      if (e.isJsonPrimitive()) {
        out.add(e.getAsString());
      }
    }
    return out;
  }

  public static JsonObject meta(JsonObject o) {
    return obj(o, "metadata");
  }

  /** The object's metadata, created if absent, for writing. */
  public static JsonObject metaForWrite(JsonObject o) {
    JsonElement e = o.get("metadata");
    if (e == null || !e.isJsonObject()) {
      JsonObject m = new JsonObject();
      o.add("metadata", m);
      return m;
    }
    return e.getAsJsonObject();
  }

  /** Reads {@code .a.b.c} (a kubectl-style simple JSON path); null when absent. */
  public static JsonElement path(JsonObject o, String path) {
    JsonElement cur = o;
    for (String part : path.replaceFirst("^\\.", "").split("\\.")) {
      if (part.isEmpty()) {
        continue;
      }
      if (cur == null || !cur.isJsonObject()) {
        return null;
      }
      cur = cur.getAsJsonObject().get(part);
    }
    return cur;
  }

  public static String pathString(JsonObject o, String path) {
    JsonElement e = path(o, path);
    if (e == null || e.isJsonNull()) {
      return "";
    }
    return e.isJsonPrimitive() ? e.getAsString() : e.toString();
  }

  public static JsonPrimitive string(String s) {
    return new JsonPrimitive(s);
  }
}
