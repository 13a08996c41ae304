package dev.hubflow.core.controller;

import static dev.hubflow.core.controller.TestWorkflows.pod;
import static dev.hubflow.core.controller.TestWorkflows.withNode;
import static dev.hubflow.core.controller.TestWorkflows.withPhase;
import static dev.hubflow.core.controller.TestWorkflows.workflow;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.hubflow.core.cluster.WorkflowKey;
import dev.hubflow.core.engine.Action;
import dev.hubflow.core.engine.Observation;
import dev.hubflow.core.engine.Reconciliation;
import dev.hubflow.core.engine.WorkflowEngine;
import dev.hubflow.core.status.NodeStatusPacking;
import dev.hubflow.model.v1alpha1.Outputs;
import dev.hubflow.model.v1alpha1.Workflow;
import dev.hubflow.model.v1alpha1.WorkflowTaskResult;
import io.kubernetes.client.openapi.ApiException;
import io.kubernetes.client.openapi.models.V1ObjectMeta;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.Function;
import org.junit.jupiter.api.Test;

class WorkflowReconcilerTest {
  private static final Instant NOW = Instant.parse("2026-01-01T00:00:00Z");
  private final WorkflowKey key = new WorkflowKey("hub", "ns", "wf");
  private final FakeCluster cluster = new FakeCluster("hub");
  private final List<Observation> seen = new ArrayList<>();

  private final WriteOverlay overlay = new WriteOverlay();

  private WorkflowReconciler reconciler(Function<Observation, Reconciliation> engine) {
    WorkflowEngine recording =
        observation -> {
          seen.add(observation);
          return engine.apply(observation);
        };
    return new WorkflowReconciler(
        name -> name.equals("hub") ? Optional.of(cluster) : Optional.empty(),
        recording,
        () -> NOW,
        overlay,
        new CreatedPods(),
        new Placements(),
        new NodeStatusPacking(NodeStatusPacking.DEFAULT_MAX_WORKFLOW_SIZE));
  }

  /** An engine that starts the workflow with one pod, then wants nothing more. */
  private static Reconciliation startsWithOnePod(Observation o) {
    return o.workflow().getStatus() == null
        ? result(
            withNode(withPhase(o.workflow(), "Running"), "wf-1", "Pending"),
            new Action.CreatePod(pod("ns", "wf", "wf-a-1", "wf-1")))
        : Reconciliation.nothing();
  }

  private static Reconciliation result(Workflow workflow, Action... actions) {
    return new Reconciliation(Optional.of(workflow), List.of(actions), Optional.empty());
  }

  @Test
  void completedWorkflowsAreNotGivenToTheEngine() throws Exception {
    for (String phase : List.of("Succeeded", "Failed", "Error")) {
      cluster.add(withPhase(workflow("ns", "wf"), phase));
      Outcome outcome = reconciler(o -> Reconciliation.nothing()).reconcile(key);
      assertThat(outcome).isEqualTo(new Outcome.Completed(phase));
    }
    assertThat(seen).isEmpty();
    assertThat(cluster.writes).isEmpty();
  }

  @Test
  void nothingIsDecidedBeforeTheCachesHaveSynced() throws Exception {
    cluster.add(workflow("ns", "wf"));
    cluster.synced(false);
    assertThat(reconciler(o -> Reconciliation.nothing()).reconcile(key))
        .isInstanceOf(Outcome.NotReady.class);
    assertThat(seen).isEmpty();
  }

  @Test
  void deletedWorkflowOrUnknownClusterIsGone() throws Exception {
    assertThat(reconciler(o -> Reconciliation.nothing()).reconcile(key))
        .isInstanceOf(Outcome.Gone.class);
    assertThat(
            reconciler(o -> Reconciliation.nothing())
                .reconcile(new WorkflowKey("elsewhere", "ns", "wf")))
        .isInstanceOf(Outcome.Gone.class);
    assertThat(seen).isEmpty();
  }

  @Test
  void engineSeesPodsAndCompleteResultsByNodeIdAndTheClockTime() throws Exception {
    cluster.add(workflow("ns", "wf"));
    cluster.addPod(pod("ns", "wf", "wf-a-1", "wf-1"));
    cluster.addPod(pod("ns", "other", "other-a-2", "other-2"));
    cluster.addResult(result("wf-1", "true"));
    cluster.addResult(result("wf-2", "false"));

    reconciler(o -> Reconciliation.nothing()).reconcile(key);

    Observation observation = seen.get(0);
    assertThat(observation.podsByNodeId()).containsOnlyKeys("wf-1");
    assertThat(observation.resultsByNodeId()).containsOnlyKeys("wf-1");
    assertThat(observation.resultsByNodeId().get("wf-1").getOutputs().getExitCode()).isEqualTo("0");
    assertThat(observation.now()).isEqualTo(NOW);
  }

  @Test
  void engineResultIsWrittenAsOneMergePatchOfTheDifference() throws Exception {
    cluster.add(workflow("ns", "wf"));
    Outcome outcome = reconciler(o -> result(withPhase(o.workflow(), "Running"))).reconcile(key);

    assertThat(outcome).isEqualTo(new Outcome.Reconciled(true, 0, Optional.empty()));
    assertThat(cluster.writes("patch")).hasSize(1);
    assertThat(cluster.writes("patch").get(0))
        .contains("\"status\":{\"phase\":\"Running\"}")
        .contains("\"workflows.argoproj.io/phase\":\"Running\"")
        .contains("\"resourceVersion\":\"101\"");
    assertThat(cluster.serverWorkflow("ns", "wf").getStatus().getPhase()).isEqualTo("Running");
  }

  @Test
  void nothingIsSentWhenTheEngineChangesNothing() throws Exception {
    cluster.add(withPhase(workflow("ns", "wf"), "Running"));
    reconciler(o -> result(dev.hubflow.model.Codec.copy(o.workflow()))).reconcile(key);
    reconciler(o -> Reconciliation.nothing()).reconcile(key);
    assertThat(cluster.writes).isEmpty();
  }

  @Test
  void engineNeverGetsTheCacheObjectToMutateAndCacheStaysUntouched() throws Exception {
    Workflow stored = cluster.add(workflow("ns", "wf"));
    String before = dev.hubflow.model.Codec.toJson(cluster.workflow("ns", "wf").orElseThrow());
    reconciler(o -> result(withPhase(o.workflow(), "Running"))).reconcile(key);
    assertThat(dev.hubflow.model.Codec.toJson(stored)).isEqualTo(before);
  }

  @Test
  void podsAreCreatedBeforeTheStatusWriteAndDeletedAfterIt() throws Exception {
    cluster.add(workflow("ns", "wf"));
    reconciler(
            o ->
                result(
                    withNode(withPhase(o.workflow(), "Running"), "wf-1", "Pending"),
                    new Action.DeletePod("ns", "wf-old-9"),
                    new Action.CreatePod(pod(null, "wf", "wf-a-1", "wf-1"))))
        .reconcile(key);

    assertThat(cluster.writes)
        .extracting(w -> w.split(" ")[0])
        .containsExactly("create-pod", "patch", "delete-pod");
    assertThat(cluster.writes.get(0)).isEqualTo("create-pod ns/wf-a-1");
  }

  @Test
  void nextReconcileSeesTheStatusWeWroteEvenWhileTheCacheIsStale() throws Exception {
    cluster.lagging(true);
    cluster.add(workflow("ns", "wf"));
    WorkflowReconciler reconciler = reconciler(WorkflowReconcilerTest::startsWithOnePod);

    reconciler.reconcile(key);
    int looksInFirst = seen.size(); // the engine's own second look counts too
    reconciler.reconcile(key);

    Observation second = seen.get(looksInFirst);
    assertThat(second.workflow().getStatus().getPhase()).isEqualTo("Running");
    assertThat(second.workflow().getMetadata().getResourceVersion()).isEqualTo("102");
    assertThat(second.podsByNodeId()).containsOnlyKeys("wf-1");
    assertThat(cluster.writes("create-pod")).hasSize(1);
    assertThat(cluster.writes("patch")).hasSize(1);
  }

  @Test
  void aStepThatEndsIsSettledInOneWriteWhenNoPodIsPending() throws Exception {
    cluster.add(workflow("ns", "wf"));
    // An engine that needs two looks: first the node ends, then (seeing that) the workflow.
    WorkflowReconciler reconciler =
        reconciler(
            o ->
                o.workflow().getStatus() == null
                    ? result(withNode(withPhase(o.workflow(), "Running"), "wf-1", "Succeeded"))
                    : "Running".equals(o.workflow().getStatus().getPhase())
                        ? result(withPhase(o.workflow(), "Succeeded"))
                        : Reconciliation.nothing());

    reconciler.reconcile(key);

    assertThat(cluster.writes("patch")).hasSize(1);
    assertThat(cluster.serverWorkflow("ns", "wf").getStatus().getPhase()).isEqualTo("Succeeded");
    // Its watch event is reconciled all the same: the completed workflow is let go of then.
    assertThat(overlay.observed(key, cluster.serverWorkflow("ns", "wf"))).isFalse();
  }

  @Test
  void theEngineLooksAgainWithThePodsItCreatedAndThenItsWriteNeedsNoReconcile() throws Exception {
    cluster.lagging(true);
    cluster.add(workflow("ns", "wf"));
    WorkflowReconciler reconciler = reconciler(WorkflowReconcilerTest::startsWithOnePod);

    reconciler.reconcile(key);

    assertThat(seen).hasSize(2);
    assertThat(seen.get(1).workflow().getStatus().getPhase()).isEqualTo("Running");
    assertThat(seen.get(1).podsByNodeId()).containsOnlyKeys("wf-1");
    // The write's watch event brings nothing the engine has not looked at.
    assertThat(overlay.observed(key, cluster.serverWorkflow("ns", "wf"))).isTrue();
  }

  @Test
  void aSecondLookThatWantsMoreIsLeftToTheReconcileTheWriteBrings() throws Exception {
    cluster.lagging(true);
    cluster.add(workflow("ns", "wf"));
    // Each look wants one more pod: only the first is acted on in this reconcile.
    WorkflowReconciler reconciler =
        reconciler(
            o -> {
              String next = "wf-" + (o.podsByNodeId().size() + 1);
              return result(
                  withNode(withPhase(o.workflow(), "Running"), next, "Pending"),
                  new Action.CreatePod(pod("ns", "wf", next + "-pod", next)));
            });

    Outcome outcome = reconciler.reconcile(key);

    assertThat(cluster.writes("create-pod")).containsExactly("create-pod ns/wf-1-pod");
    assertThat(outcome).isEqualTo(new Outcome.Reconciled(true, 1, Optional.empty()));
    assertThat(overlay.observed(key, cluster.serverWorkflow("ns", "wf"))).isFalse();
  }

  @Test
  void conflictingWriteFailsTheReconcileAndForgetsOurCopy() throws Exception {
    cluster.lagging(true);
    cluster.add(workflow("ns", "wf"));
    WorkflowReconciler reconciler =
        reconciler(o -> result(withNode(o.workflow(), "wf-" + seen.size(), "Pending")));
    reconciler.reconcile(key);
    cluster.failNextWrites(409);
    assertThatThrownBy(() -> reconciler.reconcile(key))
        .isInstanceOfSatisfying(ApiException.class, e -> assertThat(e.getCode()).isEqualTo(409));
    // After the conflict our copy is gone: the next attempt starts from the (still stale) cache,
    // and the server refuses it too, until the informer catches up. (The engine may be asked twice
    // a reconcile: what matters is what the first look of each reconcile saw.)
    int third = seen.size();
    assertThatThrownBy(() -> reconciler.reconcile(key)).isInstanceOf(ApiException.class);
    assertThat(seen.get(third).workflow().getMetadata().getResourceVersion()).isEqualTo("101");
    cluster.catchUp();
    int fourth = seen.size();
    reconciler.reconcile(key);
    assertThat(seen.get(fourth).workflow().getMetadata().getResourceVersion()).isEqualTo("102");
    assertThat(cluster.serverWorkflow("ns", "wf").getStatus().getNodes())
        .containsKey("wf-" + (fourth + 1));
  }

  @Test
  void wakeAtIsReturnedToTheCaller() throws Exception {
    cluster.add(workflow("ns", "wf"));
    Instant later = NOW.plusSeconds(30);
    Outcome outcome =
        reconciler(o -> new Reconciliation(Optional.empty(), List.of(), Optional.of(later)))
            .reconcile(key);
    assertThat(outcome).isEqualTo(new Outcome.Reconciled(false, 0, Optional.of(later)));
  }

  private static WorkflowTaskResult result(String nodeId, String completed) {
    WorkflowTaskResult result =
        new WorkflowTaskResult()
            .metadata(
                new V1ObjectMeta()
                    .namespace("ns")
                    .name(nodeId)
                    .putLabelsItem("workflows.argoproj.io/workflow", "wf")
                    .putLabelsItem("workflows.argoproj.io/report-outputs-completed", completed));
    return result.outputs(new Outputs().exitCode("0"));
  }
}
