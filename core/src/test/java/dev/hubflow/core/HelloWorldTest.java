package dev.hubflow.core;

import static org.assertj.core.api.Assertions.assertThat;

import dev.hubflow.core.controller.FakeCluster;
import dev.hubflow.model.Codec;
import dev.hubflow.model.v1alpha1.Workflow;
import io.kubernetes.client.openapi.models.V1ContainerState;
import io.kubernetes.client.openapi.models.V1ContainerStateTerminated;
import io.kubernetes.client.openapi.models.V1ContainerStatus;
import io.kubernetes.client.openapi.models.V1PodStatus;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/** The controller and Argo's engine together, against an in-memory cluster whose pods succeed. */
class HelloWorldTest {

  @Test
  void helloWorldExampleSucceedsThroughTheControllerAndTheArgoEngine() throws Exception {
    Path example =
        Path.of(System.getProperty("hubflow.shared"), "argo/v3.7.18/examples/hello-world.yaml");
    Workflow workflow = Codec.read(Files.readString(example), Workflow.class);
    FakeCluster cluster =
        new FakeCluster("local")
            .kubelet(
                pod ->
                    pod.status(
                        new V1PodStatus()
                            .phase("Succeeded")
                            .addContainerStatusesItem(terminated("wait"))
                            .addContainerStatusesItem(terminated("main"))));

    try (HubflowController hubflow = HubflowController.builder().cluster(cluster).build().start()) {
      Workflow done = hubflow.await(hubflow.submit(workflow), Duration.ofSeconds(20));

      assertThat(done.getStatus().getPhase()).isEqualTo("Succeeded");
      assertThat(done.getMetadata().getLabels())
          .containsEntry("workflows.argoproj.io/phase", "Succeeded")
          .containsEntry("workflows.argoproj.io/completed", "true");
      assertThat(cluster.writes("create-pod")).hasSize(1);
    }
  }

  private static V1ContainerStatus terminated(String name) {
    return new V1ContainerStatus()
        .name(name)
        .state(
            new V1ContainerState()
                .terminated(new V1ContainerStateTerminated().exitCode(0).reason("Completed")));
  }
}
