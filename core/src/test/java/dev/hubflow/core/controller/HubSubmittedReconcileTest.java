package dev.hubflow.core.controller;

import static dev.hubflow.core.controller.TestWorkflows.pod;
import static dev.hubflow.core.controller.TestWorkflows.withNode;
import static dev.hubflow.core.controller.TestWorkflows.withPhase;
import static dev.hubflow.core.controller.TestWorkflows.workflow;
import static org.assertj.core.api.Assertions.assertThat;

import dev.hubflow.core.cluster.WorkflowKey;
import dev.hubflow.core.engine.Action;
import dev.hubflow.core.engine.Observation;
import dev.hubflow.core.engine.Reconciliation;
import dev.hubflow.core.engine.WorkflowEngine;
import dev.hubflow.core.status.NodeStatusPacking;
import dev.hubflow.model.v1alpha1.Workflow;
import io.kubernetes.client.openapi.models.V1Pod;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import org.junit.jupiter.api.Test;

class HubSubmittedReconcileTest {
  private final WorkflowKey key = new WorkflowKey("hub", "ns", "wf");
  private final FakeCluster hub = new FakeCluster("hub");
  private final FakeCluster spoke = new FakeCluster("spoke");
  private final FakeCluster other = new FakeCluster("other");
  private final List<Observation> seen = new ArrayList<>();

  private WorkflowReconciler reconciler(Function<Observation, Reconciliation> engine) {
    WorkflowEngine recording =
        observation -> {
          seen.add(observation);
          return engine.apply(observation);
        };
    Map<String, FakeCluster> clusters = Map.of("hub", hub, "spoke", spoke, "other", other);
    return new WorkflowReconciler(
        name -> Optional.ofNullable(clusters.get(name)),
        recording,
        () -> Instant.parse("2026-01-01T00:00:00Z"),
        new WriteOverlay(),
        new CreatedPods(),
        new Placements(),
        new NodeStatusPacking(NodeStatusPacking.DEFAULT_MAX_WORKFLOW_SIZE));
  }

  private Workflow hubWorkflow() {
    Workflow wf = workflow("ns", "wf");
    wf.getMetadata().putAnnotationsItem("workflows.hubflow.dev/cluster", "spoke");
    wf.getMetadata().putAnnotationsItem("workflows.hubflow.dev/namespace", "jobs");
    return hub.add(wf);
  }

  @Test
  void podsOfAHubWorkflowAreCreatedInTheSpokeLabelledWithTheHubUidAndStatusStaysInTheHub()
      throws Exception {
    Workflow stored = hubWorkflow();
    reconciler(
            o ->
                new Reconciliation(
                    Optional.of(withNode(withPhase(o.workflow(), "Running"), "wf-1", "Pending")),
                    List.of(new Action.CreatePod(pod("jobs", "wf", "wf-a-1", "wf-1"))),
                    Optional.empty()))
        .reconcile(key);

    assertThat(spoke.writes).containsExactly("create-pod jobs/wf-a-1");
    assertThat(hub.writes).singleElement().asString().startsWith("patch ns/wf");
    V1Pod created = spoke.pods("jobs", "wf").get(0);
    assertThat(created.getMetadata().getLabels())
        .containsEntry("workflows.hubflow.dev/hub-workflow-uid", stored.getMetadata().getUid());
  }

  @Test
  void theEngineSeesOnlyTheSpokePodsOfThisHubWorkflow() throws Exception {
    Workflow stored = hubWorkflow();
    V1Pod ours = pod("jobs", "wf", "wf-a-1", "wf-1");
    ours.getMetadata()
        .putLabelsItem("workflows.hubflow.dev/hub-workflow-uid", stored.getMetadata().getUid());
    V1Pod sameNameInSpoke = pod("jobs", "wf", "wf-b-2", "wf-2");
    spoke.addPod(ours);
    spoke.addPod(sameNameInSpoke);
    reconciler(o -> new Reconciliation(Optional.empty(), List.of(), Optional.empty()))
        .reconcile(key);

    assertThat(seen)
        .singleElement()
        .satisfies(o -> assertThat(o.podsByNodeId()).containsOnlyKeys("wf-1"));
  }

  @Test
  void aHubWorkflowWhoseSpokeIsOutOfReachIsHeldWhileOthersRun() throws Exception {
    hubWorkflow();
    spoke.connected(false);
    Outcome held =
        reconciler(o -> new Reconciliation(Optional.empty(), List.of(), Optional.empty()))
            .reconcile(key);
    assertThat(held).isInstanceOf(Outcome.NotReady.class);
    assertThat(seen).isEmpty();

    other.add(workflow("ns", "elsewhere"));
    Outcome ran =
        reconciler(o -> new Reconciliation(Optional.empty(), List.of(), Optional.empty()))
            .reconcile(new WorkflowKey("other", "ns", "elsewhere"));
    assertThat(ran).isInstanceOf(Outcome.Reconciled.class);
  }

  @Test
  void aWorkflowInADisconnectedClusterIsNotGivenToTheEngine() throws Exception {
    hub.add(workflow("ns", "wf"));
    hub.connected(false);
    Outcome outcome =
        reconciler(
                o -> {
                  throw new AssertionError("engine called");
                })
            .reconcile(key);
    assertThat(outcome).isInstanceOf(Outcome.NotReady.class);
  }

  @Test
  void aCompletedHubWorkflowDeletesItsPodsInTheSpokeButNotOthers() throws Exception {
    Workflow stored = hubWorkflow();
    V1Pod ours = pod("jobs", "wf", "wf-a-1", "wf-1");
    ours.getMetadata()
        .putLabelsItem("workflows.hubflow.dev/hub-workflow-uid", stored.getMetadata().getUid());
    spoke.addPod(ours);
    spoke.addPod(pod("jobs", "wf", "wf-seed-2", "wf-2"));
    hub.add(withPhase(stored, "Succeeded"));

    Outcome outcome =
        reconciler(
                o -> {
                  throw new AssertionError("engine called");
                })
            .reconcile(key);

    assertThat(outcome).isInstanceOf(Outcome.Completed.class);
    assertThat(spoke.writes).containsExactly("delete-pod jobs/wf-a-1");
  }
}
