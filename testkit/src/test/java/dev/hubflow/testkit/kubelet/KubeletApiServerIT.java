package dev.hubflow.testkit.kubelet;

import static dev.hubflow.testkit.kubelet.Pods.NS;
import static dev.hubflow.testkit.kubelet.Pods.nodeId;
import static dev.hubflow.testkit.kubelet.Pods.status;
import static dev.hubflow.testkit.kubelet.Pods.unownedArgoPod;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import dev.hubflow.model.Codec;
import dev.hubflow.model.v1alpha1.WorkflowTaskResult;
import dev.hubflow.testkit.apiserver.ApiServer;
import dev.hubflow.testkit.apiserver.store.BuiltinTypes;
import dev.hubflow.testkit.apiserver.store.DeleteOptions;
import dev.hubflow.testkit.runtime.LocalRuntime;
import dev.hubflow.testkit.runtime.PodRuntime;
import dev.hubflow.testkit.runtime.SimulatedRuntime;
import dev.hubflow.testkit.time.SystemScheduler;
import io.kubernetes.client.openapi.models.V1Pod;
import java.time.Duration;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The kubelet against the real API emulator, through its store and through client-java. Pods have
 * no owner here: the emulator's garbage collector would delete pods owned by an absent workflow.
 */
class KubeletApiServerIT {
  private final ApiServer server = ApiServer.builder("kubelet-it").start();
  private final SystemScheduler clock = new SystemScheduler();
  private PodRuntime runtime;
  private Kubelet kubelet;

  @AfterEach
  void stop() {
    if (kubelet != null) {
      kubelet.close();
    }
    if (runtime != null) {
      runtime.close();
    }
    server.close();
  }

  private void start(String access, PodRuntime podRuntime) {
    server.store().create(BuiltinTypes.NAMESPACES, null, json("{'metadata':{'name':'argo'}}"));
    runtime = podRuntime;
    KubeletApi api =
        access.equals("store")
            ? new StoreKubeletApi(server)
            : new ClientKubeletApi(server.apiClient());
    kubelet = Kubelet.builder().api(api).runtime(runtime).scheduler(clock).build().start();
  }

  private static JsonObject json(String text) {
    return JsonParser.parseString(text.replace('\'', '"')).getAsJsonObject();
  }

  private V1Pod create(V1Pod pod) {
    return Codec.fromTree(
        server.store().create(BuiltinTypes.PODS, NS, Codec.toTree(pod).getAsJsonObject()),
        V1Pod.class,
        "pod");
  }

  private Optional<V1Pod> pod(String name) {
    return server
        .store()
        .find(BuiltinTypes.PODS, NS, name)
        .map(o -> Codec.fromTree(o, V1Pod.class, "pod"));
  }

  private V1Pod awaitPhase(String name, String phase) {
    await()
        .atMost(Duration.ofSeconds(30))
        .until(
            () ->
                pod(name)
                    .map(p -> p.getStatus() != null && phase.equals(p.getStatus().getPhase()))
                    .orElse(false));
    return pod(name).orElseThrow();
  }

  private WorkflowTaskResult awaitResult(String wf) {
    await()
        .atMost(Duration.ofSeconds(30))
        .until(
            () ->
                server
                    .store()
                    .find(BuiltinTypes.WORKFLOW_TASK_RESULTS, NS, nodeId(wf))
                    .map(
                        o ->
                            o.toString()
                                .contains(
                                    "\"workflows.argoproj.io/report-outputs-completed\":\"true\""))
                    .orElse(false));
    return Codec.fromTree(
        server.store().get(BuiltinTypes.WORKFLOW_TASK_RESULTS, NS, nodeId(wf)),
        WorkflowTaskResult.class,
        "result");
  }

  @ParameterizedTest
  @ValueSource(strings = {"store", "client"})
  void argosayPodRunsToSuccessWithOutputsAndLogs(String access) {
    start(access, new SimulatedRuntime(clock));
    V1Pod pod =
        create(
            unownedArgoPod(
                "wf",
                """
        name: say
        container: {image: 'argoproj/argosay:v2', args: [echo, hi, /tmp/p]}
        outputs: {parameters: [{name: p, valueFrom: {path: /tmp/p}}]}
        """));
    String name = pod.getMetadata().getName();

    V1Pod done = awaitPhase(name, "Succeeded");

    assertThat(done.getSpec().getNodeName()).isEqualTo("hubflow-node");
    assertThat(status(done, "main").getState().getTerminated().getReason()).isEqualTo("Completed");
    assertThat(status(done, "wait").getState().getTerminated().getExitCode()).isZero();
    WorkflowTaskResult result = awaitResult("wf");
    assertThat(result.getOutputs().getParameters().get(0).getValue()).isEqualTo("hi");
    assertThat(result.getMetadata().getLabels())
        .containsEntry("workflows.argoproj.io/workflow", "wf");
    if (access.equals("client")) {
      // Created once, then patched: no create the API server has to refuse with 409.
      assertThat(server.counters().count("create", "workflowtaskresults")).isEqualTo(1);
      assertThat(server.counters().count("patch", "workflowtaskresults")).isPositive();
    }
  }

  @Test
  void shellScriptRunsLocallyAndItsLogIsServedByTheApiServer() {
    start("store", LocalRuntime.create());
    V1Pod pod =
        create(
            unownedArgoPod(
                "sh",
                """
        name: script
        script:
          image: alpine
          command: [sh]
          source: |
            echo "hello from $(hostname)"
            exit 3
        """));
    String name = pod.getMetadata().getName();

    V1Pod done = awaitPhase(name, "Failed");

    assertThat(status(done, "main").getState().getTerminated().getExitCode()).isEqualTo(3);
    assertThat(server.podLogs().read(NS, name, "main")).contains("hello from " + name + "\n");
  }

  @ParameterizedTest
  @ValueSource(strings = {"store", "client"})
  void gracefulDeletionThroughTheServerRemovesARunningPod(String access) {
    start(access, new SimulatedRuntime(clock));
    V1Pod pod =
        create(
            unownedArgoPod(
                "del", "{name: s, container: {image: 'argoproj/argosay:v2', args: [sleep, 1h]}}"));
    String name = pod.getMetadata().getName();
    await()
        .atMost(Duration.ofSeconds(30))
        .until(
            () ->
                pod(name)
                    .map(
                        p ->
                            p.getStatus().getContainerStatuses() != null
                                && status(p, "main").getState().getRunning() != null)
                    .orElse(false));

    server.store().delete(BuiltinTypes.PODS, NS, name, new DeleteOptions(30L, null, null, null));

    await().atMost(Duration.ofSeconds(30)).until(() -> pod(name).isEmpty());
  }
}
