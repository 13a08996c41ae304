package dev.hubflow.core.engine.steps;

import dev.hubflow.core.engine.expr.ExpressionException;
import dev.hubflow.core.engine.params.Scope;
import dev.hubflow.core.engine.run.ExecOpts;
import dev.hubflow.core.engine.run.ExitHooks;
import dev.hubflow.core.engine.run.LoopExpansion;
import dev.hubflow.core.engine.run.NodeException;
import dev.hubflow.core.engine.run.Operation;
import dev.hubflow.core.engine.run.Outbound;
import dev.hubflow.core.engine.run.OutputFlow;
import dev.hubflow.core.engine.run.TemplateReference;
import dev.hubflow.core.engine.status.NodeType;
import dev.hubflow.core.engine.status.Nodes;
import dev.hubflow.core.engine.status.Phase;
import dev.hubflow.model.Codec;
import dev.hubflow.model.v1alpha1.Arguments;
import dev.hubflow.model.v1alpha1.ContinueOn;
import dev.hubflow.model.v1alpha1.NodeStatus;
import dev.hubflow.model.v1alpha1.Template;
import dev.hubflow.model.v1alpha1.WorkflowStep;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Argo's {@code executeSteps}: step groups run one after another, steps in a group together. */
public final class StepsExecutor {
  private final Operation op;
  private final OutputFlow outputs;
  private final ExitHooks exitHooks;
  private final LoopExpansion loops;

  public StepsExecutor(Operation op) {
    this.op = op;
    this.outputs = new OutputFlow(op);
    this.exitHooks = new ExitHooks(op);
    this.loops = new LoopExpansion(op);
  }

  public void execute(String nodeName, TemplateReference ref, Template tmpl, ExecOpts opts) {
    Nodes nodes = op.nodes();
    NodeStatus node = nodes.byName(nodeName);
    if (node == null) {
      node =
          op.executor()
              .initExecutable(
                  nodeName,
                  NodeType.STEPS,
                  tmpl,
                  ref,
                  opts.boundaryId(),
                  Phase.RUNNING,
                  opts.flag(),
                  null);
    }
    Scope scope = Scope.of(tmpl);
    outputs.addOutputs(scope, "workflow", op.workflow().getStatus().getOutputs());
    List<List<WorkflowStep>> groups = tmpl.getSteps();
    for (int i = 0; i < groups.size(); i++) {
      String sgName = nodeName + "[" + i + "]";
      NodeStatus sg = nodes.byName(sgName);
      if (sg == null) {
        nodes.init(sgName, NodeType.STEP_GROUP, "", node.getId(), Phase.RUNNING, null, null);
      } else if (!Phase.fulfilled(sg.getPhase())) {
        nodes.markPhase(sgName, Phase.RUNNING);
      }
      if (i == 0) {
        nodes.addChild(nodeName, sgName);
      } else {
        String prevName = nodeName + "[" + (i - 1) + "]";
        NodeStatus prev = nodes.byName(prevName);
        if (prev.getChildren() == null || prev.getChildren().isEmpty()) {
          nodes.addChild(prevName, sgName);
        } else {
          for (String childId : prev.getChildren()) {
            for (String out : Outbound.of(nodes, childId)) {
              nodes.addChild(nodes.byId(out).getName(), sgName);
            }
          }
        }
      }
      List<WorkflowStep> group = groups.get(i) == null ? List.of() : groups.get(i);
      NodeStatus sgNode = executeGroup(group, sgName, scope, node.getId(), opts.onExit());
      if (!Phase.fulfilled(sgNode.getPhase())) {
        return;
      }
      if (Phase.failedOrError(sgNode.getPhase())) {
        updateOutbound(nodeName, tmpl);
        nodes.markPhase(
            nodeName, Phase.FAILED, sgNode.getMessage() == null ? "" : sgNode.getMessage());
        return;
      }
      for (WorkflowStep step : group) {
        String childName = sgName + "." + step.getName();
        NodeStatus child = nodes.byName(childName);
        String prefix = "steps." + step.getName();
        if (child == null) {
          List<NodeStatus> loop = new ArrayList<>();
          for (NodeStatus n : nodes.all()) {
            if (node.getId().equals(n.getBoundaryID())
                && n.getName().startsWith(childName + "(")
                && !NodeType.SKIPPED.equals(n.getType())) {
              loop.add(n);
            }
          }
          outputs.addAggregate(scope, prefix, loop);
        } else {
          outputs.addNode(scope, prefix, child);
        }
      }
    }
    updateOutbound(nodeName, tmpl);
    dev.hubflow.model.v1alpha1.Outputs own = outputs.fromScope(tmpl, scope);
    if (own != null) {
      NodeStatus current = nodes.byName(nodeName);
      current.setOutputs(own);
      outputs.addToGlobal(own);
    }
    nodes.markPhase(nodeName, Phase.SUCCEEDED);
  }

  private void updateOutbound(String nodeName, Template tmpl) {
    Nodes nodes = op.nodes();
    NodeStatus last = null;
    for (int i = tmpl.getSteps().size() - 1; i >= 0; i--) {
      last = nodes.byName(nodeName + "[" + i + "]");
      if (last != null) {
        break;
      }
    }
    if (last == null) {
      return;
    }
    List<String> outbound = new ArrayList<>();
    if (last.getChildren() != null) {
      for (String child : last.getChildren()) {
        outbound.addAll(Outbound.of(nodes, child));
      }
    }
    nodes.byName(nodeName).setOutboundNodes(outbound.isEmpty() ? null : outbound);
  }

  private NodeStatus executeGroup(
      List<WorkflowStep> group, String sgName, Scope scope, String boundaryId, boolean onExit) {
    Nodes nodes = op.nodes();
    NodeStatus node = nodes.byName(sgName);
    if (Phase.fulfilled(node.getPhase())) {
      return node;
    }
    List<WorkflowStep> steps;
    try {
      steps = expand(sgName, resolve(group, scope), scope, boundaryId);
    } catch (ExpressionException | NodeException e) {
      return nodes.markPhase(sgName, Phase.ERROR, e.getMessage());
    }
    Map<String, WorkflowStep> byChild = new LinkedHashMap<>();
    for (WorkflowStep step : steps) {
      String childName = sgName + "." + step.getName();
      boolean proceed;
      try {
        proceed = loops.shouldExecute(step.getWhen());
      } catch (ExpressionException e) {
        if (nodes.byName(childName) == null) {
          nodes.init(
              childName,
              NodeType.SKIPPED,
              step.getTemplate(),
              boundaryId,
              Phase.ERROR,
              null,
              e.getMessage());
        }
        nodes.addChild(sgName, childName);
        nodes.markPhase(childName, Phase.ERROR, e.getMessage());
        return nodes.markPhase(sgName, Phase.ERROR, e.getMessage());
      }
      if (!proceed) {
        if (nodes.byName(childName) == null) {
          nodes.init(
              childName,
              NodeType.SKIPPED,
              step.getTemplate(),
              boundaryId,
              Phase.SKIPPED,
              null,
              "when '" + step.getWhen() + "' evaluated false");
          nodes.addChild(sgName, childName);
        }
        continue;
      }
      NodeStatus child;
      try {
        child =
            op.executor()
                .execute(
                    childName,
                    TemplateReference.of(step),
                    step.getArguments() == null ? new Arguments() : step.getArguments(),
                    new ExecOpts(boundaryId, onExit, null));
      } catch (NodeException e) {
        switch (e.kind()) {
          case DEADLINE_EXCEEDED:
            return node;
          case PARALLELISM_REACHED:
          case MAX_DEPTH:
            child = nodes.byName(childName);
            break;
          case TIMEOUT:
            return nodes.markPhase(sgName, Phase.FAILED, e.getMessage());
          default:
            if (nodes.byName(childName) != null) {
              nodes.addChild(sgName, childName);
            }
            return nodes.markPhase(
                sgName,
                Phase.ERROR,
                "step group deemed errored due to child "
                    + childName
                    + " error: "
                    + e.getMessage());
        }
      }
      if (child != null) {
        byChild.put(childName, step);
        nodes.addChild(sgName, childName);
      }
    }
    node = nodes.byName(sgName);
    boolean completed = true;
    List<String> children =
        node.getChildren() == null ? List.of() : new ArrayList<>(node.getChildren());
    for (String childId : children) {
      NodeStatus child = nodes.byId(childId);
      if (child == null) {
        continue;
      }
      WorkflowStep step = byChild.get(child.getName());
      scope.put("steps." + child.getDisplayName() + ".status", child.getPhase());
      if (!Phase.fulfilled(child.getPhase())) {
        completed = false;
      } else if (Phase.completed(child.getPhase()) && step != null) {
        try {
          ExitHooks.Result hook =
              exitHooks.run(
                  ExitHooks.hook(step.getOnExit(), step.getHooks(), op.spec().getArguments()),
                  child,
                  boundaryId,
                  "steps." + step.getName(),
                  scope);
          if (hook.blocking()) {
            completed = false;
          }
        } catch (NodeException | ExpressionException e) {
          completed = false;
        }
      }
    }
    if (!completed) {
      return node;
    }
    for (String childId : children) {
      NodeStatus child = nodes.byId(childId);
      if (child == null) {
        continue;
      }
      WorkflowStep step = byChild.get(child.getName());
      if (Phase.failedOrError(child.getPhase())
          && !continuesOn(step == null ? null : step.getContinueOn(), child.getPhase())) {
        return nodes.markPhase(sgName, Phase.FAILED, "child '" + childId + "' failed");
      }
    }
    return nodes.markPhase(sgName, Phase.SUCCEEDED);
  }

  /** Argo's {@code ContinuesOn}. */
  public static boolean continuesOn(ContinueOn on, String phase) {
    if (on == null) {
      return false;
    }
    return (Phase.ERROR.equals(phase) && Boolean.TRUE.equals(on.getError()))
        || (Phase.FAILED.equals(phase) && Boolean.TRUE.equals(on.getFailed()));
  }

  private List<WorkflowStep> resolve(List<WorkflowStep> group, Scope scope) {
    Map<String, String> vars = new HashMap<>(op.globals());
    vars.putAll(scope.values());
    List<WorkflowStep> out = new ArrayList<>();
    for (WorkflowStep step : group) {
      WorkflowStep resolved = op.substitution().apply(step, vars, true);
      try {
        loops.shouldExecute(resolved.getWhen());
      } catch (ExpressionException e) {
        if (!expands(resolved)) {
          throw e;
        }
      }
      out.add(resolved);
    }
    return out;
  }

  private static boolean expands(WorkflowStep s) {
    return (s.getWithItems() != null && !s.getWithItems().isEmpty())
        || (s.getWithParam() != null && !s.getWithParam().isEmpty())
        || s.getWithSequence() != null;
  }

  private List<WorkflowStep> expand(
      String sgName, List<WorkflowStep> group, Scope scope, String boundaryId) {
    Nodes nodes = op.nodes();
    List<WorkflowStep> out = new ArrayList<>();
    for (WorkflowStep step : group) {
      if (!expands(step)) {
        out.add(step);
        continue;
      }
      WorkflowStep plain = Codec.copy(step);
      plain.setWithItems(null);
      plain.setWithParam(null);
      plain.setWithSequence(null);
      List<WorkflowStep> expanded =
          loops.expand(
              step.getWithItems(),
              step.getWithParam(),
              step.getWithSequence(),
              step.getName(),
              step.getWhen(),
              (it, allowUnresolved) -> {
                // Argo's processItem: the item over the globals and the steps' scope.
                Map<String, String> vars = new HashMap<>(op.globals());
                vars.putAll(scope.values());
                vars.putAll(it.vars());
                WorkflowStep s = op.substitution().apply(plain, vars, allowUnresolved);
                s.setName(it.name());
                s.setTemplate(step.getTemplate());
                return s;
              });
      if (expanded.isEmpty()) {
        String childName = sgName + "." + step.getName();
        if (nodes.byName(childName) == null) {
          nodes.init(
              childName,
              NodeType.SKIPPED,
              step.getTemplate(),
              boundaryId,
              Phase.SKIPPED,
              null,
              "Skipped, empty params");
          nodes.addChild(sgName, childName);
        }
      }
      out.addAll(expanded);
    }
    return out;
  }
}
