package dev.hubflow.testkit.controller;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.hubflow.core.HubflowController;
import dev.hubflow.core.argo.ArgoNames;
import dev.hubflow.core.config.ControllerConfig;
import dev.hubflow.core.engine.Action;
import dev.hubflow.core.engine.Observation;
import dev.hubflow.core.engine.Reconciliation;
import dev.hubflow.core.engine.WorkflowEngine;
import dev.hubflow.model.Codec;
import dev.hubflow.model.v1alpha1.NodeStatus;
import dev.hubflow.model.v1alpha1.Workflow;
import dev.hubflow.model.v1alpha1.WorkflowList;
import dev.hubflow.model.v1alpha1.WorkflowStatus;
import dev.hubflow.testkit.apiserver.ApiServer;
import io.kubernetes.client.custom.V1Patch;
import io.kubernetes.client.openapi.ApiClient;
import io.kubernetes.client.openapi.ApiException;
import io.kubernetes.client.openapi.apis.CoreV1Api;
import io.kubernetes.client.openapi.models.V1Container;
import io.kubernetes.client.openapi.models.V1ContainerState;
import io.kubernetes.client.openapi.models.V1ContainerStateTerminated;
import io.kubernetes.client.openapi.models.V1ContainerStatus;
import io.kubernetes.client.openapi.models.V1Namespace;
import io.kubernetes.client.openapi.models.V1ObjectMeta;
import io.kubernetes.client.openapi.models.V1Pod;
import io.kubernetes.client.openapi.models.V1PodList;
import io.kubernetes.client.openapi.models.V1PodSpec;
import io.kubernetes.client.openapi.models.V1PodStatus;
import io.kubernetes.client.util.generic.GenericKubernetesApi;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The controller's plumbing against the in-process API server: informers, the work queue, the write
 * path and retries. The engine here is a tiny script (one pod, then done), so every effect seen
 * comes from the controller; {@code HelloWorldIT} runs Argo's engine.
 */
class ControllerIT {
  private ApiServer server;
  private ApiClient client;
  private GenericKubernetesApi<Workflow, WorkflowList> workflows;
  private GenericKubernetesApi<V1Pod, V1PodList> pods;
  private HubflowController hubflow;
  private final List<Observation> seen = new CopyOnWriteArrayList<>();

  @BeforeEach
  void startServer() {
    server = ApiServer.builder("hub").start();
    client = server.apiClient();
    workflows =
        new GenericKubernetesApi<>(
            Workflow.class, WorkflowList.class, "argoproj.io", "v1alpha1", "workflows", client);
    pods = new GenericKubernetesApi<>(V1Pod.class, V1PodList.class, "", "v1", "pods", client);
  }

  @AfterEach
  void stop() {
    if (hubflow != null) {
      hubflow.close();
    }
    server.close();
  }

  private void startController(WorkflowEngine engine, ControllerConfig config) {
    WorkflowEngine recording =
        o -> {
          seen.add(o);
          return engine.reconcile(o);
        };
    hubflow =
        HubflowController.builder()
            .cluster("hub", server.apiClient())
            .engine(recording)
            .config(config.withRetryDelays(Duration.ofMillis(20), Duration.ofMillis(200)))
            .build()
            .start();
  }

  private void startController(WorkflowEngine engine) {
    startController(engine, ControllerConfig.defaults());
  }

  private Workflow create(String namespace, String name, String phase) {
    Workflow wf =
        new Workflow()
            .apiVersion("argoproj.io/v1alpha1")
            .kind("Workflow")
            .metadata(new V1ObjectMeta().namespace(namespace).name(name));
    if (phase != null) {
      wf.setStatus(new WorkflowStatus().phase(phase));
    }
    return workflows.create(wf).getObject();
  }

  private Workflow get(String namespace, String name) {
    return workflows.get(namespace, name).getObject();
  }

  /**
   * Create one pod, say Running; once the pod has succeeded, say Succeeded. Never asks for a timer.
   */
  static Reconciliation onePod(Observation o) {
    Workflow wf = Codec.copy(o.workflow());
    String name = wf.getMetadata().getName();
    if (wf.getStatus() == null || wf.getStatus().getPhase() == null) {
      wf.setStatus(
          new WorkflowStatus()
              .phase("Running")
              .putNodesItem(name, new NodeStatus().id(name).name(name).phase("Pending")));
      wf.getMetadata().putLabelsItem(ArgoNames.LABEL_PHASE, "Running");
      wf.getMetadata().putLabelsItem(ArgoNames.LABEL_COMPLETED, "false");
      V1Pod pod =
          new V1Pod()
              .metadata(
                  new V1ObjectMeta()
                      .name(name)
                      .namespace(wf.getMetadata().getNamespace())
                      .putLabelsItem(ArgoNames.LABEL_WORKFLOW, name)
                      .putAnnotationsItem(ArgoNames.ANNOTATION_NODE_ID, name))
              .spec(
                  new V1PodSpec()
                      .restartPolicy("Never")
                      .addContainersItem(new V1Container().name("main").image("busybox")));
      return new Reconciliation(
          Optional.of(wf), List.of(new Action.CreatePod(pod)), Optional.empty());
    }
    V1Pod pod = o.podsByNodeId().get(name);
    if (pod != null
        && pod.getStatus() != null
        && "Succeeded".equals(pod.getStatus().getPhase())
        && "Running".equals(wf.getStatus().getPhase())) {
      wf.getStatus().setPhase("Succeeded");
      wf.getStatus().getNodes().get(name).setPhase("Succeeded");
      wf.getMetadata().putLabelsItem(ArgoNames.LABEL_PHASE, "Succeeded");
      wf.getMetadata().putLabelsItem(ArgoNames.LABEL_COMPLETED, "true");
      return new Reconciliation(Optional.of(wf), List.of(), Optional.empty());
    }
    return Reconciliation.nothing();
  }

  /** What the kubelet would do: the pod ran and exited 0. */
  private void podSucceeds(String namespace, String name) {
    V1Pod pod = pods.get(namespace, name).getObject();
    pod.setStatus(
        new V1PodStatus()
            .phase("Succeeded")
            .addContainerStatusesItem(
                new V1ContainerStatus()
                    .name("main")
                    .state(
                        new V1ContainerState()
                            .terminated(new V1ContainerStateTerminated().exitCode(0)))));
    try {
      new CoreV1Api(client)
          .replaceNamespacedPodStatus(name, namespace, pod, null, null, null, null);
    } catch (ApiException e) {
      throw new AssertionError("update status: " + e.getCode() + " " + e.getResponseBody(), e);
    }
  }

  @Test
  void workflowCreatedThroughTheApiGetsItsPodAndStatusAndFinishesOnThePodEvent() {
    startController(ControllerIT::onePod);
    create("default", "wf", null);

    await().until(() -> pods.get("default", "wf").isSuccess());
    await().until(() -> "Running".equals(phase(get("default", "wf"))));
    Workflow running = get("default", "wf");
    assertThat(running.getMetadata().getLabels())
        .containsEntry(ArgoNames.LABEL_PHASE, "Running")
        .containsEntry(ArgoNames.LABEL_COMPLETED, "false");
    assertThat(running.getStatus().getNodes()).containsKey("wf");

    // The engine never asks for a timer: only the pod's watch event can finish the workflow.
    podSucceeds("default", "wf");
    await()
        .atMost(Duration.ofSeconds(3))
        .until(() -> "Succeeded".equals(phase(get("default", "wf"))));
    assertThat(get("default", "wf").getMetadata().getLabels())
        .containsEntry(ArgoNames.LABEL_COMPLETED, "true");
    assertThat(server.counters().count("create", "pods")).isEqualTo(1);
  }

  @Test
  void serverErrorsOnWritesAreRetriedAndTheWorkflowIsNotLost() {
    startController(ControllerIT::onePod);
    await().until(() -> hubflow.controller().clusters().stream().allMatch(c -> c.synced()));
    server.faults().errorRate(1.0, 500, resource -> resource.equals("pods"));
    create("default", "wf", null);

    // Every attempt starts again from observation, so the engine sees each retry.
    await().until(() -> seen.size() >= 3);
    assertThat(server.counters().count("create", "pods")).isZero();
    server.faults().clear();

    await().until(() -> pods.get("default", "wf").isSuccess());
    await().until(() -> "Running".equals(phase(get("default", "wf"))));
  }

  @Test
  void aConflictingWriteIsRetriedFromTheNewerVersion() {
    AtomicBoolean interfered = new AtomicBoolean();
    startController(
        o -> {
          // Someone else writes after our observation: our patch carries the old
          // resourceVersion and must get a 409, then succeed from the newer version.
          if (interfered.compareAndSet(false, true)) {
            workflows.patch(
                "default",
                "wf",
                V1Patch.PATCH_FORMAT_JSON_MERGE_PATCH,
                new V1Patch("{\"metadata\":{\"annotations\":{\"someone\":\"else\"}}}"));
          }
          return onePod(o);
        });
    create("default", "wf", null);

    await().until(() -> "Running".equals(phase(get("default", "wf"))));
    Workflow running = get("default", "wf");
    assertThat(running.getMetadata().getAnnotations()).containsEntry("someone", "else");
    // The write that landed was decided on the newer version (the first decision was refused).
    assertThat(seen.size()).isGreaterThanOrEqualTo(2);
    assertThat(seen.get(0).workflow().getMetadata().getAnnotations()).isNull();
    assertThat(seen.subList(1, seen.size()))
        .anyMatch(o -> o.workflow().getMetadata().getAnnotations() != null);
    assertThat(server.counters().count("patch", "workflows")).isGreaterThanOrEqualTo(3);
  }

  @Test
  void completedWorkflowsAreLeftAlone() {
    create("default", "done", "Succeeded");
    create("default", "failed", "Failed");
    startController(ControllerIT::onePod);
    create("default", "fresh", null);

    await().until(() -> "Running".equals(phase(get("default", "fresh"))));
    assertThat(seen).allMatch(o -> o.workflow().getMetadata().getName().equals("fresh"));
    assertThat(server.counters().count("patch", "workflows")).isEqualTo(1);
  }

  @Test
  void onlyTheConfiguredNamespacesAreWatched() {
    try {
      new CoreV1Api(client)
          .createNamespace(
              new V1Namespace().metadata(new V1ObjectMeta().name("argo")), null, null, null, null);
    } catch (ApiException e) {
      throw new AssertionError(e.getResponseBody(), e);
    }
    create("default", "elsewhere", null);
    startController(
        ControllerIT::onePod, ControllerConfig.defaults().withNamespaces(Set.of("argo")));
    create("argo", "mine", null);

    await().until(() -> "Running".equals(phase(get("argo", "mine"))));
    assertThat(phase(get("default", "elsewhere"))).isNull();
    assertThat(seen).allMatch(o -> o.workflow().getMetadata().getNamespace().equals("argo"));
  }

  private static String phase(Workflow wf) {
    return wf == null || wf.getStatus() == null ? null : wf.getStatus().getPhase();
  }
}
