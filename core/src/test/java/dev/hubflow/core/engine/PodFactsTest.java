package dev.hubflow.core.engine;

import static org.assertj.core.api.Assertions.assertThat;

import io.kubernetes.client.openapi.models.V1ContainerState;
import io.kubernetes.client.openapi.models.V1ContainerStateRunning;
import io.kubernetes.client.openapi.models.V1ContainerStateTerminated;
import io.kubernetes.client.openapi.models.V1ContainerStateWaiting;
import io.kubernetes.client.openapi.models.V1ContainerStatus;
import io.kubernetes.client.openapi.models.V1ObjectMeta;
import io.kubernetes.client.openapi.models.V1Pod;
import io.kubernetes.client.openapi.models.V1PodCondition;
import io.kubernetes.client.openapi.models.V1PodSpec;
import io.kubernetes.client.openapi.models.V1PodStatus;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import org.junit.jupiter.api.Test;

class PodFactsTest {
  private static final OffsetDateTime T =
      OffsetDateTime.of(2026, 1, 1, 0, 0, 7, 500, ZoneOffset.UTC);

  private static V1Pod pod(String phase, V1ContainerStatus... containers) {
    V1PodStatus status = new V1PodStatus().phase(phase);
    for (V1ContainerStatus c : containers) {
      status.addContainerStatusesItem(c);
    }
    return new V1Pod()
        .metadata(new V1ObjectMeta().name("p").namespace("ns"))
        .spec(new V1PodSpec().nodeName("node-1"))
        .status(status);
  }

  private static V1ContainerStatus waiting(String name, String reason) {
    return new V1ContainerStatus()
        .name(name)
        .state(new V1ContainerState().waiting(new V1ContainerStateWaiting().reason(reason)));
  }

  private static V1ContainerStatus running(String name) {
    return new V1ContainerStatus()
        .name(name)
        .ready(true)
        .state(new V1ContainerState().running(new V1ContainerStateRunning().startedAt(T)));
  }

  private static V1ContainerStatus ended(String name, int exitCode) {
    return new V1ContainerStatus()
        .name(name)
        .state(
            new V1ContainerState()
                .terminated(
                    new V1ContainerStateTerminated()
                        .exitCode(exitCode)
                        .reason(exitCode == 0 ? "Completed" : "Error")
                        .finishedAt(T)));
  }

  @Test
  void whatTheEngineDoesNotReadLeavesTheFactsEqual() {
    V1Pod starting = pod("Running", running("wait"), waiting("main", "ContainerCreating"));
    V1Pod started = pod("Running", running("wait"), running("main"));
    started.getStatus().addConditionsItem(new V1PodCondition().type("Ready").status("True"));
    started.getStatus().podIP("10.0.0.1");

    assertThat(PodFacts.of(started)).isEqualTo(PodFacts.of(starting));
  }

  @Test
  void whatTheEngineReadsMakesThemDiffer() {
    V1Pod pending =
        pod("Pending", waiting("wait", "PodInitializing"), waiting("main", "PodInitializing"));
    V1Pod pulling =
        pod("Pending", waiting("wait", "ErrImagePull"), waiting("main", "PodInitializing"));
    V1Pod mainEnded = pod("Running", running("wait"), ended("main", 3));

    assertThat(PodFacts.of(pending).pendingMessage()).isEqualTo("PodInitializing");
    assertThat(PodFacts.of(pulling)).isNotEqualTo(PodFacts.of(pending));
    assertThat(PodFacts.of(mainEnded).mainExitCode()).isEqualTo("3");
    assertThat(PodFacts.of(mainEnded))
        .isNotEqualTo(PodFacts.of(pod("Running", running("wait"), running("main"))));
  }

  @Test
  void aNodeEndsOnlyOnceTheExecutorIsDoneOrAnInitContainerFailed() {
    V1Pod succeededWaitRunning = pod("Succeeded", running("wait"), ended("main", 0));
    V1Pod succeeded = pod("Succeeded", ended("wait", 0), ended("main", 0));
    V1Pod initFailed = pod("Pending", waiting("main", "PodInitializing"));
    initFailed.getStatus().addInitContainerStatusesItem(ended("init", 1));

    assertThat(PodFacts.of(pod("Running", running("wait"), running("main"))).endsNode()).isFalse();
    assertThat(PodFacts.of(succeededWaitRunning).endsNode()).isFalse();
    assertThat(PodFacts.of(succeeded).endsNode()).isTrue();
    assertThat(PodFacts.of(succeeded).finishedAt()).isEqualTo(T.withNano(0));
    assertThat(PodFacts.of(initFailed).endsNode()).isTrue();
    assertThat(PodFacts.of(initFailed).active()).isTrue();
  }

  @Test
  void aFailedPodIsExplainedAsArgoDoes() {
    PodFacts oom = PodFacts.of(pod("Failed", ended("wait", 0), ended("main", 137)));
    assertThat(oom.failure()).isEqualTo(new PodFacts.Failure("Failed", "Error (exit code 137)"));

    V1Pod evicted = pod("Failed");
    evicted.getStatus().message("The node was low on resource: memory.");
    assertThat(PodFacts.of(evicted).failure().message())
        .isEqualTo("The node was low on resource: memory.");
  }

  @Test
  void aPodWithoutStatusIsPending() {
    PodFacts facts =
        PodFacts.of(new V1Pod().metadata(new V1ObjectMeta().name("p").namespace("ns")));
    assertThat(facts.phase()).isEqualTo("Pending");
    assertThat(facts.pendingMessage()).isEmpty();
    assertThat(facts.nodeName()).isNull();
    assertThat(facts.endsNode()).isFalse();
  }
}
