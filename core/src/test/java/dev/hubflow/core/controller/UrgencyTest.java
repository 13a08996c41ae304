package dev.hubflow.core.controller;

import static dev.hubflow.core.controller.TestWorkflows.pod;
import static org.assertj.core.api.Assertions.assertThat;

import dev.hubflow.model.v1alpha1.WorkflowTaskResult;
import io.kubernetes.client.openapi.models.V1ObjectMeta;
import io.kubernetes.client.openapi.models.V1Pod;
import io.kubernetes.client.openapi.models.V1PodSpec;
import io.kubernetes.client.openapi.models.V1PodStatus;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class UrgencyTest {
  private static V1Pod pod(String phase, String node) {
    V1Pod pod = TestWorkflows.pod("ns", "wf", "wf-a-1", "wf-1");
    return pod.spec(new V1PodSpec().nodeName(node)).status(new V1PodStatus().phase(phase));
  }

  private static WorkflowTaskResult result(String completed) {
    V1ObjectMeta meta =
        new V1ObjectMeta()
            .namespace("ns")
            .name("wf-1")
            .putLabelsItem("workflows.argoproj.io/workflow", "wf");
    if (completed != null) {
      meta.putLabelsItem("workflows.argoproj.io/report-outputs-completed", completed);
    }
    return new WorkflowTaskResult().metadata(meta);
  }

  @Test
  void aPodThisControllerJustCreatedIsNoNewsAnyOtherNewPodIs() {
    V1Pod created = TestWorkflows.pod("ns", "wf", "wf-a-1", "wf-1");
    V1Pod added = TestWorkflows.pod("ns", "wf", "wf-a-1", "wf-1");
    added.getMetadata().resourceVersion("7").uid("u");

    assertThat(Urgency.ofPod(null, added, Optional.of(created))).isEqualTo(Urgency.NONE);
    assertThat(Urgency.ofPod(null, added, Optional.empty())).isEqualTo(Urgency.NOW);
  }

  @Test
  void progressCanWaitAnEndCannot() {
    assertThat(Urgency.ofPod(pod("Pending", null), pod("Pending", "node-1"), Optional.empty()))
        .isEqualTo(Urgency.SOON);
    assertThat(Urgency.ofPod(pod("Pending", "node-1"), pod("Running", "node-1"), Optional.empty()))
        .isEqualTo(Urgency.SOON);
    assertThat(Urgency.ofPod(pod("Running", "node-1"), pod("Running", "node-1"), Optional.empty()))
        .isEqualTo(Urgency.NONE);
    assertThat(Urgency.ofPod(pod("Running", "node-1"), pod("Failed", "node-1"), Optional.empty()))
        .isEqualTo(Urgency.NOW);
    assertThat(Urgency.ofPod(pod("Running", "node-1"), null, Optional.empty()))
        .isEqualTo(Urgency.NOW);
  }

  @Test
  void aFinishedTaskResultIsUrgentOnlyOnceItsPodHasEnded() {
    assertThat(Urgency.ofResult(result("false"), Optional.of(pod("Succeeded", "n"))))
        .isEqualTo(Urgency.NONE);
    assertThat(Urgency.ofResult(result("true"), Optional.of(pod("Running", "n"))))
        .isEqualTo(Urgency.SOON);
    assertThat(Urgency.ofResult(result("true"), Optional.of(pod("Succeeded", "n"))))
        .isEqualTo(Urgency.NOW);
    assertThat(Urgency.ofResult(result(null), Optional.empty())).isEqualTo(Urgency.NOW);
  }
}
