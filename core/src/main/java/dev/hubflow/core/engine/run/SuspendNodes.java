package dev.hubflow.core.engine.run;

import dev.hubflow.core.engine.params.Durations;
import dev.hubflow.core.engine.status.NodeType;
import dev.hubflow.core.engine.status.Phase;
import dev.hubflow.model.Codec;
import dev.hubflow.model.v1alpha1.NodeStatus;
import dev.hubflow.model.v1alpha1.Outputs;
import dev.hubflow.model.v1alpha1.Parameter;
import dev.hubflow.model.v1alpha1.Template;
import java.time.Instant;
import java.util.ArrayList;

/**
 * Argo's {@code executeSuspend}: a Suspend node runs until its duration passes or someone resumes
 * it ({@code argo resume} marks the node Succeeded in the status, with supplied outputs).
 */
final class SuspendNodes {
  private final Operation op;

  SuspendNodes(Operation op) {
    this.op = op;
  }

  void execute(String nodeName, TemplateReference ref, Template tmpl, ExecOpts opts) {
    NodeStatus node = op.nodes().byName(nodeName);
    if (node == null) {
      node =
          op.executor()
              .initExecutable(
                  nodeName,
                  NodeType.SUSPEND,
                  tmpl,
                  ref,
                  opts.boundaryId,
                  Phase.PENDING,
                  opts.flag,
                  null);
      addSuppliedOutputs(node, tmpl);
    }
    Instant requeue = null;
    String duration = tmpl.getSuspend().getDuration();
    if (duration != null && !duration.isEmpty()) {
      Instant deadline = node.getStartedAt().toInstant().plus(Durations.argo(duration));
      requeue = deadline;
      if (op.now().isAfter(deadline) || op.now().equals(deadline)) {
        op.nodes().markPhase(nodeName, Phase.SUCCEEDED);
        return;
      }
    }
    Instant wfDeadline = op.workflowDeadline();
    if (wfDeadline != null && (requeue == null || wfDeadline.isBefore(requeue))) {
      requeue = wfDeadline.plusSeconds(1);
    }
    op.wake(requeue);
    op.nodes().markPhase(nodeName, Phase.RUNNING);
  }

  // Argo's addRawOutputFields: outputs to be supplied on resume are listed up front.
  private static void addSuppliedOutputs(NodeStatus node, Template tmpl) {
    if (tmpl.getOutputs() == null || tmpl.getOutputs().getParameters() == null) {
      return;
    }
    for (Parameter p : tmpl.getOutputs().getParameters()) {
      if (p.getValueFrom() != null && p.getValueFrom().getSupplied() != null) {
        if (node.getOutputs() == null) {
          node.setOutputs(new Outputs().parameters(new ArrayList<>()));
        }
        node.getOutputs().addParametersItem(Codec.copy(p));
      }
    }
  }
}
