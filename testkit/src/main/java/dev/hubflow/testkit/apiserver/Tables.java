package dev.hubflow.testkit.apiserver;

import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import dev.hubflow.testkit.apiserver.store.Json;
import dev.hubflow.testkit.apiserver.store.PrinterColumn;
import dev.hubflow.testkit.apiserver.store.ResourceType;
import java.time.Duration;
import java.time.Instant;
import java.util.List;

/** Server-side printing: the {@code Table} kubectl asks for with {@code as=Table}. */
final class Tables {
  private Tables() {}

  static JsonObject table(
      ResourceType type,
      List<JsonObject> items,
      JsonObject listMeta,
      String includeObject,
      Instant now) {
    JsonObject t = new JsonObject();
    t.addProperty("kind", "Table");
    t.addProperty("apiVersion", "meta.k8s.io/v1");
    t.add("metadata", listMeta == null ? new JsonObject() : listMeta);
    JsonArray columns = new JsonArray();
    columns.add(column("Name", "string", "name"));
    for (PrinterColumn c : type.printerColumns()) {
      columns.add(column(c.name(), c.type().equals("date") ? "string" : c.type(), c.format()));
    }
    t.add("columnDefinitions", columns);
    JsonArray rows = new JsonArray();
    for (JsonObject o : items) {
      rows.add(row(type, o, includeObject, now));
    }
    t.add("rows", rows);
    return t;
  }

  private static JsonObject column(String name, String type, String format) {
    JsonObject c = new JsonObject();
    c.addProperty("name", name);
    c.addProperty("type", type);
    c.addProperty("format", format);
    c.addProperty("description", name);
    c.addProperty("priority", 0);
    return c;
  }

  private static JsonObject row(
      ResourceType type, JsonObject o, String includeObject, Instant now) {
    JsonObject row = new JsonObject();
    JsonArray cells = new JsonArray();
    cells.add(Json.str(Json.meta(o), "name"));
    for (PrinterColumn c : type.printerColumns()) {
      String value = Json.pathString(o, c.jsonPath());
      if (c.type().equals("date")) {
        cells.add(value.isEmpty() ? "<unknown>" : age(value, now));
      } else {
        JsonElement e = Json.path(o, c.jsonPath());
        if (e == null || e.isJsonNull()) {
          cells.add(c.type().equals("string") ? "" : null);
        } else {
          cells.add(e.deepCopy());
        }
      }
    }
    row.add("cells", cells);
    if ("Object".equals(includeObject)) {
      row.add("object", o);
    } else if (!"None".equals(includeObject)) {
      JsonObject partial = new JsonObject();
      partial.addProperty("kind", "PartialObjectMetadata");
      partial.addProperty("apiVersion", "meta.k8s.io/v1");
      partial.add("metadata", Json.meta(o));
      row.add("object", partial);
    }
    return row;
  }

  static String age(String timestamp, Instant now) {
    try {
      Duration d = Duration.between(Instant.parse(timestamp), now);
      long s = Math.max(0, d.getSeconds());
      if (s < 120) {
        return s + "s";
      }
      if (s < 600) {
        return (s / 60) + "m" + (s % 60 == 0 ? "" : (s % 60) + "s");
      }
      if (s < 3 * 3600) {
        return (s / 60) + "m";
      }
      if (s < 48 * 3600) {
        return (s / 3600) + "h";
      }
      return (s / 86400) + "d";
    } catch (RuntimeException e) {
      return "<invalid>";
    }
  }
}
