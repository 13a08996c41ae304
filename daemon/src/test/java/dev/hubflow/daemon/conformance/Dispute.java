package dev.hubflow.daemon.conformance;

import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import dev.hubflow.model.Codec;
import dev.hubflow.model.v1alpha1.Workflow;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * An entry of expectations.yaml that contradicts the Go test it cites, or Kubernetes itself (see
 * {@code conformance-disputes.yaml}). The fixture is held to what the cited source asserts instead,
 * and reported apart from the passes so the difference stays visible.
 */
record Dispute(String file, String why, List<String> absentNodes, String rejected) {

  static Map<String, Dispute> load() throws IOException {
    Map<String, Dispute> out = new LinkedHashMap<>();
    try (InputStream in = Dispute.class.getResourceAsStream("/conformance-disputes.yaml")) {
      if (in == null) {
        return out;
      }
      String yaml = new String(in.readAllBytes(), StandardCharsets.UTF_8);
      for (JsonElement e :
          Codec.readTrees(yaml, "conformance-disputes.yaml").get(0).getAsJsonArray()) {
        JsonObject o = e.getAsJsonObject();
        List<String> absent = new ArrayList<>();
        if (o.has("absentNodes")) {
          o.getAsJsonArray("absentNodes").forEach(n -> absent.add(n.getAsString()));
        }
        Dispute d =
            new Dispute(
                o.get("file").getAsString(),
                o.get("why").getAsString(),
                absent,
                o.has("rejected") ? o.get("rejected").getAsString() : null);
        out.put(d.file(), d);
      }
    }
    return out;
  }

  String reason() {
    return "disputed: " + why;
  }

  /** The API server refused the workflow as the dispute says Kubernetes does. */
  boolean rejectedAs(int code, String message) {
    return rejected != null && code == 422 && message != null && message.contains(rejected);
  }

  /**
   * Every other fact of the expectation still holds, and the nodes the cited test says must not
   * exist do not.
   */
  Outcome judge(Expectation e, Workflow wf, long millis, List<String> notChecked) {
    if (rejected != null) {
      return Outcome.failed(
          e,
          ConformanceIT.phase(wf),
          "ran, but Kubernetes rejects it (" + rejected + ")",
          millis,
          notChecked);
    }
    Map<String, Expectation.NodeFact> nodes = new LinkedHashMap<>(e.nodes());
    absentNodes.forEach(nodes::remove);
    Expectation rest =
        new Expectation(
            e.file(),
            e.source(),
            e.phase(),
            e.orPhase(),
            e.random(),
            e.message(),
            e.messageContains(),
            nodes,
            e.actions(),
            e.setup(),
            e.checks(),
            e.workflows(),
            e.needs());
    Outcome judged = ConformanceIT.judge(rest, wf, millis, notChecked);
    if (judged.result() != Outcome.Result.PASSED) {
      return new Outcome(
          e, judged.result(), judged.phaseSeen(), judged.reason(), millis, notChecked);
    }
    List<String> present =
        wf.getStatus().getNodes() == null
            ? List.of()
            : wf.getStatus().getNodes().values().stream()
                .map(n -> n.getDisplayName())
                .filter(absentNodes::contains)
                .toList();
    if (!present.isEmpty()) {
      return Outcome.failed(
          e,
          judged.phaseSeen(),
          "node(s) " + present + " exist; " + source(e) + " says they must not",
          millis,
          notChecked);
    }
    return new Outcome(
        e, Outcome.Result.DISPUTED, judged.phaseSeen(), reason(), millis, List.copyOf(notChecked));
  }

  private static String source(Expectation e) {
    return e.source() == null ? "the cited test" : e.source();
  }
}
