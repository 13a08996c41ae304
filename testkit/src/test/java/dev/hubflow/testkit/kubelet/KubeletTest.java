package dev.hubflow.testkit.kubelet;

import static dev.hubflow.testkit.kubelet.Pods.NS;
import static dev.hubflow.testkit.kubelet.Pods.argoPod;
import static dev.hubflow.testkit.kubelet.Pods.condition;
import static dev.hubflow.testkit.kubelet.Pods.nodeId;
import static dev.hubflow.testkit.kubelet.Pods.status;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.hubflow.model.v1alpha1.Parameter;
import dev.hubflow.model.v1alpha1.WorkflowTaskResult;
import dev.hubflow.testkit.runtime.Behaviour;
import dev.hubflow.testkit.runtime.Match;
import dev.hubflow.testkit.runtime.SimulatedRuntime;
import dev.hubflow.testkit.time.ManualScheduler;
import io.kubernetes.client.openapi.models.V1ConfigMap;
import io.kubernetes.client.openapi.models.V1Container;
import io.kubernetes.client.openapi.models.V1ObjectMeta;
import io.kubernetes.client.openapi.models.V1Pod;
import io.kubernetes.client.openapi.models.V1PodSpec;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class KubeletTest {
  private final ManualScheduler clock = new ManualScheduler();
  private final InMemoryKubeletApi cluster = new InMemoryKubeletApi(clock);
  private final SimulatedRuntime runtime = new SimulatedRuntime(clock);
  private final Kubelet kubelet =
      Kubelet.builder().api(cluster).runtime(runtime).scheduler(clock).nodeName("node-1").build();

  @AfterEach
  void stop() {
    kubelet.close();
  }

  private V1Pod run(V1Pod pod) {
    V1Pod created = cluster.createPod(pod);
    kubelet.start();
    return created;
  }

  private V1Pod pod(V1Pod p) {
    return cluster.pod(NS, p.getMetadata().getName()).orElseThrow();
  }

  private V1Pod awaitPhase(V1Pod p, String phase) {
    await()
        .atMost(Duration.ofSeconds(10))
        .until(
            () ->
                cluster
                    .pod(NS, p.getMetadata().getName())
                    .map(x -> phase.equals(x.getStatus().getPhase()))
                    .orElse(false));
    return pod(p);
  }

  private WorkflowTaskResult awaitResult(String wf) {
    await()
        .atMost(Duration.ofSeconds(10))
        .until(
            () ->
                cluster
                    .taskResult(NS, nodeId(wf))
                    .map(
                        r ->
                            "true"
                                .equals(
                                    r.getMetadata()
                                        .getLabels()
                                        .get("workflows.argoproj.io/report-outputs-completed")))
                    .orElse(false));
    return cluster.taskResult(NS, nodeId(wf)).orElseThrow();
  }

  @Test
  void argosayPodInArgoLayoutSucceedsWithStatusesLogsAndResult() {
    V1Pod pod =
        run(
            argoPod(
                "wf",
                "{name: say, container: {image: 'argoproj/argosay:v2', args: [echo, hello]}}"));

    V1Pod done = awaitPhase(pod, "Succeeded");

    assertThat(done.getSpec().getNodeName()).isEqualTo("node-1");
    assertThat(done.getStatus().getPodIP()).startsWith("10.244.0.");
    assertThat(done.getStatus().getHostIP()).isEqualTo("172.18.0.2");
    assertThat(done.getStatus().getStartTime()).isNotNull();
    assertThat(condition(done, "PodScheduled")).isEqualTo("True");
    assertThat(condition(done, "Initialized")).isEqualTo("True");
    assertThat(condition(done, "Ready")).isEqualTo("False");
    for (String c : List.of("init", "wait", "main")) {
      var t = status(done, c).getState().getTerminated();
      assertThat(t).as(c).isNotNull();
      assertThat(t.getExitCode()).as(c).isZero();
      assertThat(t.getReason()).as(c).isEqualTo("Completed");
    }
    assertThat(kubelet.logs(NS, pod.getMetadata().getName(), "main")).isEqualTo("hello\n");
    assertThat(cluster.log(NS, pod.getMetadata().getName(), "main")).isEqualTo("hello\n");
    WorkflowTaskResult result = awaitResult("wf");
    assertThat(result.getOutputs().getResult()).isEqualTo("hello");
    assertThat(result.getMetadata().getLabels())
        .containsEntry("workflows.argoproj.io/workflow", "wf");
    assertThat(result.getMetadata().getOwnerReferences().get(0).getKind()).isEqualTo("Workflow");
    assertThat(result.getMetadata().getOwnerReferences().get(0).getUid()).isEqualTo("wf-uid");
  }

  @Test
  void outputParameterIsReadFromTheFileMainWrote() {
    V1Pod pod =
        run(
            argoPod(
                "wf",
                """
            name: out
            container: {image: 'argoproj/argosay:v2', args: [echo, bye, /tmp/out.txt]}
            outputs:
              parameters:
              - name: p
                valueFrom: {path: /tmp/out.txt}
              - name: q
                valueFrom: {path: /tmp/none, default: fallback}
            """));

    awaitPhase(pod, "Succeeded");
    WorkflowTaskResult result = awaitResult("wf");

    assertThat(result.getOutputs().getParameters())
        .extracting(Parameter::getName, Parameter::getValue)
        .containsExactly(
            org.assertj.core.groups.Tuple.tuple("p", "bye"),
            org.assertj.core.groups.Tuple.tuple("q", "fallback"));
  }

  @Test
  void missingOutputFileFailsWaitWithArgoexecsMessage() {
    V1Pod pod =
        run(
            argoPod(
                "wf",
                """
            name: out
            container: {image: 'argoproj/argosay:v2', args: [echo]}
            outputs:
              parameters:
              - name: p
                valueFrom: {path: /tmp/missing}
            """));

    V1Pod done = awaitPhase(pod, "Failed");

    var wait = status(done, "wait").getState().getTerminated();
    assertThat(wait.getExitCode()).isEqualTo(1);
    assertThat(wait.getMessage())
        .isEqualTo("open /var/run/argo/outputs/parameters/tmp/missing: no such file or directory");
    assertThat(status(done, "main").getState().getTerminated().getExitCode()).isZero();
  }

  @Test
  void mainExitCodeFailsThePod() {
    V1Pod pod =
        run(
            argoPod(
                "wf", "{name: x, container: {image: 'argoproj/argosay:v2', args: [exit, '3']}}"));

    V1Pod done = awaitPhase(pod, "Failed");

    var main = status(done, "main").getState().getTerminated();
    assertThat(main.getExitCode()).isEqualTo(3);
    assertThat(main.getReason()).isEqualTo("Error");
    assertThat(status(done, "wait").getState().getTerminated().getExitCode()).isZero();
  }

  @Test
  void unknownArgosayVerbExitsOne() {
    V1Pod pod =
        run(argoPod("wf", "{name: x, container: {image: 'argoproj/argosay:v2', args: [dance]}}"));

    assertThat(status(awaitPhase(pod, "Failed"), "main").getState().getTerminated().getExitCode())
        .isEqualTo(1);
  }

  @Test
  void sleepingMainRunsUntilTheClockMoves() {
    V1Pod pod =
        run(
            argoPod(
                "wf", "{name: s, container: {image: 'argoproj/argosay:v2', args: [sleep, 30s]}}"));

    V1Pod running = awaitPhase(pod, "Running");
    await().until(() -> condition(pod(pod), "Ready").equals("True"));
    assertThat(status(pod(pod), "main").getState().getRunning()).isNotNull();
    assertThat(status(running, "init").getState().getTerminated().getReason())
        .isEqualTo("Completed");

    clock.advance(Duration.ofSeconds(29));
    assertThat(pod(pod).getStatus().getPhase()).isEqualTo("Running");
    clock.advance(Duration.ofSeconds(1));

    V1Pod done = awaitPhase(pod, "Succeeded");
    var main = status(done, "main").getState().getTerminated();
    assertThat(Duration.between(main.getStartedAt().toInstant(), main.getFinishedAt().toInstant()))
        .isEqualTo(Duration.ofSeconds(30));
  }

  @Test
  void activeDeadlineFailsThePodWithDeadlineExceeded() {
    V1Pod pod =
        run(
            argoPod(
                "wf",
                "{name: s, activeDeadlineSeconds: 5, container: {image: 'argoproj/argosay:v2', args: [sleep, 1h]}}"));
    awaitPhase(pod, "Running");
    await().until(() -> status(pod(pod), "main").getState().getRunning() != null);

    clock.advance(Duration.ofSeconds(5));

    V1Pod done = awaitPhase(pod, "Failed");
    await().until(() -> status(pod(pod), "main").getState().getTerminated() != null);
    done = pod(pod);
    assertThat(done.getStatus().getReason()).isEqualTo("DeadlineExceeded");
    assertThat(done.getStatus().getMessage())
        .isEqualTo("Pod was active on the node longer than the specified deadline");
    assertThat(status(done, "main").getState().getTerminated().getExitCode()).isEqualTo(143);
  }

  @Test
  void executorDeadlineStopsMainWithArgosMessage() {
    Instant deadline = clock.now().plusSeconds(10);
    V1Pod pod =
        run(
            argoPod(
                "wf",
                "{name: s, container: {image: 'argoproj/argosay:v2', args: [sleep, 1h]}}",
                Optional.of(deadline)));
    await().until(() -> status(pod(pod), "main").getState().getRunning() != null);

    clock.advance(Duration.ofSeconds(10));

    V1Pod done = awaitPhase(pod, "Failed");
    assertThat(status(done, "main").getState().getTerminated().getExitCode()).isEqualTo(143);
    assertThat(status(done, "wait").getState().getTerminated().getMessage())
        .isEqualTo("Step exceeded its deadline");
  }

  @Test
  void deletedPodStopsItsContainersAndIsRemoved() {
    V1Pod pod =
        run(
            argoPod(
                "wf", "{name: s, container: {image: 'argoproj/argosay:v2', args: [sleep, 1h]}}"));
    await().until(() -> status(pod(pod), "main").getState().getRunning() != null);

    cluster.deletePod(NS, pod.getMetadata().getName(), 30);

    await().until(() -> cluster.pod(NS, pod.getMetadata().getName()).isEmpty());
  }

  @Test
  void scriptedBehavioursGiveOomAndTermination() {
    runtime.script(Match.image("alpine"), Behaviour.oomKilled());
    V1Pod pod =
        run(argoPod("wf", "{name: x, container: {image: alpine, command: [sh, -c, 'true']}}"));

    var main = status(awaitPhase(pod, "Failed"), "main").getState().getTerminated();
    assertThat(main.getReason()).isEqualTo("OOMKilled");
    assertThat(main.getExitCode()).isEqualTo(137);
  }

  @Test
  void scriptedOutputsReachTheTaskResult() {
    runtime.script(
        Match.container("wf-", "main"),
        Behaviour.succeed().stdout("42\n").writes("/tmp/n", "7\n").after(Duration.ofSeconds(3)));
    V1Pod pod =
        run(
            argoPod(
                "wf",
                """
            name: x
            container: {image: python, command: [python, -c, 'print(42)']}
            outputs: {parameters: [{name: n, valueFrom: {path: /tmp/n}}]}
            """));
    await().until(() -> status(pod(pod), "main").getState().getRunning() != null);

    clock.advance(Duration.ofSeconds(3));

    awaitPhase(pod, "Succeeded");
    WorkflowTaskResult result = awaitResult("wf");
    assertThat(result.getOutputs().getResult()).isEqualTo("42");
    assertThat(result.getOutputs().getParameters().get(0).getValue()).isEqualTo("7");
  }

  @Test
  void containerThatNeverStartsWaitsWithItsReason() {
    runtime.script(
        Match.image("nope:latest"),
        Behaviour.neverStarts("ImagePullBackOff").message("Back-off pulling image"));
    V1Pod pod = run(argoPod("wf", "{name: x, container: {image: 'nope:latest', command: [x]}}"));

    await()
        .until(
            () ->
                "ImagePullBackOff"
                    .equals(
                        java.util.Optional.ofNullable(
                                status(pod(pod), "main").getState().getWaiting())
                            .map(w -> w.getReason())
                            .orElse(null)));
    assertThat(pod(pod).getStatus().getPhase()).isIn("Pending", "Running");
  }

  @Test
  void vanishingPodIsRemovedFromTheCluster() {
    runtime.script(Match.image("alpine"), Behaviour.vanishes());
    V1Pod pod = run(argoPod("wf", "{name: x, container: {image: alpine, command: [sh]}}"));

    await().until(() -> cluster.pod(NS, pod.getMetadata().getName()).isEmpty());
  }

  @Test
  void podWhoseNodeSelectorDoesNotFitStaysUnschedulable() {
    V1Pod p =
        argoPod(
            "wf",
            "{name: x, nodeSelector: {gpu: 'true'}, container: {image: alpine, command: [sh]}}");
    V1Pod pod = run(p);

    await()
        .until(
            () ->
                "False"
                    .equals(
                        Optional.ofNullable(pod(pod).getStatus().getConditions())
                            .map(c -> condition(pod(pod), "PodScheduled"))
                            .orElse(null)));
    assertThat(pod(pod).getSpec().getNodeName()).isNull();
    assertThat(pod(pod).getStatus().getConditions().get(0).getReason()).isEqualTo("Unschedulable");
  }

  @Test
  void podWaitsForItsConfigMapVolume() {
    V1Pod plain =
        new V1Pod()
            .metadata(new V1ObjectMeta().name("cm-pod").namespace(NS))
            .spec(
                new V1PodSpec()
                    .restartPolicy("Never")
                    .addVolumesItem(
                        new io.kubernetes.client.openapi.models.V1Volume()
                            .name("cfg")
                            .configMap(
                                new io.kubernetes.client.openapi.models.V1ConfigMapVolumeSource()
                                    .name("settings")))
                    .addContainersItem(
                        new V1Container()
                            .name("c")
                            .image("argoproj/argosay:v2")
                            .command(List.of("/argosay"))
                            .args(List.of("cat", "/cfg/greeting"))
                            .addVolumeMountsItem(
                                new io.kubernetes.client.openapi.models.V1VolumeMount()
                                    .name("cfg")
                                    .mountPath("/cfg"))));
    V1Pod pod = run(plain);
    await()
        .until(
            () ->
                pod(pod).getStatus().getContainerStatuses() != null
                    && "ContainerCreating"
                        .equals(status(pod(pod), "c").getState().getWaiting().getReason()));

    cluster.putConfigMap(
        new V1ConfigMap()
            .metadata(new V1ObjectMeta().name("settings").namespace(NS))
            .data(Map.of("greeting", "hi there")));
    clock.advance(Duration.ofSeconds(1));

    awaitPhase(pod, "Succeeded");
    assertThat(kubelet.logs(NS, "cm-pod", "c")).isEqualTo("hi there");
  }

  @Test
  void onFailureRestartPolicyRestartsAFailedContainer() {
    runtime.script(Match.image("flaky"), Behaviour.exit(1));
    V1Pod plain =
        new V1Pod()
            .metadata(new V1ObjectMeta().name("flaky").namespace(NS))
            .spec(
                new V1PodSpec()
                    .restartPolicy("OnFailure")
                    .addContainersItem(
                        new V1Container().name("c").image("flaky").command(List.of("x"))));
    V1Pod pod = run(plain);
    await()
        .until(
            () ->
                pod(pod).getStatus().getContainerStatuses() != null
                    && status(pod(pod), "c").getState().getTerminated() != null);

    runtime.script(Match.image("flaky"), Behaviour.succeed());
    clock.advance(Duration.ofSeconds(10));

    V1Pod done = awaitPhase(pod, "Succeeded");
    assertThat(status(done, "c").getRestartCount()).isEqualTo(1);
    assertThat(status(done, "c").getLastState().getTerminated().getExitCode()).isEqualTo(1);
  }

  @Test
  void envVarsExpandInArgsAsKubernetesDoes() {
    V1Pod plain =
        new V1Pod()
            .metadata(new V1ObjectMeta().name("env").namespace(NS))
            .spec(
                new V1PodSpec()
                    .restartPolicy("Never")
                    .addContainersItem(
                        new V1Container()
                            .name("c")
                            .image("argoproj/argosay:v2")
                            .command(List.of("/argosay"))
                            .args(List.of("echo", "$(WHO)-$(POD)-$$(WHO)"))
                            .addEnvItem(
                                new io.kubernetes.client.openapi.models.V1EnvVar()
                                    .name("WHO")
                                    .value("me"))
                            .addEnvItem(
                                new io.kubernetes.client.openapi.models.V1EnvVar()
                                    .name("POD")
                                    .valueFrom(
                                        new io.kubernetes.client.openapi.models.V1EnvVarSource()
                                            .fieldRef(
                                                new io.kubernetes.client.openapi.models
                                                        .V1ObjectFieldSelector()
                                                    .fieldPath("metadata.name"))))));
    V1Pod pod = run(plain);

    awaitPhase(pod, "Succeeded");
    assertThat(kubelet.logs(NS, "env", "c")).isEqualTo("me-env-$(WHO)\n");
  }

  @Test
  void sidecarsAreStoppedOnceMainIsDone() {
    runtime.script(Match.image("nginx"), Behaviour.runsUntilKilled());
    V1Pod pod =
        run(
            argoPod(
                "wf",
                """
                name: side
                container: {image: 'argoproj/argosay:v2', args: [echo, done]}
                sidecars: [{name: web, image: nginx}]
                """));

    V1Pod done = awaitPhase(pod, "Failed");

    assertThat(status(done, "main").getState().getTerminated().getExitCode()).isZero();
    assertThat(status(done, "wait").getState().getTerminated().getExitCode()).isZero();
    assertThat(status(done, "web").getState().getTerminated().getExitCode()).isEqualTo(143);
  }

  @Test
  void failingInitContainerFailsThePodBeforeMainStarts() {
    runtime.script(Match.image("broken-init"), Behaviour.exit(2).message("boom"));
    V1Pod pod =
        run(
            argoPod(
                "wf",
                """
                name: init
                container: {image: 'argoproj/argosay:v2', args: [echo]}
                initContainers: [{name: prep, image: broken-init, command: [x]}]
                """));

    V1Pod done = awaitPhase(pod, "Failed");

    var prep = status(done, "prep").getState().getTerminated();
    assertThat(prep.getExitCode()).isEqualTo(2);
    assertThat(prep.getMessage()).isEqualTo("boom");
    assertThat(status(done, "main").getState().getWaiting()).isNotNull();
    assertThat(condition(done, "Initialized")).isEqualTo("False");
  }
}
