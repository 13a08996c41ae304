package dev.hubflow.testkit;

import static org.assertj.core.api.Assertions.assertThat;

import dev.hubflow.model.Codec;
import dev.hubflow.model.v1alpha1.Workflow;
import dev.hubflow.testkit.runtime.LocalRuntime;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class EmbeddedHubflowIT {
  private static final Path HELLO = Path.of("..", "examples", "hello-world.yaml");

  private static Workflow run(PodRuntimeKind kind) throws Exception {
    try (EmbeddedHubflow hubflow = EmbeddedHubflow.builder().runtime(kind).start()) {
      assertThat(hubflow.runtimeName()).isEqualTo(kind.label());
      hubflow.objects().createNamespace("argo");
      Workflow submitted =
          hubflow.objects().submit(Codec.read(Files.readString(HELLO), Workflow.class), "argo");
      return hubflow.controller().await(submitted, Duration.ofSeconds(60));
    }
  }

  @Test
  void helloWorldExampleSucceedsOnTheSimulatedRuntime() throws Exception {
    assertThat(run(PodRuntimeKind.SIMULATED).getStatus().getPhase()).isEqualTo("Succeeded");
  }

  @Test
  void helloWorldExampleSucceedsOnTheLocalRuntime() throws Exception {
    Assumptions.assumeTrue(LocalRuntime.unavailable().isEmpty(), "bubblewrap is not usable here");
    assertThat(run(PodRuntimeKind.LOCAL).getStatus().getPhase()).isEqualTo("Succeeded");
  }

  @Test
  void everyClusterGetsItsKubeconfig(@TempDir Path dir) {
    try (EmbeddedHubflow hubflow =
        EmbeddedHubflow.builder()
            .clusters("hub", "spoke-1")
            .runtime(PodRuntimeKind.SIMULATED)
            .start()) {
      var files = hubflow.writeKubeconfigs(dir);
      assertThat(files.keySet()).containsExactly("hub", "spoke-1");
      assertThat(dir.resolve("spoke-1.kubeconfig"))
          .content()
          .contains(hubflow.cluster("spoke-1").url());
    }
  }
}
