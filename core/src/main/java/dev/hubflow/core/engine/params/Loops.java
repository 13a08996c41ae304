package dev.hubflow.core.engine.params;

import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonParser;
import com.google.gson.JsonPrimitive;
import dev.hubflow.core.engine.expr.ExpressionException;
import dev.hubflow.model.v1alpha1.Sequence;
import io.kubernetes.client.custom.IntOrString;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/** Argo's loop expansion: {@code withItems}, {@code withParam}, {@code withSequence}. */
public final class Loops {
  private Loops() {}

  /** One expanded iteration: its node-name suffix and the variables {@code {{item…}}} gets. */
  public record Iteration(String name, Map<String, String> vars) {}

  /** The items of {@code withParam}: a JSON list. */
  public static List<JsonElement> fromParam(String withParam) {
    try {
      JsonElement e = JsonParser.parseString(withParam);
      if (e.isJsonArray()) {
        List<JsonElement> items = new ArrayList<>();
        e.getAsJsonArray().forEach(items::add);
        return items;
      }
    } catch (RuntimeException e) {
      // reported below
    }
    throw new ExpressionException(
        "withParam value could not be parsed as a JSON list: " + withParam.trim());
  }

  /** The items of {@code withSequence}, formatted strings. */
  public static List<JsonElement> fromSequence(Sequence seq) {
    int start = seq.getStart() == null ? 0 : intOf(seq.getStart(), "start");
    int end;
    if (seq.getEnd() != null) {
      end = intOf(seq.getEnd(), "end");
    } else if (seq.getCount() != null) {
      int count = intOf(seq.getCount(), "count");
      if (count == 0) {
        return List.of();
      }
      end = start + count - 1;
    } else {
      throw new ExpressionException("neither end nor count was specified in withSequence");
    }
    String format = seq.getFormat() == null || seq.getFormat().isEmpty() ? "%d" : seq.getFormat();
    List<JsonElement> items = new ArrayList<>();
    int step = start <= end ? 1 : -1;
    for (int i = start; step > 0 ? i <= end : i >= end; i += step) {
      items.add(new JsonPrimitive(String.format(format, i)));
    }
    return items;
  }

  private static int intOf(IntOrString v, String field) {
    String s = v.isInteger() ? String.valueOf(v.getIntValue()) : v.getStrValue();
    try {
      return Integer.parseInt(s.trim());
    } catch (NumberFormatException e) {
      throw new ExpressionException(
          "strconv.Atoi: parsing \"" + s + "\": invalid syntax (withSequence." + field + ")");
    }
  }

  /** Argo's {@code processItem}: the variables and the name {@code name(i:desc)}. */
  public static Iteration iteration(String name, int index, JsonElement item) {
    Map<String, String> vars = new java.util.LinkedHashMap<>();
    String desc;
    if (item.isJsonPrimitive()) {
      vars.put("item", itemString(item));
      desc = itemString(item);
    } else if (item.isJsonObject()) {
      List<String> parts = new ArrayList<>();
      for (Map.Entry<String, JsonElement> e : item.getAsJsonObject().entrySet()) {
        vars.put("item." + e.getKey(), itemString(e.getValue()));
        parts.add(e.getKey() + ":" + itemString(e.getValue()));
      }
      vars.put("item", Json.marshal(sortedObject(item)));
      parts.sort(null);
      desc = String.join(",", parts);
    } else if (item.isJsonArray()) {
      vars.put("item", item.toString());
      desc = goList(item.getAsJsonArray());
    } else {
      throw new ExpressionException(
          "withItems[" + index + "] expected string, number, list, or map. received: " + item);
    }
    String clean = desc.replace("(", "").replace(")", "");
    return new Iteration(name + "(" + index + ":" + clean + ")", vars);
  }

  private static JsonElement sortedObject(JsonElement item) {
    // Go marshals maps with sorted keys.
    TreeMap<String, JsonElement> sorted = new TreeMap<>();
    item.getAsJsonObject().entrySet().forEach(e -> sorted.put(e.getKey(), e.getValue()));
    com.google.gson.JsonObject out = new com.google.gson.JsonObject();
    sorted.forEach(out::add);
    return out;
  }

  /** Argo's {@code Item.String()}: strings bare, anything else as JSON. */
  public static String itemString(JsonElement e) {
    if (e.isJsonPrimitive() && e.getAsJsonPrimitive().isString()) {
      return e.getAsString();
    }
    if (e.isJsonObject()) {
      return sortedObject(e).toString();
    }
    return e.toString();
  }

  // Go's %v of []Item: [a b c]
  private static String goList(JsonArray array) {
    List<String> parts = new ArrayList<>();
    array.forEach(e -> parts.add(itemString(e)));
    return "[" + String.join(" ", parts) + "]";
  }
}
