package dev.hubflow.core.engine;

import static org.assertj.core.api.Assertions.assertThat;

import dev.hubflow.core.engine.FakeCluster.Behaviour;
import org.junit.jupiter.api.Test;

class PodFailureTest {

  private static FakeCluster run(Behaviour b) {
    return new FakeCluster().behave(r -> b).submit(StepsEngineTest.HELLO).run();
  }

  @Test
  void nonZeroExitFailsWithTheExitCode() {
    FakeCluster c = run(Behaviour.exit(42));
    assertThat(c.phase()).isEqualTo("Failed");
    assertThat(c.message()).isEqualTo("Error (exit code 42)");
    assertThat(c.node("hello").getOutputs().getExitCode()).isEqualTo("42");
  }

  @Test
  void oomKilledIsReportedAsArgoDoes() {
    FakeCluster c = run(Behaviour.fail("oom"));
    assertThat(c.phase()).isEqualTo("Failed");
    assertThat(c.message()).isEqualTo("OOMKilled (exit code 137)");
  }

  @Test
  void evictedPodFailsWithThePodMessage() {
    FakeCluster c = run(Behaviour.fail("evicted"));
    assertThat(c.phase()).isEqualTo("Failed");
    assertThat(c.message()).isEqualTo("The node was low on resource: memory.");
  }

  @Test
  void initContainerFailureFailsTheNode() {
    FakeCluster c = run(Behaviour.fail("init"));
    assertThat(c.phase()).isEqualTo("Failed");
    assertThat(c.node("hello").getPhase()).isEqualTo("Failed");
    assertThat(c.node("hello").getMessage()).isEqualTo("Error (exit code 1)");
  }

  @Test
  void podThatVanishesIsAnErrorPodDeleted() {
    FakeCluster c = run(Behaviour.fail("vanish"));
    assertThat(c.phase()).isEqualTo("Error");
    assertThat(c.node("hello").getMessage()).isEqualTo("pod deleted");
    assertThat(c.message()).isEqualTo("pod deleted");
  }

  @Test
  void pendingNodeWhosePodIsMissingIsCreatedAgain() {
    FakeCluster c = new FakeCluster().submit(StepsEngineTest.HELLO);
    c.reconcileOnce();
    c.reconcileOnce();
    assertThat(c.pods).hasSize(1);
    c.pods.clear(); // lost before it ever ran
    Reconciliation r = c.reconcileOnce();
    assertThat(r.actions()).singleElement().isInstanceOf(Action.CreatePod.class);
    assertThat(c.node("hello").getPhase()).isEqualTo("Pending");
  }

  @Test
  void succeededPodWaitsForItsReportedOutputs() {
    FakeCluster c =
        new FakeCluster()
            .behave(r -> Behaviour.output("hi"))
            .submit(
                """
                metadata: {name: wf}
                spec:
                  entrypoint: main
                  templates:
                  - name: main
                    script: {image: alpine, source: echo hi}
                """);
    c.reconcileOnce();
    c.reconcileOnce();
    c.run2Pods(); // running
    c.tick(java.time.Duration.ofSeconds(5));
    c.run2Pods(); // succeeded, task result written
    var result = c.results.remove("wf");
    c.reconcileOnce();
    assertThat(c.node("wf").getPhase()).isNotEqualTo("Succeeded");
    c.results.put("wf", result);
    c.reconcileOnce();
    assertThat(c.node("wf").getPhase()).isEqualTo("Succeeded");
    assertThat(c.node("wf").getOutputs().getResult()).isEqualTo("hi");
    assertThat(c.workflow.getStatus().getTaskResultsCompletionStatus()).containsEntry("wf", true);
  }
}
