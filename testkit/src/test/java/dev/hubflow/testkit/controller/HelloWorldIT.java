package dev.hubflow.testkit.controller;

import static org.assertj.core.api.Assertions.assertThat;

import dev.hubflow.core.HubflowController;
import dev.hubflow.model.Codec;
import dev.hubflow.model.v1alpha1.NodeStatus;
import dev.hubflow.model.v1alpha1.Workflow;
import dev.hubflow.testkit.apiserver.ApiServer;
import dev.hubflow.testkit.kubelet.ClientKubeletApi;
import dev.hubflow.testkit.kubelet.Kubelet;
import dev.hubflow.testkit.runtime.SimulatedRuntime;
import dev.hubflow.testkit.time.SystemScheduler;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Argo's hello-world example end to end: submitted through the embedding API to an in-process API
 * server, run by Argo's engine in the controller, its pod run by the simulated kubelet.
 */
class HelloWorldIT {
  private ApiServer server;
  private SystemScheduler scheduler;
  private Kubelet kubelet;

  @BeforeEach
  void startCluster() {
    server = ApiServer.builder("local").start();
    scheduler = new SystemScheduler();
    kubelet =
        Kubelet.builder()
            .api(new ClientKubeletApi(server.apiClient()))
            .runtime(new SimulatedRuntime(scheduler))
            .scheduler(scheduler)
            .build()
            .start();
  }

  @AfterEach
  void stopCluster() {
    kubelet.close();
    scheduler.close();
    server.close();
  }

  @Test
  void helloWorldExampleSucceedsEndToEnd() throws Exception {
    Path example =
        Path.of(System.getProperty("hubflow.shared"), "argo/v3.7.18/examples/hello-world.yaml");
    Workflow workflow = Codec.read(Files.readString(example), Workflow.class);

    try (HubflowController hubflow =
        HubflowController.builder().cluster("local", server.apiClient()).build().start()) {
      Workflow submitted = hubflow.submit(workflow);
      Workflow done = hubflow.await(submitted, Duration.ofSeconds(60));

      assertThat(done.getStatus().getPhase()).isEqualTo("Succeeded");
      assertThat(done.getMetadata().getLabels())
          .containsEntry("workflows.argoproj.io/completed", "true");
      NodeStatus root = done.getStatus().getNodes().get(done.getMetadata().getName());
      assertThat(root.getPhase()).isEqualTo("Succeeded");
      assertThat(root.getType()).isEqualTo("Pod");
      assertThat(
              hubflow
                  .meterRegistry()
                  .get("argo_workflows_count")
                  .tag("status", "Succeeded")
                  .gauge()
                  .value())
          .isEqualTo(1.0);
    }
  }
}
