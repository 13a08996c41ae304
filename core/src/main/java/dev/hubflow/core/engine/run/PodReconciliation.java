package dev.hubflow.core.engine.run;

import dev.hubflow.core.engine.Action;
import dev.hubflow.core.engine.PodFacts;
import dev.hubflow.core.engine.status.NodeType;
import dev.hubflow.core.engine.status.Nodes;
import dev.hubflow.core.engine.status.Phase;
import dev.hubflow.model.Codec;
import dev.hubflow.model.v1alpha1.NodeResult;
import dev.hubflow.model.v1alpha1.NodeStatus;
import dev.hubflow.model.v1alpha1.Outputs;
import dev.hubflow.model.v1alpha1.Template;
import dev.hubflow.model.v1alpha1.WorkflowStatus;
import io.kubernetes.client.openapi.models.V1Pod;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * Argo's {@code taskResultReconciliation} and {@code podReconciliation}: what pods and executors
 * reported becomes node phases and outputs.
 */
final class PodReconciliation {
  private final Operation op;

  PodReconciliation(Operation op) {
    this.op = op;
  }

  /** Outputs and progress reported by executors. */
  void results() {
    WorkflowStatus status = op.workflow().getStatus();
    for (Map.Entry<String, NodeResult> e : op.results().entrySet()) {
      if (status.getTaskResultsCompletionStatus() == null) {
        status.setTaskResultsCompletionStatus(new HashMap<>());
      }
      status.getTaskResultsCompletionStatus().put(e.getKey(), true);
      NodeStatus node = op.nodes().byId(e.getKey());
      if (node == null) {
        continue;
      }
      NodeResult result = e.getValue();
      Outputs out = result.getOutputs();
      if (hasOutputs(out)) {
        Outputs merged = Codec.copy(out);
        if (node.getOutputs() != null && merged.getExitCode() == null) {
          merged.setExitCode(node.getOutputs().getExitCode());
        }
        node.setOutputs(merged);
      }
      if (validProgress(result.getProgress())) {
        node.setProgress(result.getProgress());
      }
    }
  }

  private static boolean hasOutputs(Outputs o) {
    return o != null
        && ((o.getParameters() != null && !o.getParameters().isEmpty())
            || (o.getArtifacts() != null && !o.getArtifacts().isEmpty())
            || o.getResult() != null
            || o.getExitCode() != null);
  }

  private static boolean validProgress(String p) {
    if (p == null || !p.contains("/")) {
      return false;
    }
    try {
      long n = Long.parseLong(p.substring(0, p.indexOf('/')));
      long m = Long.parseLong(p.substring(p.indexOf('/') + 1));
      return n >= 0 && m > 0 && n <= m;
    } catch (NumberFormatException e) {
      return false;
    }
  }

  /** Returns false when a finished pod's outputs are not reported yet (wait for them). */
  boolean pods() {
    Nodes nodes = op.nodes();
    boolean incomplete = false;
    for (Map.Entry<String, V1Pod> e : op.pods().entrySet()) {
      NodeStatus node = nodes.byId(e.getKey());
      if (node == null || Phase.fulfilled(node.getPhase())) {
        continue;
      }
      // Everything below reads the pod through its facts only (see PodFacts).
      PodFacts pod = PodFacts.of(e.getValue());
      NodeStatus updated = assess(pod, node);
      if (Phase.SUCCEEDED.equals(updated.getPhase()) && awaitsOutputs(node)) {
        incomplete = true;
        continue;
      }
      new OutputFlow(op).addToGlobal(updated.getOutputs());
      op.workflow().getStatus().getNodes().put(node.getId(), updated);
      control(pod, updated);
    }
    if (incomplete) {
      return false;
    }
    boolean running =
        nodes.count(n -> NodeType.POD.equals(n.getType()) && Phase.RUNNING.equals(n.getPhase()))
            > 0;
    Conditions.upsert(op.workflow().getStatus(), "PodRunning", running ? "True" : "False");
    for (NodeStatus node : new ArrayList<>(nodes.all())) {
      if (!NodeType.POD.equals(node.getType())
          || Phase.fulfilled(node.getPhase())
          || node.getStartedAt() == null
          || op.pod(node.getId()) != null
          || Phase.PENDING.equals(node.getPhase())) {
        continue;
      }
      // The controller only reports a pod missing once its cluster's cache is in sync.
      nodes.markPhase(node.getName(), Phase.ERROR, "pod deleted");
    }
    return true;
  }

  // Argo's applyExecutionControl: shutdown and the workflow deadline stop running pods.
  private void control(PodFacts pod, NodeStatus node) {
    if (Phase.fulfilled(node.getPhase()) || !pod.active()) {
      return;
    }
    String message = null;
    if (op.shuttingDown() && !op.shouldExecute(pod.onExit())) {
      message = "workflow shutdown with strategy:  " + op.shutdown();
    } else if (op.deadlineExceeded() && !pod.onExit()) {
      message = "Step exceeded its deadline";
    }
    if (message != null) {
      op.actions().add(new Action.DeletePod(pod.namespace(), pod.name()));
      op.nodes().markPhase(node.getName(), Phase.FAILED, message);
    }
  }

  /** Argo's {@code assessNodeStatus}: the node as its pod says it is. */
  NodeStatus assess(PodFacts pod, NodeStatus old) {
    NodeStatus n = Codec.copy(old);
    switch (pod.phase()) {
      case "Pending":
        n.setPhase(Phase.PENDING);
        n.setMessage(emptyToNull(pod.pendingMessage()));
        break;
      case "Succeeded":
        n.setPhase(Phase.SUCCEEDED);
        break;
      case "Failed":
        n.setPhase(pod.failure().phase());
        n.setMessage(emptyToNull(pod.failure().message()));
        break;
      case "Running":
        n.setPhase(Phase.RUNNING);
        break;
      default:
        n.setPhase(Phase.ERROR);
        n.setMessage("Unexpected pod phase for " + pod.name() + ": " + pod.phase());
    }
    if (pod.nodeName() != null) {
      n.setHostNodeName(pod.nodeName());
    }
    if (!validProgress(n.getProgress())) {
      n.setProgress("0/1");
    }
    if (pod.mainExitCode() != null) {
      if (n.getOutputs() == null) {
        n.setOutputs(new Outputs());
      }
      n.getOutputs().setExitCode(pod.mainExitCode());
    }
    if (pod.initFailed()) {
      n.setPhase(Phase.FAILED);
    } else if (pod.waitUnfinished() && Phase.completed(n.getPhase())) {
      n.setPhase(old.getPhase());
    }
    if (Phase.PENDING.equals(old.getPhase())
        && !Phase.PENDING.equals(n.getPhase())
        && java.util.Objects.equals(old.getMessage(), n.getMessage())) {
      n.setMessage(null);
    }
    if (Phase.fulfilled(n.getPhase()) && n.getFinishedAt() == null) {
      n.setFinishedAt(pod.finishedAt() == null ? op.nowTime() : pod.finishedAt());
    }
    return n;
  }

  /** Whether a pod node must wait for its task result before it can succeed. */
  private boolean awaitsOutputs(NodeStatus node) {
    Map<String, Boolean> done = op.workflow().getStatus().getTaskResultsCompletionStatus();
    if (done != null && Boolean.TRUE.equals(done.get(node.getId()))) {
      return false;
    }
    Template tmpl = op.template(node.getTemplateName());
    if (tmpl == null) {
      return false;
    }
    if (tmpl.getScript() != null) {
      return true;
    }
    var outputs = tmpl.getOutputs();
    if (outputs != null
        && ((outputs.getParameters() != null && !outputs.getParameters().isEmpty())
            || (outputs.getArtifacts() != null && !outputs.getArtifacts().isEmpty()))) {
      return true;
    }
    return resultReferenced(op, node);
  }

  // Argo's hasOutputResultRef: the parent template mentions steps.<name>.outputs.result.
  static boolean resultReferenced(Operation op, NodeStatus node) {
    NodeStatus boundary = op.nodes().byId(node.getBoundaryID());
    if (boundary == null) {
      return false;
    }
    Template parent = op.template(boundary.getTemplateName());
    if (parent == null) {
      return false;
    }
    String name = stepOrTaskName(node.getName());
    String prefix = parent.getDag() != null ? "tasks" : "steps";
    String json = op.templateJson(parent);
    if (!json.contains("outputs")) {
      return false; // neither pattern can match; saves two scans of a large template per task
    }
    return Pattern.compile(prefix + "\\." + Pattern.quote(name) + "\\.outputs\\.result")
            .matcher(json)
            .find()
        || Pattern.compile(prefix + "\\[['\"]" + Pattern.quote(name) + "['\"]\\]\\.outputs.result")
            .matcher(json)
            .find();
  }

  // Argo's getStepOrDAGTaskName: strips "(…)"/"[…]" suffixes, keeps the last dotted part.
  static String stepOrTaskName(String nodeName) {
    String name = nodeName;
    char opener = 0;
    for (int i = name.length() - 1; i >= 0; i--) {
      char c = name.charAt(i);
      if (opener != 0) {
        if (c == opener) {
          opener = 0;
        }
        continue;
      }
      if (c == ')') {
        opener = '(';
      } else if (c == ']') {
        opener = '[';
      } else {
        name = name.substring(0, i + 1);
        break;
      }
    }
    int dot = name.lastIndexOf('.');
    return dot >= 0 ? name.substring(dot + 1) : name;
  }

  private static String emptyToNull(String s) {
    return s == null || s.isEmpty() ? null : s;
  }
}
