package dev.hubflow.daemon.conformance;

import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import dev.hubflow.model.Codec;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * One entry of {@code conformance/expectations.yaml}: what Argo does with one fixture (see the
 * README beside that file for the fields).
 */
record Expectation(
    String file,
    String source,
    String phase,
    List<String> orPhase,
    boolean random,
    String message,
    String messageContains,
    Map<String, NodeFact> nodes,
    List<String> actions,
    List<String> setup,
    List<String> checks,
    int workflows,
    List<String> needs) {

  /** What Argo's test asserts of the node with this display name. */
  record NodeFact(String phase, String type) {}

  /** Every phase the workflow may end in. */
  List<String> phases() {
    List<String> all = new ArrayList<>();
    all.add(phase);
    all.addAll(orPhase);
    return all;
  }

  static List<Expectation> parse(String yaml) {
    JsonElement tree = Codec.readTrees(yaml, "expectations.yaml").get(0);
    List<Expectation> out = new ArrayList<>();
    for (JsonElement e : tree.getAsJsonArray()) {
      out.add(of(e.getAsJsonObject()));
    }
    return out;
  }

  private static Expectation of(JsonObject o) {
    Map<String, NodeFact> nodes = new LinkedHashMap<>();
    if (o.has("nodes") && o.get("nodes").isJsonObject()) {
      for (Map.Entry<String, JsonElement> n : o.getAsJsonObject("nodes").entrySet()) {
        JsonObject f = n.getValue().getAsJsonObject();
        nodes.put(n.getKey(), new NodeFact(str(f, "phase"), str(f, "type")));
      }
    }
    return new Expectation(
        str(o, "file"),
        str(o, "source"),
        str(o, "phase"),
        strings(o, "orPhase"),
        o.has("random") && o.get("random").getAsBoolean(),
        str(o, "message"),
        str(o, "messageContains"),
        nodes,
        strings(o, "actions"),
        strings(o, "setup"),
        strings(o, "checks"),
        o.has("workflows") ? o.get("workflows").getAsInt() : 1,
        strings(o, "needs"));
  }

  private static String str(JsonObject o, String key) {
    JsonElement e = o.get(key);
    return e == null || e.isJsonNull() ? null : e.getAsString();
  }

  private static List<String> strings(JsonObject o, String key) {
    JsonElement e = o.get(key);
    List<String> out = new ArrayList<>();
    if (e != null && e.isJsonArray()) {
      for (JsonElement x : (JsonArray) e) {
        out.add(x.getAsString());
      }
    }
    return out;
  }
}
