package dev.hubflow.testkit.controller;

import static org.assertj.core.api.Assertions.assertThat;

import dev.hubflow.core.config.ControllerConfig;
import dev.hubflow.model.Codec;
import dev.hubflow.model.v1alpha1.Workflow;
import dev.hubflow.testkit.ClusterObjects;
import dev.hubflow.testkit.EmbeddedHubflow;
import dev.hubflow.testkit.PodRuntimeKind;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/**
 * A workflow whose status is larger than the controller's limit runs to the end with its nodes
 * stored as Argo's {@code status.compressedNodes}, and readers still see plain nodes.
 */
class PackedStatusIT {
  private static final int LIMIT = 3_500;

  static final String FANOUT =
      """
      apiVersion: argoproj.io/v1alpha1
      kind: Workflow
      metadata: {generateName: fanout-}
      spec:
        entrypoint: main
        templates:
        - name: main
          steps:
          - - name: each
              template: say
              arguments: {parameters: [{name: n, value: "{{item}}"}]}
              withSequence: {count: "12"}
          - - name: last
              template: say
              arguments: {parameters: [{name: n, value: done}]}
        - name: say
          inputs: {parameters: [{name: n}]}
          container: {image: argoproj/argosay:v2, args: [echo, "{{inputs.parameters.n}}"]}
      """;

  @Test
  void largeStatusIsStoredCompressedWithinTheLimitAndReadWithItsNodes() throws Exception {
    try (EmbeddedHubflow hubflow =
        EmbeddedHubflow.builder()
            .runtime(PodRuntimeKind.SIMULATED)
            .config(ControllerConfig.defaults().withMaxWorkflowSize(LIMIT))
            .start()) {
      ClusterObjects objects = hubflow.objects();
      objects.createNamespace("argo");
      Workflow submitted = objects.submit(Codec.read(FANOUT, Workflow.class), "argo");
      String name = submitted.getMetadata().getName();

      Workflow done = hubflow.controller().await(submitted, Duration.ofSeconds(60));

      assertThat(done.getStatus().getPhase()).isEqualTo("Succeeded");
      // root, two step groups, 12 + 1 pods
      assertThat(done.getStatus().getNodes()).hasSize(16);
      assertThat(done.getStatus().getCompressedNodes()).isNull();

      Workflow stored = objects.storedWorkflow("argo", name).orElseThrow();
      assertThat(stored.getStatus().getNodes()).isNull();
      assertThat(stored.getStatus().getCompressedNodes()).isNotEmpty();
      assertThat(Codec.toJson(stored).getBytes(StandardCharsets.UTF_8).length)
          .isLessThanOrEqualTo(LIMIT);
      assertThat(Codec.toJson(done).getBytes(StandardCharsets.UTF_8).length)
          .as("uncompressed it would not fit")
          .isGreaterThan(LIMIT);

      Workflow read = objects.workflow("argo", name).orElseThrow();
      assertThat(Codec.toTree(read.getStatus().getNodes()))
          .isEqualTo(Codec.toTree(done.getStatus().getNodes()));
      assertThat(read.getStatus().getNodes().values())
          .filteredOn(n -> "Pod".equals(n.getType()))
          .hasSize(13)
          .allMatch(n -> "Succeeded".equals(n.getPhase()));
    }
  }
}
