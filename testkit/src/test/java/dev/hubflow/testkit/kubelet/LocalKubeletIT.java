package dev.hubflow.testkit.kubelet;

import static dev.hubflow.testkit.kubelet.Pods.NS;
import static dev.hubflow.testkit.kubelet.Pods.argoPod;
import static dev.hubflow.testkit.kubelet.Pods.nodeId;
import static dev.hubflow.testkit.kubelet.Pods.status;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.hubflow.model.v1alpha1.WorkflowTaskResult;
import dev.hubflow.testkit.runtime.LocalRuntime;
import dev.hubflow.testkit.time.SystemScheduler;
import io.kubernetes.client.openapi.models.V1Pod;
import java.time.Duration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** Pods in Argo's layout whose main container really runs, under bubblewrap. */
class LocalKubeletIT {
  private final SystemScheduler clock = new SystemScheduler();
  private final InMemoryKubeletApi cluster = new InMemoryKubeletApi(clock);
  private final LocalRuntime runtime = LocalRuntime.create();
  private final Kubelet kubelet =
      Kubelet.builder().api(cluster).runtime(runtime).scheduler(clock).build().start();

  @AfterEach
  void stop() {
    kubelet.close();
    runtime.close();
  }

  private V1Pod awaitPhase(V1Pod p, String phase) {
    await()
        .atMost(Duration.ofSeconds(30))
        .until(
            () ->
                cluster
                    .pod(NS, p.getMetadata().getName())
                    .map(x -> phase.equals(x.getStatus().getPhase()))
                    .orElse(false));
    return cluster.pod(NS, p.getMetadata().getName()).orElseThrow();
  }

  @Test
  void shellScriptTemplateRunsAndReportsResultAndOutputParameter() {
    V1Pod pod =
        cluster.createPod(
            argoPod(
                "wf",
                """
                name: script
                script:
                  image: alpine:3.7
                  command: [sh]
                  source: |
                    if [[ -d /tmp ]]; then echo "from script $ARGO_CONTAINER_NAME"; fi
                    echo -n 42 > /tmp/answer
                outputs:
                  parameters:
                  - name: answer
                    valueFrom: {path: /tmp/answer}
                """));

    V1Pod done = awaitPhase(pod, "Succeeded");

    for (String c : new String[] {"init", "wait", "main"}) {
      assertThat(status(done, c).getState().getTerminated().getReason())
          .as(c)
          .isEqualTo("Completed");
    }
    assertThat(kubelet.logs(NS, pod.getMetadata().getName(), "main"))
        .isEqualTo("from script main\n");
    await()
        .until(
            () ->
                cluster
                    .taskResult(NS, nodeId("wf"))
                    .map(
                        r ->
                            "true"
                                .equals(
                                    r.getMetadata()
                                        .getLabels()
                                        .get("workflows.argoproj.io/report-outputs-completed")))
                    .orElse(false));
    WorkflowTaskResult result = cluster.taskResult(NS, nodeId("wf")).orElseThrow();
    assertThat(result.getOutputs().getResult()).isEqualTo("from script main");
    assertThat(result.getOutputs().getParameters().get(0).getValue()).isEqualTo("42");
  }

  @Test
  void failingCommandAndMissingCommandEndAsArgoSeesThem() {
    V1Pod fails =
        cluster.createPod(
            argoPod("fails", "{name: f, container: {image: alpine, command: [sh, -c, 'exit 5']}}"));
    V1Pod missing =
        cluster.createPod(
            argoPod("missing", "{name: m, container: {image: alpine, command: [nope]}}"));

    var failed = status(awaitPhase(fails, "Failed"), "main").getState().getTerminated();
    var absent = status(awaitPhase(missing, "Failed"), "main").getState().getTerminated();

    assertThat(failed.getExitCode()).isEqualTo(5);
    assertThat(failed.getReason()).isEqualTo("Error");
    assertThat(absent.getExitCode()).isEqualTo(64);
    assertThat(absent.getMessage()).contains("executable file not found");
  }

  @Test
  void deletingARunningPodTerminatesItsProcess() {
    V1Pod pod =
        cluster.createPod(
            argoPod(
                "slow",
                "{name: s, container: {image: alpine, command: [sh, -c, 'echo up; sleep 600']}}"));
    await()
        .atMost(Duration.ofSeconds(30))
        .until(() -> kubelet.logs(NS, pod.getMetadata().getName(), "main").contains("up"));

    cluster.deletePod(NS, pod.getMetadata().getName(), 5);

    await()
        .atMost(Duration.ofSeconds(30))
        .until(() -> cluster.pod(NS, pod.getMetadata().getName()).isEmpty());
  }
}
