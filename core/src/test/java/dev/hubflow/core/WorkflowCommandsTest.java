package dev.hubflow.core;

import static org.assertj.core.api.Assertions.assertThat;

import dev.hubflow.core.status.NodeStatusPacking;
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
  void resumeOfAWorkflowStoredCompressedSettlesItsNodesAndKeepsThemCompressed() {
    Workflow stored = running();
    stored
        .getStatus()
        .setCompressedNodes(NodeStatusPacking.compress(stored.getStatus().getNodes()));
    stored.getStatus().setNodes(null);

    assertThat(WorkflowCommands.hasRunningSuspendNode(stored)).isTrue();
    Workflow wf = WorkflowCommands.resume(stored, n -> true, NOW);

    assertThat(wf.getStatus().getNodes()).isNull();
    Workflow read = NodeStatusPacking.unpack(wf);
    assertThat(read.getStatus().getNodes().get("a").getPhase()).isEqualTo("Succeeded");
    assertThat(read.getStatus().getNodes().get("b").getPhase()).isEqualTo("Running");
    assertThat(NodeStatusPacking.unpack(stored).getStatus().getNodes().get("a").getPhase())
        .as("the original is left alone")
        .isEqualTo("Running");
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
