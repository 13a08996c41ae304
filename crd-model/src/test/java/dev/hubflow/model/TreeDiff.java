package dev.hubflow.model;

import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import java.util.Map;

/** The first place two JSON trees differ, ignoring key order; numbers compare by value. */
final class TreeDiff {
  private TreeDiff() {}

  static String first(JsonElement a, JsonElement b, String path) {
    if (a.isJsonObject() && b.isJsonObject()) {
      JsonObject x = a.getAsJsonObject();
      JsonObject y = b.getAsJsonObject();
      for (Map.Entry<String, JsonElement> e : x.entrySet()) {
        String p = path.isEmpty() ? e.getKey() : path + "." + e.getKey();
        if (!y.has(e.getKey())) {
          return p + ": lost " + e.getValue();
        }
        String d = first(e.getValue(), y.get(e.getKey()), p);
        if (d != null) {
          return d;
        }
      }
      for (String key : y.keySet()) {
        if (!x.has(key)) {
          return (path.isEmpty() ? key : path + "." + key) + ": added " + y.get(key);
        }
      }
      return null;
    }
    if (a.isJsonArray() && b.isJsonArray()) {
      JsonArray x = a.getAsJsonArray();
      JsonArray y = b.getAsJsonArray();
      if (x.size() != y.size()) {
        return path + ": " + x.size() + " items became " + y.size();
      }
      for (int i = 0; i < x.size(); i++) {
        String d = first(x.get(i), y.get(i), path + "[" + i + "]");
        if (d != null) {
          return d;
        }
      }
      return null;
    }
    if (a.isJsonPrimitive()
        && b.isJsonPrimitive()
        && a.getAsJsonPrimitive().isNumber()
        && b.getAsJsonPrimitive().isNumber()) {
      return a.getAsBigDecimal().compareTo(b.getAsBigDecimal()) == 0
          ? null
          : path + ": " + a + " became " + b;
    }
    return a.equals(b) ? null : path + ": " + a + " became " + b;
  }
}
