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
      if (c.jsonPath().startsWith("#")) {
        cells.add(computed(c.jsonPath(), o));
        continue;
      }
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

  /** Pod cells kubectl computes: READY n/m, STATUS (Completed, CrashLoopBackOff, ...), RESTARTS. */
  private static String computed(String column, JsonObject pod) {
    JsonObject status = pod.has("status") ? pod.getAsJsonObject("status") : new JsonObject();
    JsonArray statuses =
        status.has("containerStatuses")
            ? status.getAsJsonArray("containerStatuses")
            : new JsonArray();
    JsonElement specContainers = Json.path(pod, ".spec.containers");
    int total =
        specContainers != null && specContainers.isJsonArray()
            ? specContainers.getAsJsonArray().size()
            : 0;
    switch (column) {
      case "#ready" -> {
        int ready = 0;
        for (JsonElement cs : statuses) {
          JsonElement r = cs.getAsJsonObject().get("ready");
          ready += r != null && r.isJsonPrimitive() && r.getAsBoolean() ? 1 : 0;
        }
        return ready + "/" + total;
      }
      case "#restarts" -> {
        int restarts = 0;
        for (JsonElement cs : statuses) {
          JsonElement r = cs.getAsJsonObject().get("restartCount");
          restarts += r != null && r.isJsonPrimitive() ? r.getAsInt() : 0;
        }
        return String.valueOf(restarts);
      }
      default -> {
        String reason = Json.str(status, "reason");
        if (reason.isEmpty()) {
          reason = Json.str(status, "phase");
        }
        boolean running = false;
        for (int i = statuses.size() - 1; i >= 0; i--) {
          JsonObject state = statuses.get(i).getAsJsonObject().getAsJsonObject("state");
          if (state == null) {
            continue;
          }
          if (state.has("waiting")
              && !Json.str(state.getAsJsonObject("waiting"), "reason").isEmpty()) {
            reason = Json.str(state.getAsJsonObject("waiting"), "reason");
          } else if (state.has("terminated")) {
            JsonObject t = state.getAsJsonObject("terminated");
            String r = Json.str(t, "reason");
            reason = r.isEmpty() ? "ExitCode:" + Json.pathString(t, ".exitCode") : r;
          } else if (state.has("running")) {
            running = true;
          }
        }
        if (reason.equals("Completed") && running) {
          reason = "Running";
        }
        if (Json.meta(pod).has("deletionTimestamp")) {
          reason = "Terminating";
        }
        return reason;
      }
    }
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
