package dev.hubflow.core;

import dev.hubflow.core.status.NodeStatusPacking;
import dev.hubflow.model.Codec;
import dev.hubflow.model.v1alpha1.NodeStatus;
import dev.hubflow.model.v1alpha1.Workflow;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.function.Predicate;

/**
 * What Argo's CLI does to a workflow for {@code argo suspend|resume|stop|terminate}: each returns a
 * changed copy to write back (the controller then acts on it). Pure: the time is passed in. A
 * workflow read from the cluster with compressed node status comes back compressed.
 *
 * @throws dev.hubflow.core.status.UnreadableNodeStatusException from resume and stop of nodes when
 *     the workflow's compressed nodes cannot be read
 */
public final class WorkflowCommands {
  private WorkflowCommands() {}

  /** {@code argo suspend}: no new nodes start until resumed. */
  public static Workflow suspend(Workflow workflow) {
    Workflow wf = Codec.copy(workflow);
    wf.getSpec().setSuspend(true);
    return wf;
  }

  /**
   * {@code argo resume}: clears {@code spec.suspend} and marks every running Suspend node (that the
   * selector accepts) Succeeded.
   */
  public static Workflow resume(Workflow workflow, Predicate<NodeStatus> nodes, Instant now) {
    Workflow wf = Codec.copy(workflow);
    wf.getSpec().setSuspend(null);
    settleSuspendNodes(wf, nodes, "Succeeded", null, now);
    return wf;
  }

  /**
   * {@code argo stop}: with a node selector the selected running Suspend nodes fail; without one
   * the workflow shuts down with strategy Stop (exit handlers still run).
   */
  public static Workflow stop(Workflow workflow, Predicate<NodeStatus> nodes, Instant now) {
    Workflow wf = Codec.copy(workflow);
    if (nodes == null) {
      wf.getSpec().setShutdown("Stop");
    } else {
      settleSuspendNodes(wf, nodes, "Failed", "Stopped with strategy 'Stop'", now);
    }
    return wf;
  }

  /** {@code argo terminate}: shut down with strategy Terminate (no exit handlers). */
  public static Workflow terminate(Workflow workflow) {
    Workflow wf = Codec.copy(workflow);
    wf.getSpec().setShutdown("Terminate");
    return wf;
  }

  /** Whether any Suspend node is running now (what a resume would act on). */
  public static boolean hasRunningSuspendNode(Workflow stored) {
    Workflow workflow = NodeStatusPacking.unpackIfReadable(stored);
    return workflow.getStatus() != null
        && workflow.getStatus().getNodes() != null
        && workflow.getStatus().getNodes().values().stream()
            .anyMatch(WorkflowCommands::isRunningSuspend);
  }

  private static boolean isRunningSuspend(NodeStatus n) {
    return "Suspend".equals(n.getType()) && "Running".equals(n.getPhase());
  }

  private static void settleSuspendNodes(
      Workflow stored, Predicate<NodeStatus> selector, String phase, String message, Instant now) {
    Workflow wf = NodeStatusPacking.unpack(stored);
    if (wf.getStatus() == null || wf.getStatus().getNodes() == null) {
      return;
    }
    for (NodeStatus n : wf.getStatus().getNodes().values()) {
      if (isRunningSuspend(n) && (selector == null || selector.test(n))) {
        n.setPhase(phase);
        n.setFinishedAt(now.atOffset(ZoneOffset.UTC));
        if (message != null) {
          n.setMessage(message);
        }
      }
    }
    if (wf != stored) {
      stored.getStatus().setCompressedNodes(NodeStatusPacking.compress(wf.getStatus().getNodes()));
    }
  }
}
