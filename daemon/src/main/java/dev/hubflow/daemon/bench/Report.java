package dev.hubflow.daemon.bench;

import com.google.gson.GsonBuilder;
import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import com.google.gson.JsonSyntaxException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * A bench run's results with where they were measured, as a text table, Markdown and JSON (the JSON
 * reads back, for the chart).
 *
 * @param about where and when: date, commit, machine, options (string values)
 */
record Report(Map<String, String> about, List<ScenarioResult> results) {
  /** The figure every scenario has: hubflow's time over the floor's. */
  static final String RATIO = "hubflow ÷ floor";

  Report {
    about = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(about));
    results = List.copyOf(results);
  }

  /** The table printed for one result. */
  static String table(ScenarioResult r) {
    StringBuilder b = new StringBuilder();
    b.append("== ").append(r.title());
    if (!r.completed()) {
      b.append("  (MISS: ").append(r.failure()).append(')');
    }
    b.append(" ==\n");
    int width = 8;
    for (Figure f : r.figures()) {
      width = Math.max(width, f.name().length());
    }
    String row = "  %-" + width + "s  %14s %-10s %-16s %-4s  %s%n";
    b.append(String.format(Locale.ROOT, row, "figure", "value", "unit", "goal", "", "Argo"));
    for (Figure f : r.figures()) {
      b.append(
          String.format(
              Locale.ROOT,
              row,
              f.name(),
              f.formatted(),
              f.unit(),
              f.goal() == null ? "" : f.goal(),
              f.verdict(),
              f.argo() == null ? "" : f.argo()));
    }
    if (!r.controllerRequests().isEmpty()) {
      b.append("  hubflow requests: ").append(requests(r.controllerRequests())).append('\n');
    }
    if (!r.floorRequests().isEmpty()) {
      b.append("  floor requests:   ").append(requests(r.floorRequests())).append('\n');
    }
    return b.toString();
  }

  private static String requests(Map<String, Long> counts) {
    List<String> parts = new ArrayList<>();
    new java.util.TreeMap<>(counts).forEach((k, v) -> parts.add(k + "=" + v));
    return String.join(", ", parts);
  }

  /** Every result as Markdown: one table per result, then its request counts. */
  String markdown() {
    StringBuilder b = new StringBuilder();
    b.append(
        "<!-- Written by `hubflow bench ... --markdown FILE`; regenerate, don't edit. -->\n\n");
    b.append("| Run | |\n|---|---|\n");
    about.forEach((k, v) -> b.append("| ").append(k).append(" | ").append(v).append(" |\n"));
    b.append("\n### Summary: goals, ratios and Argo's figures\n\n");
    b.append("| Scenario | Figure | hubflow | Goal | | Argo (published) |\n");
    b.append("|---|---|---:|---|---|---|\n");
    for (ScenarioResult r : results) {
      if (!r.completed()) {
        b.append("| ")
            .append(r.title())
            .append(" | did not finish | | | MISS | ")
            .append(r.failure().replace('|', '/'))
            .append(" |\n");
      }
      for (Figure f : r.figures()) {
        if (f.goal() != null || f.argo() != null || f.name().equals(RATIO)) {
          b.append("| ")
              .append(r.title())
              .append(" | ")
              .append(f.name())
              .append(" | ")
              .append(f.formatted())
              .append(' ')
              .append(f.unit())
              .append(" | ")
              .append(f.goal() == null ? "" : f.goal())
              .append(" | ")
              .append(f.verdict())
              .append(" | ")
              .append(f.argo() == null ? "" : f.argo())
              .append(" |\n");
        }
      }
    }
    for (ScenarioResult r : results) {
      b.append("\n### ").append(r.title()).append("\n\n");
      if (!r.completed()) {
        b.append("**MISS: ").append(r.failure()).append("**\n\n");
      }
      b.append("| Figure | hubflow | Unit | Goal | | Argo (published) |\n");
      b.append("|---|---:|---|---|---|---|\n");
      for (Figure f : r.figures()) {
        b.append("| ")
            .append(f.name())
            .append(" | ")
            .append(f.formatted())
            .append(" | ")
            .append(f.unit())
            .append(" | ")
            .append(f.goal() == null ? "" : f.goal())
            .append(" | ")
            .append(f.verdict())
            .append(" | ")
            .append(f.argo() == null ? "" : f.argo())
            .append(" |\n");
      }
      if (!r.controllerRequests().isEmpty() || !r.floorRequests().isEmpty()) {
        b.append("\nAPI requests (hubflow run / floor run): ");
        b.append(requests(r.controllerRequests()))
            .append(" / ")
            .append(requests(r.floorRequests()))
            .append('\n');
      }
    }
    return b.toString();
  }

  String json() {
    JsonObject root = new JsonObject();
    JsonObject aboutJson = new JsonObject();
    about.forEach(aboutJson::addProperty);
    root.add("about", aboutJson);
    JsonArray list = new JsonArray();
    for (ScenarioResult r : results) {
      JsonObject o = new JsonObject();
      o.addProperty("scenario", r.scenario());
      o.addProperty("size", r.size());
      o.addProperty("spokes", r.spokes());
      if (r.failure() != null) {
        o.addProperty("failure", r.failure());
      }
      JsonArray figures = new JsonArray();
      for (Figure f : r.figures()) {
        JsonObject fo = new JsonObject();
        fo.addProperty("name", f.name());
        if (Double.isFinite(f.value())) {
          fo.addProperty("value", f.value());
        }
        fo.addProperty("unit", f.unit());
        if (f.goal() != null) {
          fo.addProperty("goal", f.goal());
          fo.addProperty("pass", f.pass());
        }
        if (f.argo() != null) {
          fo.addProperty("argo", f.argo());
        }
        figures.add(fo);
      }
      o.add("figures", figures);
      o.add("controllerRequests", counts(r.controllerRequests()));
      o.add("floorRequests", counts(r.floorRequests()));
      list.add(o);
    }
    root.add("results", list);
    return new GsonBuilder().setPrettyPrinting().create().toJson(root) + "\n";
  }

  private static JsonObject counts(Map<String, Long> counts) {
    JsonObject o = new JsonObject();
    new java.util.TreeMap<>(counts).forEach(o::addProperty);
    return o;
  }

  /**
   * Reads what {@link #json()} wrote.
   *
   * @throws IllegalArgumentException naming what is wrong when the text is not such a report
   */
  static Report parse(String text, String source) {
    try {
      JsonElement parsed = JsonParser.parseString(text);
      if (!parsed.isJsonObject() || !parsed.getAsJsonObject().has("results")) {
        throw new IllegalArgumentException(source + ": not a hubflow bench report (no results)");
      }
      JsonObject root = parsed.getAsJsonObject();
      Map<String, String> about = new LinkedHashMap<>();
      if (root.has("about")) {
        root.getAsJsonObject("about").entrySet().forEach(e -> about.put(e.getKey(), str(e)));
      }
      List<ScenarioResult> results = new ArrayList<>();
      for (JsonElement e : root.getAsJsonArray("results")) {
        JsonObject o = e.getAsJsonObject();
        List<Figure> figures = new ArrayList<>();
        for (JsonElement fe : o.getAsJsonArray("figures")) {
          JsonObject f = fe.getAsJsonObject();
          figures.add(
              new Figure(
                  f.get("name").getAsString(),
                  f.has("value") ? f.get("value").getAsDouble() : Double.NaN,
                  f.get("unit").getAsString(),
                  f.has("goal") ? f.get("goal").getAsString() : null,
                  f.has("pass") ? f.get("pass").getAsBoolean() : null,
                  f.has("argo") ? f.get("argo").getAsString() : null));
        }
        results.add(
            new ScenarioResult(
                o.get("scenario").getAsString(),
                o.get("size").getAsInt(),
                o.get("spokes").getAsInt(),
                o.has("failure") ? o.get("failure").getAsString() : null,
                figures,
                readCounts(o.getAsJsonObject("controllerRequests")),
                readCounts(o.getAsJsonObject("floorRequests"))));
      }
      return new Report(about, results);
    } catch (JsonSyntaxException | IllegalStateException | NullPointerException e) {
      throw new IllegalArgumentException(
          source + ": not a hubflow bench report: " + e.getMessage(), e);
    }
  }

  private static String str(Map.Entry<String, JsonElement> e) {
    return e.getValue().isJsonPrimitive() ? e.getValue().getAsString() : e.getValue().toString();
  }

  private static Map<String, Long> readCounts(JsonObject o) {
    Map<String, Long> out = new LinkedHashMap<>();
    if (o != null) {
      o.entrySet().forEach(e -> out.put(e.getKey(), e.getValue().getAsLong()));
    }
    return out;
  }
}
