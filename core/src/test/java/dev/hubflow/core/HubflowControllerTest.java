package dev.hubflow.core;

import static dev.hubflow.core.controller.TestWorkflows.withPhase;
import static dev.hubflow.core.controller.TestWorkflows.workflow;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.hubflow.core.controller.FakeCluster;
import dev.hubflow.core.engine.Reconciliation;
import dev.hubflow.model.v1alpha1.Workflow;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeoutException;
import org.junit.jupiter.api.Test;

class HubflowControllerTest {

  @Test
  void submittedWorkflowIsAwaitedUntilTheEngineFinishesIt() throws Exception {
    FakeCluster cluster = new FakeCluster("local");
    List<String> followed = new CopyOnWriteArrayList<>();
    try (HubflowController hubflow =
        HubflowController.builder()
            .cluster(cluster)
            .engine(
                o ->
                    new Reconciliation(
                        Optional.of(withPhase(o.workflow(), "Succeeded")),
                        List.of(),
                        Optional.empty()))
            .workers(1)
            .build()
            .start()) {
      hubflow.follow((c, w) -> followed.add(w.getMetadata().getName()));
      Workflow wf = workflow(null, null);
      wf.getMetadata().setGenerateName("hello-");

      Workflow submitted = hubflow.submit(wf);
      Workflow done = hubflow.await(submitted, Duration.ofSeconds(10));

      assertThat(submitted.getMetadata().getNamespace()).isEqualTo("default");
      assertThat(submitted.getMetadata().getName()).startsWith("hello-");
      assertThat(done.getStatus().getPhase()).isEqualTo("Succeeded");
      assertThat(followed).contains(submitted.getMetadata().getName());
    }
  }

  @Test
  void awaitGivesUpAfterTheTimeout() throws Exception {
    FakeCluster cluster = new FakeCluster("local");
    cluster.add(workflow("default", "stuck"));
    try (HubflowController hubflow =
        HubflowController.builder()
            .cluster(cluster)
            .engine(o -> Reconciliation.nothing())
            .build()
            .start()) {
      assertThatThrownBy(() -> hubflow.await("local", "default", "stuck", Duration.ofMillis(200)))
          .isInstanceOf(TimeoutException.class);
    }
  }

  @Test
  void builderRejectsAMissingClusterDuplicateNamesAndBadWorkers() {
    assertThatThrownBy(() -> HubflowController.builder().engine(o -> null).build())
        .hasMessageContaining("at least one cluster");
    assertThatThrownBy(
            () ->
                HubflowController.builder()
                    .cluster(new FakeCluster("a"))
                    .cluster(new FakeCluster("a"))
                    .engine(o -> null)
                    .build())
        .hasMessageContaining("same name");
    assertThatThrownBy(
            () ->
                HubflowController.builder()
                    .workers(0)
                    .cluster(new FakeCluster("a"))
                    .engine(o -> null)
                    .build())
        .hasMessageContaining("workers");
  }
}
