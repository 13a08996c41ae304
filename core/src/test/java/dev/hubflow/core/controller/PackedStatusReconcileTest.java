package dev.hubflow.core.controller;

import static dev.hubflow.core.controller.TestWorkflows.withPhase;
import static dev.hubflow.core.controller.TestWorkflows.workflow;
import static org.assertj.core.api.Assertions.assertThat;

import dev.hubflow.core.cluster.WorkflowKey;
import dev.hubflow.core.engine.Observation;
import dev.hubflow.core.engine.Reconciliation;
import dev.hubflow.core.status.NodeStatusPacking;
import dev.hubflow.model.Codec;
import dev.hubflow.model.v1alpha1.NodeStatus;
import dev.hubflow.model.v1alpha1.Workflow;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import java.util.zip.GZIPOutputStream;
import org.junit.jupiter.api.Test;

/** The reconciler reads node status unpacked and writes it packed when it is large. */
class PackedStatusReconcileTest {
  private static final Instant NOW = Instant.parse("2026-01-01T00:00:00Z");
  private final WorkflowKey key = new WorkflowKey("hub", "ns", "wf");
  private final FakeCluster cluster = new FakeCluster("hub");
  private final List<Observation> seen = new ArrayList<>();

  private WorkflowReconciler reconciler(
      int maxWorkflowSize, Function<Observation, Reconciliation> engine) {
    return new WorkflowReconciler(
        name -> name.equals("hub") ? Optional.of(cluster) : Optional.empty(),
        observation -> {
          seen.add(observation);
          return engine.apply(observation);
        },
        () -> NOW,
        new WriteOverlay(),
        new CreatedPods(),
        new Placements(),
        new NodeStatusPacking(maxWorkflowSize));
  }

  /** The observed workflow with {@code count} running pod nodes. */
  private static Reconciliation withNodes(Observation o, int count) {
    Workflow wf = withPhase(o.workflow(), "Running");
    Map<String, NodeStatus> nodes = new LinkedHashMap<>();
    for (int i = 0; i < count; i++) {
      String id = "wf-" + (3_000_000_000L - i * 104_729L);
      nodes.put(id, new NodeStatus().id(id).name("wf.task-" + i).type("Pod").phase("Running"));
    }
    wf.getStatus().setNodes(nodes);
    return new Reconciliation(Optional.of(wf), List.of(), Optional.empty());
  }

  private static Reconciliation unchanged(Observation o) {
    return new Reconciliation(Optional.of(Codec.copy(o.workflow())), List.of(), Optional.empty());
  }

  @Test
  void largeStatusIsStoredCompressedAndTheEngineSeesItsNodes() throws Exception {
    cluster.add(workflow("ns", "wf"));
    WorkflowReconciler reconciler = reconciler(4_000, o -> withNodes(o, 100));

    reconciler.reconcile(key);

    Workflow stored = cluster.serverWorkflow("ns", "wf");
    assertThat(stored.getStatus().getNodes()).isNull();
    assertThat(stored.getStatus().getCompressedNodes()).isNotEmpty();
    assertThat(stored.getStatus().getPhase()).isEqualTo("Running");
    assertThat(Codec.toJson(stored).length()).isLessThanOrEqualTo(4_000);

    reconciler.reconcile(key);

    Workflow second = seen.get(1).workflow();
    assertThat(second.getStatus().getNodes()).hasSize(100);
    assertThat(second.getStatus().getCompressedNodes()).isNull();
    assertThat(cluster.writes("patch")).as("the same nodes are not written again").hasSize(1);
  }

  @Test
  void statusThatFitsAgainIsStoredAsPlainNodes() throws Exception {
    cluster.add(workflow("ns", "wf"));
    reconciler(4_000, o -> withNodes(o, 100)).reconcile(key);

    reconciler(4_000, o -> withNodes(o, 3)).reconcile(key);

    Workflow stored = cluster.serverWorkflow("ns", "wf");
    assertThat(stored.getStatus().getCompressedNodes()).isNull();
    assertThat(stored.getStatus().getNodes()).hasSize(3);
    assertThat(cluster.writes("patch").get(1)).contains("\"compressedNodes\":null");
  }

  @Test
  void unchangedCompressedStatusIsNotWrittenAgain() throws Exception {
    cluster.add(workflow("ns", "wf"));
    reconciler(4_000, o -> withNodes(o, 100)).reconcile(key);

    reconciler(4_000, PackedStatusReconcileTest::unchanged).reconcile(key);

    assertThat(cluster.writes("patch")).hasSize(1);
  }

  @Test
  void statusTooLargeEvenCompressedEndsTheWorkflowWithArgosMessage() throws Exception {
    cluster.add(withPhase(workflow("ns", "wf"), "Running"));

    Outcome outcome = reconciler(1_000, o -> withNodes(o, 2_000)).reconcile(key);

    assertThat(outcome).isInstanceOf(Outcome.Reconciled.class);
    Workflow stored = cluster.serverWorkflow("ns", "wf");
    assertThat(stored.getStatus().getPhase()).isEqualTo("Error");
    assertThat(stored.getStatus().getMessage())
        .startsWith(NodeStatusPacking.TOO_LARGE)
        .endsWith("offload node status is not supported");
    assertThat(stored.getStatus().getNodes()).isNullOrEmpty();
    assertThat(stored.getMetadata().getLabels())
        .containsEntry("workflows.argoproj.io/completed", "true")
        .containsEntry("workflows.argoproj.io/phase", "Error");
  }

  @Test
  void unreadableCompressedNodesEndTheWorkflowInsteadOfStartingItOver() throws Exception {
    Workflow damaged = withPhase(workflow("ns", "wf"), "Running");
    damaged.getStatus().setCompressedNodes("H4sI-not-base64");
    cluster.add(damaged);

    Outcome outcome = reconciler(4_000, o -> withNodes(o, 1)).reconcile(key);

    assertThat(outcome).isInstanceOf(Outcome.Reconciled.class);
    assertThat(seen).as("the engine never saw it").isEmpty();
    Workflow stored = cluster.serverWorkflow("ns", "wf");
    assertThat(stored.getStatus().getPhase()).isEqualTo("Error");
    assertThat(stored.getStatus().getMessage())
        .startsWith("status.compressedNodes is not valid base64");
    assertThat(stored.getStatus().getCompressedNodes()).isEqualTo("H4sI-not-base64");
    assertThat(reconciler(4_000, o -> withNodes(o, 1)).reconcile(key))
        .isEqualTo(new Outcome.Completed("Error"));
  }

  @Test
  void workflowCompressedByArgoIsContinuedFromItsNodes() throws Exception {
    Workflow fromArgo = withPhase(workflow("ns", "wf"), "Running");
    fromArgo
        .getStatus()
        .setCompressedNodes(
            gzipBase64(
                "{\"wf\":{\"id\":\"wf\",\"name\":\"wf\",\"type\":\"Steps\",\"phase\":\"Running\","
                    + "\"startedAt\":\"2024-01-01T00:00:00Z\",\"finishedAt\":null}}"));
    cluster.add(fromArgo);

    reconciler(1024 * 1024, PackedStatusReconcileTest::unchanged).reconcile(key);

    assertThat(seen.get(0).workflow().getStatus().getNodes()).containsOnlyKeys("wf");
    assertThat(seen.get(0).workflow().getStatus().getNodes().get("wf").getType())
        .isEqualTo("Steps");
    // Small enough to be stored plain again, as Argo's packer would store it.
    Workflow stored = cluster.serverWorkflow("ns", "wf");
    assertThat(stored.getStatus().getNodes()).containsOnlyKeys("wf");
    assertThat(stored.getStatus().getCompressedNodes()).isNull();
  }

  private static String gzipBase64(String json) throws IOException {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    try (GZIPOutputStream gzip = new GZIPOutputStream(bytes)) {
      gzip.write(json.getBytes(StandardCharsets.UTF_8));
    }
    return Base64.getEncoder().encodeToString(bytes.toByteArray());
  }
}
