package dev.hubflow.core;

import static org.assertj.core.api.Assertions.assertThat;

import dev.hubflow.model.Codec;
import dev.hubflow.model.v1alpha1.Workflow;
import java.time.Instant;
import org.junit.jupiter.api.Test;

class WorkflowCommandsTest {
  private static final Instant NOW = Instant.parse("2026-01-02T03:04:05Z");

  private static Workflow running() {
    return Codec.read(
        """
        metadata: {name: wf, namespace: ns}
        spec: {entrypoint: main, suspend: true}
        status:
          phase: Running
          nodes:
            a: {id: a, name: wf.a, type: Suspend, phase: Running}
            b: {id: b, name: wf.b, type: Pod, phase: Running}
            c: {id: c, name: wf.c, type: Suspend, phase: Succeeded}
        """,
        Workflow.class);
  }

  @Test
  void resumeClearsSpecSuspendAndSucceedsOnlyRunningSuspendNodes() {
    Workflow wf = WorkflowCommands.resume(running(), n -> true, NOW);

    assertThat(wf.getSpec().getSuspend()).isNull();
    assertThat(wf.getStatus().getNodes().get("a").getPhase()).isEqualTo("Succeeded");
    assertThat(wf.getStatus().getNodes().get("a").getFinishedAt().toInstant()).isEqualTo(NOW);
    assertThat(wf.getStatus().getNodes().get("b").getPhase()).isEqualTo("Running");
    assertThat(WorkflowCommands.hasRunningSuspendNode(wf)).isFalse();
  }

  @Test
  void resumeLeavesNodesTheSelectorRejects() {
    Workflow wf = WorkflowCommands.resume(running(), n -> false, NOW);

    assertThat(wf.getStatus().getNodes().get("a").getPhase()).isEqualTo("Running");
  }

  @Test
  void stopWithANodeSelectorFailsTheSuspendNodeAndWithoutOneShutsDown() {
    Workflow byNode = WorkflowCommands.stop(running(), n -> true, NOW);
    Workflow whole = WorkflowCommands.stop(running(), null, NOW);

    assertThat(byNode.getStatus().getNodes().get("a").getPhase()).isEqualTo("Failed");
    assertThat(byNode.getSpec().getShutdown()).isNull();
    assertThat(whole.getSpec().getShutdown()).isEqualTo("Stop");
    assertThat(whole.getStatus().getNodes().get("a").getPhase()).isEqualTo("Running");
  }

  @Test
  void suspendAndTerminateSetTheSpecAndLeaveTheOriginalAlone() {
    Workflow original = WorkflowCommands.resume(running(), n -> false, NOW);

    assertThat(WorkflowCommands.suspend(original).getSpec().getSuspend()).isTrue();
    assertThat(WorkflowCommands.terminate(original).getSpec().getShutdown()).isEqualTo("Terminate");
    assertThat(original.getSpec().getSuspend()).isNull();
    assertThat(original.getSpec().getShutdown()).isNull();
  }
}
