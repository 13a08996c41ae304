package dev.hubflow.core.controller;

import static org.assertj.core.api.Assertions.assertThat;

import dev.hubflow.core.cluster.WorkflowKey;
import dev.hubflow.model.v1alpha1.NodeStatus;
import dev.hubflow.model.v1alpha1.Workflow;
import dev.hubflow.model.v1alpha1.WorkflowStatus;
import io.kubernetes.client.openapi.models.V1ObjectMeta;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

class HeldWritesTest {
  private static final WorkflowKey KEY = new WorkflowKey("hub", "ns", "wf");
  private static final Instant T0 = Instant.parse("2026-01-01T00:00:00Z");

  private static Workflow observed(String podPhase) {
    Map<String, NodeStatus> nodes = new HashMap<>();
    nodes.put("wf", new NodeStatus().id("wf").type("Steps").phase("Running"));
    nodes.put("wf-1", new NodeStatus().id("wf-1").type("Pod").phase(podPhase));
    return new Workflow()
        .metadata(new V1ObjectMeta().name("wf").namespace("ns").resourceVersion("7"))
        .status(new WorkflowStatus().phase("Running").nodes(nodes));
  }

  private static String nodePatch(String node, String fields) {
    return "{\"status\":{\"nodes\":{\""
        + node
        + "\":"
        + fields
        + "}},"
        + "\"metadata\":{\"resourceVersion\":\"7\"}}";
  }

  @Test
  void podProgressOfAKnownPodNodeMayWait() {
    Workflow wf = observed("Pending");
    assertThat(HeldWrites.mayWait(wf, nodePatch("wf-1", "{\"hostNodeName\":\"n\"}"))).isTrue();
    assertThat(HeldWrites.mayWait(wf, nodePatch("wf-1", "{\"message\":\"PodInitializing\"}")))
        .isTrue();
    assertThat(HeldWrites.mayWait(wf, nodePatch("wf-1", "{\"phase\":\"Running\"}"))).isTrue();
    assertThat(
            HeldWrites.mayWait(
                wf,
                "{\"status\":{\"taskResultsCompletionStatus\":{\"wf-1\":true},"
                    + "\"conditions\":[{\"status\":\"True\",\"type\":\"PodRunning\"}]}}"))
        .isTrue();
  }

  @Test
  void whatTheEngineDecidesOnIsWrittenAtOnce() {
    Workflow wf = observed("Running");
    assertThat(HeldWrites.mayWait(wf, nodePatch("wf-1", "{\"phase\":\"Succeeded\"}"))).isFalse();
    assertThat(HeldWrites.mayWait(wf, nodePatch("wf-2", "{\"phase\":\"Pending\"}"))).isFalse();
    assertThat(HeldWrites.mayWait(wf, nodePatch("wf", "{\"message\":\"x\"}"))).isFalse();
    assertThat(HeldWrites.mayWait(wf, nodePatch("wf-1", "{\"finishedAt\":\"x\"}"))).isFalse();
    assertThat(HeldWrites.mayWait(wf, "{\"status\":{\"phase\":\"Failed\"}}")).isFalse();
    assertThat(
            HeldWrites.mayWait(
                wf, "{\"metadata\":{\"labels\":{\"a\":\"b\"},\"resourceVersion\":\"7\"}}"))
        .isFalse();
    assertThat(HeldWrites.mayWait(observed("Succeeded"), nodePatch("wf-1", "{\"message\":\"x\"}")))
        .isFalse();
  }

  @Test
  void aHeldChangeIsDueAfterTheHoldEvenWhenMoreArrive() {
    HeldWrites held = new HeldWrites();
    Workflow wf = observed("Pending");
    String patch = nodePatch("wf-1", "{\"hostNodeName\":\"n\"}");
    assertThat(held.hold(KEY, wf, patch, T0)).contains(T0.plus(HeldWrites.HOLD));
    assertThat(held.hold(KEY, wf, patch, T0.plusMillis(100))).contains(T0.plus(HeldWrites.HOLD));
    assertThat(held.hold(KEY, wf, patch, T0.plus(HeldWrites.HOLD))).isEmpty();
    held.written(KEY);
    assertThat(held.size()).isZero();
    assertThat(held.hold(KEY, wf, patch, T0.plusSeconds(5)))
        .contains(T0.plusSeconds(5).plus(HeldWrites.HOLD));
  }
}
