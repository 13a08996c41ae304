package dev.hubflow.core.engine.run;

import dev.hubflow.core.engine.Action;
import dev.hubflow.core.engine.status.NodeType;
import dev.hubflow.core.engine.status.Nodes;
import dev.hubflow.core.engine.status.Phase;
import dev.hubflow.model.Codec;
import dev.hubflow.model.v1alpha1.NodeResult;
import dev.hubflow.model.v1alpha1.NodeStatus;
import dev.hubflow.model.v1alpha1.Outputs;
import dev.hubflow.model.v1alpha1.Template;
import dev.hubflow.model.v1alpha1.WorkflowStatus;
import io.kubernetes.client.openapi.models.V1ContainerStatus;
import io.kubernetes.client.openapi.models.V1Pod;
import io.kubernetes.client.openapi.models.V1PodCondition;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
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
      V1Pod pod = e.getValue();
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
  private void control(V1Pod pod, NodeStatus node) {
    if (Phase.fulfilled(node.getPhase())) {
      return;
    }
    String podPhase = pod.getStatus() == null ? null : pod.getStatus().getPhase();
    if (!"Pending".equals(podPhase) && !"Running".equals(podPhase)) {
      return;
    }
    boolean onExitPod =
        pod.getMetadata().getLabels() != null
            && pod.getMetadata().getLabels().containsKey(PodNodes.LABEL_ON_EXIT);
    String message = null;
    if (op.shuttingDown() && !op.shouldExecute(onExitPod)) {
      message = "workflow shutdown with strategy:  " + op.shutdown();
    } else if (op.deadlineExceeded() && !onExitPod) {
      message = "Step exceeded its deadline";
    }
    if (message != null) {
      op.actions()
          .add(new Action.DeletePod(pod.getMetadata().getNamespace(), pod.getMetadata().getName()));
      op.nodes().markPhase(node.getName(), Phase.FAILED, message);
    }
  }

  /** Argo's {@code assessNodeStatus}: the node as its pod says it is. */
  NodeStatus assess(V1Pod pod, NodeStatus old) {
    NodeStatus n = Codec.copy(old);
    var status = pod.getStatus();
    String podPhase = status == null ? "Pending" : status.getPhase();
    List<V1ContainerStatus> containers =
        status == null || status.getContainerStatuses() == null
            ? List.of()
            : status.getContainerStatuses();
    List<V1ContainerStatus> inits =
        status == null || status.getInitContainerStatuses() == null
            ? List.of()
            : status.getInitContainerStatuses();
    switch (podPhase == null ? "Pending" : podPhase) {
      case "Pending":
        n.setPhase(Phase.PENDING);
        n.setMessage(emptyToNull(pendingReason(pod, containers)));
        break;
      case "Succeeded":
        n.setPhase(Phase.SUCCEEDED);
        break;
      case "Failed":
        String[] failed = failedReason(pod, containers, inits);
        n.setPhase(failed[0]);
        n.setMessage(emptyToNull(failed[1]));
        break;
      case "Running":
        n.setPhase(Phase.RUNNING);
        break;
      default:
        n.setPhase(Phase.ERROR);
        n.setMessage("Unexpected pod phase for " + pod.getMetadata().getName() + ": " + podPhase);
    }
    if (pod.getSpec() != null && pod.getSpec().getNodeName() != null) {
      n.setHostNodeName(pod.getSpec().getNodeName());
    }
    if (!validProgress(n.getProgress())) {
      n.setProgress("0/1");
    }
    for (V1ContainerStatus c : containers) {
      if ("main".equals(c.getName())
          && c.getState() != null
          && c.getState().getTerminated() != null) {
        if (n.getOutputs() == null) {
          n.setOutputs(new Outputs());
        }
        n.getOutputs().setExitCode(String.valueOf(c.getState().getTerminated().getExitCode()));
      }
    }
    boolean initFailed = false;
    for (V1ContainerStatus c : inits) {
      if (c.getState() != null
          && c.getState().getTerminated() != null
          && c.getState().getTerminated().getExitCode() != 0) {
        n.setPhase(Phase.FAILED);
        initFailed = true;
        break;
      }
    }
    for (V1ContainerStatus c : containers) {
      if ("wait".equals(c.getName())
          && (c.getState() == null || c.getState().getTerminated() == null)
          && Phase.completed(n.getPhase())
          && !initFailed) {
        n.setPhase(old.getPhase());
      }
    }
    if (Phase.PENDING.equals(old.getPhase())
        && !Phase.PENDING.equals(n.getPhase())
        && java.util.Objects.equals(old.getMessage(), n.getMessage())) {
      n.setMessage(null);
    }
    if (Phase.fulfilled(n.getPhase()) && n.getFinishedAt() == null) {
      n.setFinishedAt(latestFinishedAt(containers, inits));
    }
    return n;
  }

  private OffsetDateTime latestFinishedAt(
      List<V1ContainerStatus> containers, List<V1ContainerStatus> inits) {
    OffsetDateTime latest = null;
    List<V1ContainerStatus> all = new ArrayList<>(inits);
    all.addAll(containers);
    for (V1ContainerStatus c : all) {
      if (c.getState() == null) {
        continue;
      }
      if (c.getState().getRunning() != null) {
        latest = op.nowTime();
      } else if (c.getState().getTerminated() != null
          && c.getState().getTerminated().getFinishedAt() != null) {
        OffsetDateTime t =
            c.getState().getTerminated().getFinishedAt().withOffsetSameInstant(ZoneOffset.UTC);
        if (latest == null || t.isAfter(latest)) {
          latest = t;
        }
      }
    }
    return latest == null
        ? op.nowTime()
        : latest.truncatedTo(java.time.temporal.ChronoUnit.SECONDS);
  }

  private static String pendingReason(V1Pod pod, List<V1ContainerStatus> containers) {
    for (V1ContainerStatus c : containers) {
      if (c.getState() != null && c.getState().getWaiting() != null) {
        var w = c.getState().getWaiting();
        String reason = w.getReason() == null ? "" : w.getReason();
        if (w.getMessage() != null && !w.getMessage().isEmpty()) {
          return reason + ": " + w.getMessage();
        }
        return reason;
      }
    }
    if (pod.getStatus() != null && pod.getStatus().getConditions() != null) {
      for (V1PodCondition cond : pod.getStatus().getConditions()) {
        if ("Unschedulable".equals(cond.getReason())) {
          if (cond.getMessage() != null && !cond.getMessage().isEmpty()) {
            return cond.getReason() + ": " + cond.getMessage();
          }
          return cond.getReason();
        }
      }
    }
    return "";
  }

  /** Argo's {@code inferFailedReason}: the phase and message of a failed pod. */
  private static String[] failedReason(
      V1Pod pod, List<V1ContainerStatus> containers, List<V1ContainerStatus> inits) {
    if (pod.getStatus() != null
        && pod.getStatus().getMessage() != null
        && !pod.getStatus().getMessage().isEmpty()) {
      return new String[] {Phase.FAILED, pod.getStatus().getMessage()};
    }
    List<V1ContainerStatus> ordered = new ArrayList<>(containers);
    ordered.sort(java.util.Comparator.comparingInt(c -> order(c.getName())));
    List<V1ContainerStatus> all = new ArrayList<>(inits);
    all.addAll(ordered);
    if (all.isEmpty()) {
      return new String[] {
        Phase.FAILED,
        "can't find failed message for pod "
            + pod.getMetadata().getName()
            + " namespace "
            + pod.getMetadata().getNamespace()
      };
    }
    for (V1ContainerStatus c : all) {
      if (c.getState() != null && c.getState().getWaiting() != null) {
        var w = c.getState().getWaiting();
        return new String[] {
          Phase.ERROR,
          "Pod failed before "
              + c.getName()
              + " container starts due to "
              + nullToEmpty(w.getReason())
              + ": "
              + nullToEmpty(w.getMessage())
        };
      }
      var t = c.getState() == null ? null : c.getState().getTerminated();
      if (t == null || t.getExitCode() == 0) {
        continue;
      }
      String msg = nullToEmpty(t.getReason()) + " (exit code " + t.getExitCode() + ")";
      if (t.getMessage() != null && !t.getMessage().isEmpty()) {
        msg = msg + ": " + t.getMessage();
      }
      if (inits.contains(c) && "init".equals(c.getName())) {
        return new String[] {Phase.ERROR, msg};
      }
      if ("main".equals(c.getName())) {
        return new String[] {Phase.FAILED, msg};
      }
      if ("wait".equals(c.getName())) {
        return new String[] {Phase.ERROR, msg};
      }
      if (t.getExitCode() != 137 && t.getExitCode() != 143) {
        return new String[] {Phase.FAILED, msg};
      }
    }
    return new String[] {Phase.SUCCEEDED, ""};
  }

  private static int order(String name) {
    if ("main".equals(name)) {
      return 1;
    }
    if ("wait".equals(name)) {
      return 2;
    }
    return 3;
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

  private static String nullToEmpty(String s) {
    return s == null ? "" : s;
  }
}
