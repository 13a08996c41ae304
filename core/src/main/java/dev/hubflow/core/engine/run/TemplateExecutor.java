package dev.hubflow.core.engine.run;

import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import dev.hubflow.core.argo.ArgoNames;
import dev.hubflow.core.argo.TemplateTypes;
import dev.hubflow.core.engine.dag.DagExecutor;
import dev.hubflow.core.engine.expr.ExpressionException;
import dev.hubflow.core.engine.params.Durations;
import dev.hubflow.core.engine.status.NodeType;
import dev.hubflow.core.engine.status.Nodes;
import dev.hubflow.core.engine.status.Phase;
import dev.hubflow.core.engine.steps.StepsExecutor;
import dev.hubflow.model.Codec;
import dev.hubflow.model.v1alpha1.Arguments;
import dev.hubflow.model.v1alpha1.Inputs;
import dev.hubflow.model.v1alpha1.NodeFlag;
import dev.hubflow.model.v1alpha1.NodeStatus;
import dev.hubflow.model.v1alpha1.RetryStrategy;
import dev.hubflow.model.v1alpha1.Template;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;

/** Argo's {@code executeTemplate}: one node of any kind, with retries, limits and deadlines. */
public final class TemplateExecutor {
  static final String MAX_DEPTH_MESSAGE =
      "Maximum recursion depth exceeded. See"
          + " https://argo-workflows.readthedocs.io/en/release-3.5/scaling/#maximum-recursion-depth";

  private final Operation op;
  private final Retries retries;
  private final PodNodes pods;
  private final SuspendNodes suspends;
  private final StepsExecutor steps;
  private final DagExecutor dag;

  TemplateExecutor(Operation op) {
    this.op = op;
    this.retries = new Retries(op);
    this.pods = new PodNodes(op);
    this.suspends = new SuspendNodes(op);
    this.steps = new StepsExecutor(op);
    this.dag = new DagExecutor(op);
  }

  /** Runs (or looks at) the node {@code nodeName}; throws {@link NodeException} as Argo errs. */
  public NodeStatus execute(String nodeName, TemplateReference ref, Arguments args, ExecOpts opts) {
    op.depth++;
    try {
      return run(nodeName, ref, args, opts);
    } finally {
      op.depth--;
    }
  }

  private NodeStatus run(String nodeName, TemplateReference ref, Arguments args, ExecOpts opts) {
    Nodes nodes = op.nodes();
    NodeStatus node = nodes.byName(nodeName);
    if (op.depth >= op.config().maxStackDepth()) {
      initOrMarkError(node, nodeName, ref, opts, MAX_DEPTH_MESSAGE);
      throw new NodeException(NodeException.Kind.MAX_DEPTH, MAX_DEPTH_MESSAGE);
    }
    Template processed;
    try {
      Template resolved = mergeDefaults(resolve(ref));
      Map<String, String> locals = new HashMap<>();
      if (podType(resolved) && retryStrategy(resolved) == null) {
        locals.put("pod.name", podName(nodeName, ref.templateName()));
      }
      if ("task".equals(ref.kind())) {
        locals.put("tasks.name", ref.name());
      }
      if ("step".equals(ref.kind())) {
        locals.put("steps.name", ref.name());
      }
      locals.put("node.name", nodeName);
      processed = op.templateArgs().process(resolved, args, op.globals(), locals);
    } catch (NodeException | ExpressionException e) {
      initOrMarkError(node, nodeName, ref, opts, e.getMessage());
      throw NodeException.other(e.getMessage());
    }
    if (node != null && Phase.fulfilled(node.getPhase())) {
      return node;
    }
    checkTimeout(processed, node, nodeName);
    checkParallelism(processed, node, opts.boundaryId);
    if (node != null && node.getStartedAt() == null) {
      node.setStartedAt(op.nowTime());
    }

    String retryNodeName = "";
    RetryStrategy strategy = retryStrategy(processed);
    if (strategy != null) {
      retryNodeName = nodeName;
      NodeStatus retryParent = node;
      if (retryParent == null) {
        retryParent =
            initExecutable(
                nodeName,
                NodeType.RETRY,
                processed,
                ref,
                opts.boundaryId,
                Phase.RUNNING,
                opts.flag,
                null);
      }
      if (opts.flag == null) {
        opts.flag = new NodeFlag();
      }
      opts.flag.setRetried(true);
      Retries.Outcome outcome;
      try {
        outcome = retries.process(retryParent, strategy, opts);
      } catch (NodeException | ExpressionException | IllegalArgumentException e) {
        nodes.markPhase(retryNodeName, Phase.ERROR, e.getMessage());
        throw NodeException.other(e.getMessage());
      }
      if (!outcome.proceed()) {
        return retryParent;
      }
      retryParent = outcome.node();
      var children = Retries.retriedChildren(retryParent, nodes);
      NodeStatus last = children.isEmpty() ? null : nodes.byId(children.get(children.size() - 1));
      if (Phase.fulfilled(retryParent.getPhase())) {
        if (last != null) {
          retryParent.setOutputs(Codec.copy(last.getOutputs()));
        }
        return retryParent;
      }
      int retryNum;
      if (last != null && !Phase.fulfilled(last.getPhase())) {
        nodeName = last.getName();
        node = last;
        retryNum = children.size() - 1;
      } else {
        retryNum = children.size();
        nodeName = retryNodeName + "(" + retryNum + ")";
        nodes.addChild(retryNodeName, nodeName);
        node = null;
      }
      Map<String, String> locals = new HashMap<>();
      if (podType(processed)) {
        locals.put("pod.name", podName(nodeName, ref.templateName()));
      }
      locals.put("retries", String.valueOf(retryNum));
      try {
        processed = op.templateArgs().substitute(processed, op.globals(), locals);
      } catch (ExpressionException e) {
        initOrMarkError(node, nodeName, ref, opts, e.getMessage());
        throw NodeException.other(e.getMessage());
      }
    }

    NodeException failure = null;
    try {
      dispatch(nodeName, ref, processed, opts);
    } catch (NodeException e) {
      failure = e;
    } catch (ExpressionException | IllegalArgumentException e) {
      failure = NodeException.other(e.getMessage());
    }
    if (failure != null) {
      if (failure.kind() == NodeException.Kind.OTHER && nodes.byName(nodeName) != null) {
        nodes.markPhase(nodeName, Phase.ERROR, failure.getMessage());
      }
      String policy = strategy == null ? "" : Retries.policy(strategy);
      boolean release =
          strategy == null
              || !(policy.equals("Always")
                  || policy.equals("OnError")
                  || policy.equals("OnTransientError"));
      if (release || failure.kind() != NodeException.Kind.OTHER) {
        throw failure;
      }
    }
    node = nodes.byName(nodeName);
    if (node == null) {
      throw NodeException.other("no Node found by the name of " + nodeName);
    }
    if (!retryNodeName.isEmpty()) {
      NodeStatus retryNode = nodes.byName(retryNodeName);
      if (!Phase.fulfilled(retryNode.getPhase()) && Phase.fulfilled(node.getPhase())) {
        retryNode = execute(retryNodeName, ref, args, opts);
      }
      node = retryNode;
    }
    return node;
  }

  private void dispatch(String nodeName, TemplateReference ref, Template tmpl, ExecOpts opts) {
    switch (type(tmpl)) {
      case "container":
      case "script":
        pods.execute(nodeName, ref, tmpl, opts);
        break;
      case "steps":
        steps.execute(nodeName, ref, tmpl, opts);
        break;
      case "dag":
        dag.execute(nodeName, ref, tmpl, opts);
        break;
      case "suspend":
        suspends.execute(nodeName, ref, tmpl, opts);
        break;
      case "":
        {
          String message = "Template '" + tmpl.getName() + "' missing specification";
          if (op.nodes().byName(nodeName) == null) {
            op.nodes()
                .init(
                    nodeName,
                    NodeType.SKIPPED,
                    ref.templateName(),
                    opts.boundaryId,
                    Phase.ERROR,
                    opts.flag,
                    message);
          }
          throw NodeException.other(message);
        }
      default:
        {
          String message =
              "template '" + tmpl.getName() + "' of type " + type(tmpl) + " is not supported yet";
          if (op.nodes().byName(nodeName) == null) {
            op.nodes()
                .init(
                    nodeName,
                    NodeType.SKIPPED,
                    ref.templateName(),
                    opts.boundaryId,
                    Phase.ERROR,
                    opts.flag,
                    message);
          }
          throw NodeException.other(message);
        }
    }
  }

  /** The template a reference points at; Argo's {@code ResolveTemplate}. */
  public Template resolve(TemplateReference ref) {
    if (ref.inline() != null) {
      return ref.inline();
    }
    if (ref.templateRef() != null) {
      throw NodeException.other(
          "templateRef "
              + ref.templateRef().getName()
              + "/"
              + ref.templateRef().getTemplate()
              + " is not supported yet (WorkflowTemplates)");
    }
    Template t = op.template(ref.template());
    if (t == null) {
      throw NodeException.other("template " + ref.template() + " not found");
    }
    return t;
  }

  /**
   * Argo's {@code mergedTemplateDefaultsInto}: {@code spec.templateDefaults} under the template.
   */
  Template mergeDefaults(Template tmpl) {
    Template defaults = op.spec().getTemplateDefaults();
    if (defaults == null) {
      return tmpl;
    }
    String type = type(tmpl);
    JsonElement merged = merge(Codec.toTree(defaults), Codec.toTree(tmpl));
    JsonObject object = merged.getAsJsonObject();
    for (String kind :
        new String[] {"container", "script", "steps", "dag", "suspend", "resource", "data"}) {
      if (!kind.equals(type)) {
        object.remove(kind);
      }
    }
    return Codec.fromTree(object, Template.class, "templateDefaults");
  }

  private static JsonElement merge(JsonElement base, JsonElement over) {
    if (base != null && base.isJsonObject() && over != null && over.isJsonObject()) {
      JsonObject out = base.getAsJsonObject().deepCopy();
      for (var e : over.getAsJsonObject().entrySet()) {
        out.add(e.getKey(), merge(out.get(e.getKey()), e.getValue()));
      }
      return out;
    }
    return over == null ? base : over;
  }

  private void checkTimeout(Template tmpl, NodeStatus node, String nodeName) {
    if (node == null || tmpl.getTimeout() == null || tmpl.getTimeout().isEmpty()) {
      return;
    }
    Duration timeout;
    try {
      timeout = Durations.go(tmpl.getTimeout());
    } catch (IllegalArgumentException e) {
      throw NodeException.other("invalid timeout format. " + e.getMessage());
    }
    Instant deadline = node.getStartedAt().toInstant().plus(timeout);
    if (Phase.PENDING.equals(node.getPhase())) {
      if (op.now().isAfter(deadline)) {
        op.nodes().markPhase(nodeName, Phase.FAILED, "timeout");
        throw new NodeException(NodeException.Kind.TIMEOUT, "timeout");
      }
      op.wake(deadline.plusSeconds(1));
    }
  }

  private void checkParallelism(Template tmpl, NodeStatus node, String boundaryId) {
    Integer wfParallelism = op.spec().getParallelism();
    if (wfParallelism != null && op.activePods >= wfParallelism) {
      throw new NodeException(NodeException.Kind.PARALLELISM_REACHED, "Max parallelism reached");
    }
    String type = type(tmpl);
    if (node != null && (type.equals("dag") || type.equals("steps"))) {
      if (Boolean.TRUE.equals(tmpl.getFailFast()) && unsuccessfulChildren(node.getId()) > 0) {
        failFast(node, type);
        throw new NodeException(NodeException.Kind.PARALLELISM_REACHED, "Max parallelism reached");
      }
      if (tmpl.getParallelism() != null && activePods(node.getId()) >= tmpl.getParallelism()) {
        throw new NodeException(NodeException.Kind.PARALLELISM_REACHED, "Max parallelism reached");
      }
    }
    if (!boundaryId.isEmpty()
        && (node == null
            || !(Phase.PENDING.equals(node.getPhase()) || Phase.RUNNING.equals(node.getPhase())))) {
      NodeStatus boundary = op.nodes().byId(boundaryId);
      if (boundary == null) {
        throw NodeException.other("boundaryNode not found");
      }
      Template boundaryTemplate = op.template(boundary.getTemplateName());
      if (boundaryTemplate == null) {
        return;
      }
      if (Boolean.TRUE.equals(boundaryTemplate.getFailFast())
          && unsuccessfulChildren(boundaryId) > 0) {
        failFast(boundary, type(boundaryTemplate));
        throw new NodeException(NodeException.Kind.PARALLELISM_REACHED, "Max parallelism reached");
      }
      if (boundaryTemplate.getParallelism() != null
          && activeChildren(boundaryId) >= boundaryTemplate.getParallelism()) {
        throw new NodeException(NodeException.Kind.PARALLELISM_REACHED, "Max parallelism reached");
      }
    }
  }

  // Argo (fixed after v3.5, #13806): fail once running children end, and close the step group.
  private void failFast(NodeStatus node, String type) {
    if (activePods(node.getId()) > 0) {
      return;
    }
    String message = "template has failed or errored children and failFast enabled";
    if (type.equals("steps")) {
      NodeStatus group = lastOfType(node.getId(), NodeType.STEP_GROUP, new java.util.HashSet<>());
      if (group != null) {
        op.nodes().markPhase(group.getName(), Phase.FAILED, message);
      }
    }
    op.nodes().markPhase(node.getName(), Phase.FAILED, message);
  }

  private NodeStatus lastOfType(String id, String type, java.util.Set<String> seen) {
    NodeStatus node = op.nodes().byId(id);
    if (node == null || !seen.add(id)) {
      return null;
    }
    NodeStatus found = type.equals(node.getType()) ? node : null;
    if (node.getChildren() != null) {
      for (String child : node.getChildren()) {
        NodeStatus f = lastOfType(child, type, seen);
        if (f != null) {
          found = f;
        }
      }
    }
    return found;
  }

  private long activePods(String boundaryId) {
    return op.nodes()
        .count(
            n ->
                NodeType.POD.equals(n.getType())
                    && (boundaryId.isEmpty() || boundaryId.equals(n.getBoundaryID()))
                    && (Phase.PENDING.equals(n.getPhase()) || Phase.RUNNING.equals(n.getPhase()))
                    && op.pod(n.getId()) != null);
  }

  private long activeChildren(String boundaryId) {
    return op.nodes()
        .count(
            n ->
                boundaryId.equals(n.getBoundaryID())
                    && counted(n.getType())
                    && (Phase.PENDING.equals(n.getPhase()) || Phase.RUNNING.equals(n.getPhase())));
  }

  private long unsuccessfulChildren(String boundaryId) {
    return op.nodes()
        .count(
            n ->
                boundaryId.equals(n.getBoundaryID())
                    && counted(n.getType())
                    && Phase.failedOrError(n.getPhase()));
  }

  private static boolean counted(String type) {
    return NodeType.POD.equals(type) || NodeType.STEPS.equals(type) || NodeType.DAG.equals(type);
  }

  /** Workflow-level parallelism counts pods already created. */
  int countActivePods() {
    return (int) activePods("");
  }

  RetryStrategy retryStrategy(Template tmpl) {
    if (tmpl != null && tmpl.getRetryStrategy() != null) {
      return tmpl.getRetryStrategy();
    }
    return op.spec().getRetryStrategy();
  }

  String podName(String nodeName, String templateName) {
    return ArgoNames.podName(op.name(), nodeName, templateName);
  }

  /** Argo's {@code initializeNodeOrMarkError}. */
  public NodeStatus initOrMarkError(
      NodeStatus node, String nodeName, TemplateReference ref, ExecOpts opts, String message) {
    if (node != null) {
      return op.nodes().markPhase(nodeName, Phase.ERROR, message);
    }
    return op.nodes()
        .init(
            nodeName,
            NodeType.SKIPPED,
            ref.templateName(),
            opts.boundaryId,
            Phase.ERROR,
            opts.flag,
            message);
  }

  /** Argo's {@code initializeExecutableNode}. */
  public NodeStatus initExecutable(
      String nodeName,
      String type,
      Template tmpl,
      TemplateReference ref,
      String boundaryId,
      String phase,
      NodeFlag flag,
      String message) {
    NodeStatus node =
        op.nodes().init(nodeName, type, ref.templateName(), boundaryId, phase, flag, message);
    Inputs inputs = tmpl.getInputs();
    if (inputs != null
        && ((inputs.getParameters() != null && !inputs.getParameters().isEmpty())
            || (inputs.getArtifacts() != null && !inputs.getArtifacts().isEmpty()))) {
      node.setInputs(Codec.copy(inputs));
    }
    return node;
  }

  /** Argo's {@code Template.GetType}, lower-case; empty when the template has no body. */
  public static String type(Template t) {
    return TemplateTypes.of(t);
  }

  static boolean podType(Template t) {
    String type = type(t);
    return type.equals("container")
        || type.equals("containerSet")
        || type.equals("script")
        || type.equals("resource")
        || type.equals("data");
  }
}
