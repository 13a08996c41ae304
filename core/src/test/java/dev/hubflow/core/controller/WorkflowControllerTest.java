package dev.hubflow.core.controller;

import static dev.hubflow.core.controller.TestWorkflows.pod;
import static dev.hubflow.core.controller.TestWorkflows.withNode;
import static dev.hubflow.core.controller.TestWorkflows.withPhase;
import static dev.hubflow.core.controller.TestWorkflows.workflow;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.hubflow.core.config.ControllerConfig;
import dev.hubflow.core.engine.Observation;
import dev.hubflow.core.engine.Reconciliation;
import dev.hubflow.core.engine.WorkflowEngine;
import dev.hubflow.core.spi.Clock;
import io.kubernetes.client.openapi.models.V1Pod;
import io.kubernetes.client.openapi.models.V1PodCondition;
import io.kubernetes.client.openapi.models.V1PodSpec;
import io.kubernetes.client.openapi.models.V1PodStatus;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class WorkflowControllerTest {
  private final FakeCluster cluster = new FakeCluster("hub");
  private final List<Observation> seen = new CopyOnWriteArrayList<>();
  private final SimpleMeterRegistry registry = new SimpleMeterRegistry();
  private WorkflowController controller;

  private void start(Function<Observation, Reconciliation> engine) {
    start(engine, ControllerConfig.defaults().podProgressDelay());
  }

  private void start(Function<Observation, Reconciliation> engine, Duration podProgressDelay) {
    WorkflowEngine recording =
        observation -> {
          seen.add(observation);
          return engine.apply(observation);
        };
    controller =
        new WorkflowController(
            recording,
            ControllerConfig.defaults()
                .withWorkers(2)
                .withRetryDelays(Duration.ofMillis(5), Duration.ofMillis(50))
                .withPodProgressDelay(podProgressDelay),
            Clock.system(),
            registry);
    controller.addCluster(cluster);
    controller.start();
  }

  @AfterEach
  void stop() {
    if (controller != null) {
      controller.close();
    }
  }

  @Test
  void existingWorkflowIsReconciledWhenTheClusterIsAdded() {
    cluster.add(workflow("ns", "wf"));
    start(
        o ->
            new Reconciliation(
                Optional.of(withPhase(o.workflow(), "Running")), List.of(), Optional.empty()));
    await().until(() -> cluster.serverWorkflow("ns", "wf").getStatus() != null);
    assertThat(cluster.serverWorkflow("ns", "wf").getStatus().getPhase()).isEqualTo("Running");
  }

  @Test
  void podEventReconcilesItsWorkflowAtOnce() {
    cluster.add(withPhase(workflow("ns", "wf"), "Running"));
    start(o -> Reconciliation.nothing());
    await().until(() -> seen.size() == 1);

    cluster.addPod(pod("ns", "wf", "wf-a-1", "wf-1"));

    await().atMost(Duration.ofSeconds(2)).until(() -> seen.size() == 2);
    assertThat(seen.get(1).podsByNodeId()).containsOnlyKeys("wf-1");
  }

  @Test
  void failedWritesAreRetriedUntilTheyLand() {
    cluster.add(workflow("ns", "wf"));
    cluster.failNextWrites(500, 409, 503);
    start(
        o ->
            new Reconciliation(
                Optional.of(withNode(withPhase(o.workflow(), "Running"), "wf", "Running")),
                List.of(),
                Optional.empty()));

    await().until(() -> cluster.serverWorkflow("ns", "wf").getStatus() != null);
    assertThat(cluster.writes("failed")).hasSize(3);
    assertThat(cluster.writes("patch")).hasSize(1);
  }

  @Test
  void engineCrashIsCountedAndRetriedWithoutKillingTheWorkers() {
    AtomicInteger calls = new AtomicInteger();
    cluster.add(workflow("ns", "wf"));
    start(
        o -> {
          if (calls.incrementAndGet() <= 2) {
            throw new IllegalStateException("boom");
          }
          return new Reconciliation(
              Optional.of(withPhase(o.workflow(), "Running")), List.of(), Optional.empty());
        });

    await().until(() -> cluster.serverWorkflow("ns", "wf").getStatus() != null);
    assertThat(registry.get("argo_workflows_error_count").counter().count()).isEqualTo(2.0);
  }

  @Test
  void engineWakeAtBringsTheWorkflowBackWithoutAnyEvent() {
    cluster.add(withPhase(workflow("ns", "wf"), "Running"));
    start(
        o ->
            new Reconciliation(
                Optional.empty(),
                List.of(),
                seen.size() == 1 ? Optional.of(Instant.now().plusMillis(100)) : Optional.empty()));

    await().atMost(Duration.ofSeconds(3)).until(() -> seen.size() == 2);
  }

  @Test
  void workflowsWaitUntilTheCachesHaveSynced() {
    cluster.synced(false);
    cluster.add(workflow("ns", "wf"));
    start(o -> Reconciliation.nothing());
    await().during(Duration.ofMillis(300)).atMost(Duration.ofSeconds(2)).until(seen::isEmpty);

    cluster.synced(true);
    await().until(() -> seen.size() == 1);
  }

  @Test
  void completedWorkflowsAreLeftAlone() {
    cluster.add(withPhase(workflow("ns", "done"), "Succeeded"));
    cluster.add(workflow("ns", "wf"));
    start(o -> Reconciliation.nothing());
    await().until(() -> seen.size() == 1);
    assertThat(seen.get(0).workflow().getMetadata().getName()).isEqualTo("wf");
  }

  @Test
  void metricsCountWorkflowsByPhaseAndShowTheQueue() {
    cluster.add(withPhase(workflow("ns", "a"), "Succeeded"));
    cluster.add(withPhase(workflow("ns", "b"), "Running"));
    cluster.add(workflow("ns", "c"));
    start(o -> Reconciliation.nothing());
    await().until(() -> seen.size() == 2);

    assertThat(registry.get("argo_workflows_count").tag("status", "Succeeded").gauge().value())
        .isEqualTo(1.0);
    assertThat(registry.get("argo_workflows_count").tag("status", "Running").gauge().value())
        .isEqualTo(1.0);
    assertThat(registry.get("argo_workflows_count").tag("status", "Pending").gauge().value())
        .isEqualTo(1.0);
    assertThat(registry.get("argo_workflows_queue_depth_count").gauge().value()).isZero();
    assertThat(registry.get("argo_workflows_queue_adds_count").counter().count()).isEqualTo(3.0);
    assertThat(registry.get("argo_workflows_operation_duration_seconds").timer().count())
        .isGreaterThanOrEqualTo(3);
  }

  @Test
  void podProgressWaitsForTheDelayAndIsReconciledOnce() {
    cluster.add(withPhase(workflow("ns", "wf"), "Running"));
    start(o -> Reconciliation.nothing(), Duration.ofMillis(300));
    await().until(() -> seen.size() == 1);
    cluster.addPod(pod("ns", "wf", "wf-a-1", "wf-1")); // a pod never seen: at once
    await().until(() -> seen.size() == 2);

    cluster.addPod(withStatus(pod("ns", "wf", "wf-a-1", "wf-1"), "Pending", "node-1", null));
    cluster.addPod(withStatus(pod("ns", "wf", "wf-a-1", "wf-1"), "Running", "node-1", null));

    await().atMost(Duration.ofSeconds(3)).until(() -> seen.size() == 3);
    assertThat(seen.get(2).podsByNodeId().get("wf-1").getStatus().getPhase()).isEqualTo("Running");
    await()
        .during(Duration.ofMillis(500))
        .atMost(Duration.ofSeconds(2))
        .until(() -> seen.size() == 3);
  }

  @Test
  void aPodThatEndsIsReconciledAtOnceAndAChangeTheEngineCannotSeeNotAtAll() {
    cluster.add(withPhase(workflow("ns", "wf"), "Running"));
    start(o -> Reconciliation.nothing(), Duration.ofHours(1));
    await().until(() -> seen.size() == 1);
    V1Pod running = withStatus(pod("ns", "wf", "wf-a-1", "wf-1"), "Running", "node-1", null);
    cluster.addPod(running);
    await().until(() -> seen.size() == 2);

    V1Pod conditionOnly = withStatus(pod("ns", "wf", "wf-a-1", "wf-1"), "Running", "node-1", null);
    conditionOnly.getStatus().addConditionsItem(new V1PodCondition().type("Ready").status("True"));
    cluster.addPod(conditionOnly);
    cluster.addPod(withStatus(pod("ns", "wf", "wf-a-1", "wf-1"), "Succeeded", "node-1", null));

    await().atMost(Duration.ofSeconds(2)).until(() -> seen.size() == 3);
    assertThat(seen.get(2).podsByNodeId().get("wf-1").getStatus().getPhase())
        .isEqualTo("Succeeded");
  }

  @Test
  void ourOwnSettledWriteComingBackIsNotReconciledAgain() throws Exception {
    cluster.add(workflow("ns", "wf"));
    start(
        o ->
            o.workflow().getStatus() == null
                ? new Reconciliation(
                    Optional.of(withPhase(o.workflow(), "Running")), List.of(), Optional.empty())
                : Reconciliation.nothing());
    await().until(() -> cluster.serverWorkflow("ns", "wf").getStatus() != null);

    // The reconcile's own second look, and nothing after the write's watch event.
    await()
        .during(Duration.ofMillis(300))
        .atMost(Duration.ofSeconds(2))
        .until(() -> seen.size() == 2);
    cluster.patchWorkflow("ns", "wf", "{\"metadata\":{\"labels\":{\"someone\":\"else\"}}}");
    await().until(() -> seen.size() == 3);
  }

  private static V1Pod withStatus(V1Pod pod, String phase, String node, String message) {
    pod.spec(new V1PodSpec().nodeName(node))
        .status(new V1PodStatus().phase(phase).message(message));
    return pod;
  }
}
