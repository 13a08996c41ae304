package dev.hubflow.core.engine.dag;

import dev.hubflow.core.engine.expr.Depends;
import dev.hubflow.core.engine.expr.ExpressionException;
import dev.hubflow.core.engine.expr.TaskResults;
import dev.hubflow.core.engine.params.Scope;
import dev.hubflow.core.engine.params.TemplateArgs;
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
import dev.hubflow.model.v1alpha1.DAGTask;
import dev.hubflow.model.v1alpha1.NodeStatus;
import dev.hubflow.model.v1alpha1.Parameter;
import dev.hubflow.model.v1alpha1.Template;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/** Argo's {@code executeDAG}: tasks run as soon as what they depend on allows. */
public final class DagExecutor {
  private final Operation op;
  private final OutputFlow outputs;
  private final ExitHooks exitHooks;
  private final LoopExpansion loops;

  public DagExecutor(Operation op) {
    this.op = op;
    this.outputs = new OutputFlow(op);
    this.exitHooks = new ExitHooks(op);
    this.loops = new LoopExpansion(op);
  }

  /** One DAG node's evaluation (Argo's {@code dagContext}). */
  private final class Context {
    final String boundaryName;
    final String boundaryId;
    final DagGraph graph;
    final Template tmpl;
    final boolean onExit;
    final Set<String> visited = new HashSet<>();

    Context(String boundaryName, String boundaryId, Template tmpl, boolean onExit) {
      this.boundaryName = boundaryName;
      this.boundaryId = boundaryId;
      this.graph =
          new DagGraph(tmpl.getDag().getTasks() == null ? List.of() : tmpl.getDag().getTasks());
      this.tmpl = tmpl;
      this.onExit = onExit;
    }

    String taskNodeName(String task) {
      return boundaryName + "." + task;
    }

    NodeStatus node(String task) {
      return op.nodes().byName(taskNodeName(task));
    }
  }

  public void execute(String nodeName, TemplateReference ref, Template tmpl, ExecOpts opts) {
    Nodes nodes = op.nodes();
    NodeStatus node = nodes.byName(nodeName);
    if (node == null) {
      node =
          op.executor()
              .initExecutable(
                  nodeName,
                  NodeType.DAG,
                  tmpl,
                  ref,
                  opts.boundaryId(),
                  Phase.RUNNING,
                  opts.flag(),
                  null);
    }
    Context ctx = new Context(nodeName, node.getId(), tmpl, opts.onExit());
    String cycle = ctx.graph.cycle();
    if (cycle != null) {
      throw NodeException.other("dependency cycle detected: " + cycle);
    }
    String target = tmpl.getDag().getTarget();
    List<String> targets =
        target == null || target.isEmpty()
            ? ctx.graph.leaves()
            : new ArrayList<>(Arrays.asList(target.trim().split(" ")));
    boolean onExitCompleted = true;
    for (String taskName : targets) {
      executeTask(ctx, taskName);
      NodeStatus taskNode = ctx.node(taskName);
      // Only an exit hook reads the scope: building it walks every ancestor of the task.
      if (taskNode != null && hasExitHook(ctx.graph.task(taskName))) {
        DAGTask task = ctx.graph.task(taskName);
        Scope scope = scopeFor(ctx, task);
        scope.put("tasks." + task.getName() + ".status", taskNode.getPhase());
        if (Phase.completed(taskNode.getPhase())) {
          ExitHooks.Result hook = runExitHook(task, taskNode, ctx, scope);
          if (hook.blocking()) {
            onExitCompleted = false;
          }
        }
      }
    }
    String phase = assess(ctx, targets, op.shuttingDown() && onExitCompleted);
    if (Phase.RUNNING.equals(phase)) {
      return;
    }
    if (Phase.failedOrError(phase)) {
      updateOutbound(ctx, targets, nodeName);
      nodes.markPhase(nodeName, phase);
      return;
    }
    Scope scope = new Scope();
    for (DAGTask task : ctx.graph.tasks()) {
      NodeStatus taskNode = ctx.node(task.getName());
      if (taskNode == null) {
        continue;
      }
      String prefix = "tasks." + task.getName();
      if (NodeType.TASK_GROUP.equals(taskNode.getType())) {
        List<NodeStatus> children = new ArrayList<>();
        if (taskNode.getChildren() != null) {
          for (String id : taskNode.getChildren()) {
            NodeStatus child = nodes.byId(id);
            if (child != null) {
              children.add(child);
            }
          }
        }
        outputs.addAggregate(scope, prefix, children);
      }
      outputs.addNode(scope, prefix, taskNode);
      outputs.addToGlobal(taskNode.getOutputs());
    }
    dev.hubflow.model.v1alpha1.Outputs own = outputs.fromScope(tmpl, scope);
    if (own != null) {
      nodes.byName(nodeName).setOutputs(own);
    }
    updateOutbound(ctx, targets, nodeName);
    nodes.markPhase(nodeName, Phase.SUCCEEDED);
  }

  /** Whether {@link ExitHooks#hook} finds a hook for the task (else running it does nothing). */
  private static boolean hasExitHook(DAGTask task) {
    return (task.getOnExit() != null && !task.getOnExit().isEmpty())
        || (task.getHooks() != null && task.getHooks().get("exit") != null);
  }

  private ExitHooks.Result runExitHook(DAGTask task, NodeStatus node, Context ctx, Scope scope) {
    try {
      return exitHooks.run(
          ExitHooks.hook(task.getOnExit(), task.getHooks(), op.spec().getArguments()),
          node,
          ctx.boundaryId,
          "tasks." + task.getName(),
          scope);
    } catch (NodeException | ExpressionException e) {
      return new ExitHooks.Result(true, null);
    }
  }

  private void updateOutbound(Context ctx, List<String> targets, String nodeName) {
    List<String> outbound = new ArrayList<>();
    for (String t : targets) {
      NodeStatus n = ctx.node(t);
      if (n != null) {
        outbound.addAll(Outbound.of(op.nodes(), n.getId()));
      }
    }
    op.nodes().byName(nodeName).setOutboundNodes(outbound.isEmpty() ? null : outbound);
  }

  /** Argo's {@code assessDAGPhase}: follows each branch from the DAG's roots to its targets. */
  private String assess(Context ctx, List<String> targets, boolean shutdown) {
    if (shutdown) {
      return Phase.FAILED;
    }
    Nodes nodes = op.nodes();
    Map<String, String> targetPhases = new HashMap<>();
    for (String t : targets) {
      targetPhases.put(nodes.id(ctx.taskNodeName(t)), "");
    }
    NodeStatus boundary = nodes.byId(ctx.boundaryId);
    List<String[]> queue = new ArrayList<>();
    Set<String> seen = new HashSet<>();
    addAll(queue, seen, boundary.getChildren(), Phase.SUCCEEDED);
    int head = 0;
    while (head < queue.size()) {
      String[] curr = queue.get(head++);
      NodeStatus node = nodes.byId(curr[0]);
      if (node == null || !Phase.fulfilled(node.getPhase())) {
        return Phase.RUNNING;
      }
      String branch = curr[1];
      if (Phase.completed(node.getPhase())) {
        branch = node.getPhase();
      }
      if (targetPhases.containsKey(node.getId())) {
        String previous = targetPhases.get(node.getId());
        if (!Phase.failedOrError(previous)) {
          targetPhases.put(node.getId(), branch);
        }
      }
      if (NodeType.RETRY.equals(node.getType())) {
        addAll(queue, seen, retryChildren(node), branch);
      } else {
        addAll(queue, seen, node.getChildren(), branch);
      }
    }
    Boolean ff = ctx.tmpl.getDag().getFailFast();
    boolean failFast = ff == null || ff;
    String result = Phase.SUCCEEDED;
    for (String t : targets) {
      String branch = targetPhases.get(nodes.id(ctx.taskNodeName(t)));
      if (branch == null || branch.isEmpty()) {
        result = Phase.RUNNING;
        if (!failFast) {
          break;
        }
      } else if (Phase.failedOrError(branch)) {
        if (ctx.graph.has(t)
            && dev.hubflow.core.engine.steps.StepsExecutor.continuesOn(
                ctx.graph.task(t).getContinueOn(), branch)) {
          continue;
        }
        result = branch;
        if (failFast) {
          break;
        }
      }
    }
    return result;
  }

  // Argo's getRetryNodeChildrenIds: hooks of each attempt, else the attempt's own children.
  private List<String> retryChildren(NodeStatus node) {
    List<String> ids = new ArrayList<>();
    if (node.getChildren() == null) {
      return ids;
    }
    for (int i = node.getChildren().size() - 1; i >= 0; i--) {
      NodeStatus child = op.nodes().byId(node.getChildren().get(i));
      if (child == null) {
        continue;
      }
      if (Nodes.hooked(child)) {
        ids.add(child.getId());
      } else if (child.getChildren() != null && !child.getChildren().isEmpty()) {
        ids.addAll(child.getChildren());
      }
    }
    return ids;
  }

  private static void addAll(
      List<String[]> queue, Set<String> seen, List<String> ids, String phase) {
    if (ids == null) {
      return;
    }
    for (String id : ids) {
      if (seen.add(id + "-" + phase)) {
        queue.add(new String[] {id, phase});
      }
    }
  }

  private void executeTask(Context ctx, String taskName) {
    if (!ctx.visited.add(taskName)) {
      return;
    }
    Nodes nodes = op.nodes();
    NodeStatus node = ctx.node(taskName);
    DAGTask task = ctx.graph.task(taskName);
    if (node != null && Phase.fulfilled(node.getPhase())) {
      if (Phase.completed(node.getPhase()) && hasExitHook(task)) {
        Scope scope = scopeFor(ctx, task);
        scope.put("tasks." + task.getName() + ".status", node.getPhase());
        runExitHook(task, node, ctx, scope);
      }
      return;
    }
    String nodeName = ctx.taskNodeName(taskName);
    List<String> deps = ctx.graph.dependencies(taskName);
    NodeStatus group = nodes.byName(nodeName);
    if (group != null && !NodeType.TASK_GROUP.equals(group.getType())) {
      group = null;
    }
    final NodeStatus groupNode = group;
    java.util.function.Consumer<String> connect =
        taskNodeName -> {
          if (deps.isEmpty() || groupNode != null) {
            nodes.addChild(
                groupNode == null ? ctx.boundaryName : groupNode.getName(), taskNodeName);
          } else {
            for (String dep : deps) {
              NodeStatus depNode = ctx.node(dep);
              if (depNode == null) {
                continue;
              }
              for (String out : Outbound.of(nodes, depNode.getId())) {
                NodeStatus outNode = nodes.byId(out);
                if (outNode != null) {
                  nodes.addChild(outNode.getName(), taskNodeName);
                }
              }
            }
          }
        };
    if (!ctx.graph.logic(taskName).isEmpty()) {
      for (String dep : deps) {
        executeTask(ctx, dep);
      }
      Boolean execute;
      try {
        execute = evaluateDepends(ctx, taskName);
      } catch (ExpressionException | NodeException e) {
        nodes.init(
            nodeName,
            NodeType.SKIPPED,
            task.getTemplate(),
            ctx.boundaryId,
            Phase.ERROR,
            null,
            e.getMessage());
        connect.accept(nodeName);
        return;
      }
      if (execute == null) {
        return;
      }
      if (!execute) {
        nodes.init(
            nodeName,
            NodeType.SKIPPED,
            task.getTemplate(),
            ctx.boundaryId,
            Phase.OMITTED,
            null,
            "omitted: depends condition not met");
        connect.accept(nodeName);
        return;
      }
    }
    List<DAGTask> expanded;
    try {
      DAGTask resolved = resolveReferences(ctx, task);
      expanded = expand(ctx, resolved);
    } catch (ExpressionException | NodeException e) {
      nodes.init(
          nodeName,
          NodeType.SKIPPED,
          task.getTemplate(),
          ctx.boundaryId,
          Phase.ERROR,
          null,
          e.getMessage());
      connect.accept(nodeName);
      return;
    }
    NodeStatus taskGroup = groupNode;
    if (expands(task)) {
      if (expanded.isEmpty()) {
        nodes.init(
            nodeName,
            NodeType.SKIPPED,
            task.getTemplate(),
            ctx.boundaryId,
            Phase.SKIPPED,
            null,
            "Skipped, empty params");
        connect.accept(nodeName);
      } else if (taskGroup == null) {
        connect.accept(nodeName);
        taskGroup =
            nodes.init(
                nodeName,
                NodeType.TASK_GROUP,
                task.getTemplate(),
                ctx.boundaryId,
                Phase.RUNNING,
                null,
                null);
      }
    }
    final NodeStatus finalGroup = taskGroup;
    java.util.function.Consumer<String> connectChild =
        finalGroup == null ? connect : name -> nodes.addChild(finalGroup.getName(), name);
    for (DAGTask t : expanded) {
      String taskNodeName = ctx.taskNodeName(t.getName());
      NodeStatus child = ctx.node(t.getName());
      if (child == null) {
        connectChild.accept(taskNodeName);
        boolean proceed;
        try {
          proceed = loops.shouldExecute(t.getWhen());
        } catch (ExpressionException e) {
          nodes.init(
              taskNodeName,
              NodeType.SKIPPED,
              task.getTemplate(),
              ctx.boundaryId,
              Phase.ERROR,
              null,
              e.getMessage());
          continue;
        }
        if (!proceed) {
          nodes.init(
              taskNodeName,
              NodeType.SKIPPED,
              task.getTemplate(),
              ctx.boundaryId,
              Phase.SKIPPED,
              null,
              "when '" + t.getWhen() + "' evaluated false");
          continue;
        }
      }
      try {
        child =
            op.executor()
                .execute(
                    taskNodeName,
                    TemplateReference.of(t),
                    t.getArguments() == null ? new Arguments() : t.getArguments(),
                    new ExecOpts(ctx.boundaryId, ctx.onExit, null));
      } catch (NodeException e) {
        switch (e.kind()) {
          case DEADLINE_EXCEEDED:
            return;
          case PARALLELISM_REACHED:
          case MAX_DEPTH:
            child = nodes.byName(taskNodeName);
            break;
          case TIMEOUT:
            nodes.markPhase(taskNodeName, Phase.FAILED, e.getMessage());
            return;
          default:
            String message = "task '" + taskNodeName + "' errored: " + e.getMessage();
            if (nodes.byName(taskNodeName) != null) {
              nodes.markPhase(taskNodeName, Phase.ERROR, message);
            }
            return;
        }
      }
      if (child == null) {
        return;
      }
      if (Phase.completed(child.getPhase()) && hasExitHook(task)) {
        Scope scope = scopeFor(ctx, task);
        scope.put("tasks." + task.getName() + ".status", child.getPhase());
        if (runExitHook(task, child, ctx, scope).blocking()) {
          return;
        }
      }
    }
    if (taskGroup != null) {
      String groupPhase = Phase.SUCCEEDED;
      for (DAGTask t : expanded) {
        NodeStatus n = ctx.node(t.getName());
        if (n == null || !Phase.fulfilled(n.getPhase())) {
          return;
        }
        if (Phase.failedOrError(n.getPhase())) {
          groupPhase = n.getPhase();
        }
      }
      nodes.markPhase(taskGroup.getName(), groupPhase);
    }
  }

  /** Argo's {@code evaluateDependsLogic}: null while a dependency is still running. */
  private Boolean evaluateDepends(Context ctx, String taskName) {
    if (ctx.node(taskName) != null) {
      return true;
    }
    Map<String, TaskResults> results = new HashMap<>();
    for (String dep : ctx.graph.dependencies(taskName)) {
      NodeStatus depNode = ctx.node(dep);
      if (depNode == null || !Phase.fulfilled(depNode.getPhase()) || !hooksFulfilled(depNode)) {
        return null;
      }
      boolean anySucceeded = false;
      boolean allFailed = false;
      if (NodeType.TASK_GROUP.equals(depNode.getType())) {
        List<String> children = depNode.getChildren() == null ? List.of() : depNode.getChildren();
        allFailed = !children.isEmpty();
        for (String id : children) {
          NodeStatus c = op.nodes().byId(id);
          if (c == null) {
            allFailed = false;
            continue;
          }
          anySucceeded = anySucceeded || Phase.SUCCEEDED.equals(c.getPhase());
          allFailed = allFailed && Phase.FAILED.equals(c.getPhase());
        }
      }
      results.put(
          dep, TaskResults.ofPhase(depNode.getPhase(), false).withGroup(anySucceeded, allFailed));
    }
    String depends = dependsText(ctx.graph.task(taskName));
    return Depends.evaluate(depends, results::get, ctx.graph::continueOn);
  }

  private static String dependsText(DAGTask task) {
    if (task.getDepends() != null && !task.getDepends().isEmpty()) {
      return task.getDepends();
    }
    return String.join(" && ", task.getDependencies() == null ? List.of() : task.getDependencies());
  }

  private boolean hooksFulfilled(NodeStatus node) {
    if (node.getChildren() == null) {
      return true;
    }
    for (String id : node.getChildren()) {
      NodeStatus n = op.nodes().byId(id);
      if (n != null && Nodes.hooked(n) && !Phase.fulfilled(n.getPhase())) {
        return false;
      }
    }
    return true;
  }

  /** Argo's {@code buildLocalScopeFromTask}: what a task can see of the tasks before it. */
  private Scope scopeFor(Context ctx, DAGTask task) {
    Scope scope = Scope.of(ctx.tmpl);
    outputs.addOutputs(scope, "workflow", op.workflow().getStatus().getOutputs());
    for (String ancestor : ctx.graph.ancestry(task.getName())) {
      NodeStatus node = ctx.node(ancestor);
      if (node == null) {
        throw NodeException.other("Ancestor task node " + ancestor + " not found");
      }
      String prefix = "tasks." + ancestor;
      if (NodeType.TASK_GROUP.equals(node.getType())) {
        List<NodeStatus> loop = new ArrayList<>();
        for (NodeStatus n : op.nodes().all()) {
          if (ctx.boundaryId.equals(n.getBoundaryID())
              && n.getName().startsWith(node.getName() + "(")) {
            loop.add(n);
          }
        }
        outputs.addAggregate(scope, prefix, loop);
      } else {
        outputs.addNode(scope, prefix, node);
        addSkippedOutputs(scope, prefix, node, ctx.graph.task(ancestor));
      }
    }
    return scope;
  }

  /**
   * Arguments that are one reference to an absent optional give way to the input's default (Argo's
   * {@code markAbsentOptionalArguments}).
   */
  private static DAGTask markAbsentOptionals(DAGTask task, Scope scope) {
    if (task.getArguments() == null || task.getArguments().getParameters() == null) {
      return task;
    }
    DAGTask copy = null;
    List<Parameter> params = task.getArguments().getParameters();
    for (int i = 0; i < params.size(); i++) {
      if (scope.absentOptionalRef(params.get(i).getValue())) {
        if (copy == null) {
          copy = Codec.copy(task);
        }
        copy.getArguments().getParameters().get(i).setValue(TemplateArgs.ABSENT_OPTIONAL);
      }
    }
    return copy == null ? task : copy;
  }

  /**
   * A skipped or omitted task produced nothing: its declared output parameters read as their {@code
   * valueFrom.default}, or as absent (null) when there is none, so a reference to them fails
   * instead of passing the tag on as text.
   */
  private void addSkippedOutputs(Scope scope, String prefix, NodeStatus node, DAGTask task) {
    if (node.getOutputs() != null
        || task == null
        || !(Phase.SKIPPED.equals(node.getPhase()) || Phase.OMITTED.equals(node.getPhase()))) {
      return;
    }
    Template tmpl = task.getInline() != null ? task.getInline() : op.template(task.getTemplate());
    if (tmpl == null || tmpl.getOutputs() == null || tmpl.getOutputs().getParameters() == null) {
      return;
    }
    for (Parameter p : tmpl.getOutputs().getParameters()) {
      String key = prefix + ".outputs.parameters." + p.getName();
      if (scope.values().containsKey(key)) {
        continue;
      }
      String fallback =
          p.getValueFrom() == null || p.getValueFrom().getDefault_() == null
              ? null
              : p.getValueFrom().getDefault_();
      scope.put(key, fallback);
    }
  }

  private DAGTask resolveReferences(Context ctx, DAGTask task) {
    DAGTask resolved;
    if (!dev.hubflow.core.engine.params.Json.plain(task).contains("{{")) {
      // Nothing refers to the scope (no placeholder, so no absent optional either): skip
      // building it from every ancestor, which a big DAG's running tasks paid each reconcile.
      resolved = Codec.copy(task);
    } else {
      Scope scope = scopeFor(ctx, task);
      Map<String, String> vars = new HashMap<>(op.globals());
      vars.putAll(scope.values());
      resolved = op.substitution().apply(markAbsentOptionals(task, scope), vars, true);
    }
    try {
      loops.shouldExecute(resolved.getWhen());
    } catch (ExpressionException e) {
      if (!expands(resolved)) {
        throw e;
      }
    }
    return resolved;
  }

  private static boolean expands(DAGTask t) {
    return (t.getWithItems() != null && !t.getWithItems().isEmpty())
        || (t.getWithParam() != null && !t.getWithParam().isEmpty())
        || t.getWithSequence() != null;
  }

  private List<DAGTask> expand(Context ctx, DAGTask task) {
    if (!expands(task)) {
      return List.of(task);
    }
    DAGTask plain = Codec.copy(task);
    plain.setWithItems(null);
    plain.setWithParam(null);
    plain.setWithSequence(null);
    return loops.expand(
        task.getWithItems(),
        task.getWithParam(),
        task.getWithSequence(),
        task.getName(),
        task.getWhen(),
        (it, allowUnresolved) -> {
          // Argo's processItem: the item over the globals and the task's scope.
          Map<String, String> vars = new HashMap<>(op.globals());
          vars.putAll(scopeFor(ctx, task).values());
          vars.putAll(it.vars());
          DAGTask t = op.substitution().apply(plain, vars, allowUnresolved);
          t.setName(it.name());
          t.setTemplate(task.getTemplate());
          return t;
        });
  }
}
