package dev.hubflow.core.engine.run;

import dev.hubflow.core.engine.params.Scope;
import dev.hubflow.model.Codec;
import dev.hubflow.model.v1alpha1.Arguments;
import dev.hubflow.model.v1alpha1.LifecycleHook;
import dev.hubflow.model.v1alpha1.NodeFlag;
import dev.hubflow.model.v1alpha1.NodeStatus;
import dev.hubflow.model.v1alpha1.Parameter;
import java.util.HashMap;
import java.util.Map;

/** Argo's {@code runOnExitNode}: the {@code onExit} template of a step or task. */
public final class ExitHooks {
  private final Operation op;

  /** Whether there was a hook to run, and the node it made (null when it could not start). */
  public record Result(boolean hasHook, NodeStatus node) {
    public boolean blocking() {
      return hasHook
          && (node == null || !dev.hubflow.core.engine.status.Phase.fulfilled(node.getPhase()));
    }
  }

  public ExitHooks(Operation op) {
    this.op = op;
  }

  /** The exit hook of a step or task: {@code onExit}, or {@code hooks.exit}. */
  public static LifecycleHook hook(
      String onExit, Map<String, LifecycleHook> hooks, Arguments wfArgs) {
    if (onExit != null && !onExit.isEmpty()) {
      return new LifecycleHook().template(onExit).arguments(Codec.copy(wfArgs));
    }
    if (hooks != null && hooks.get("exit") != null) {
      LifecycleHook exit = Codec.copy(hooks.get("exit"));
      Arguments a = exit.getArguments();
      if (a == null
          || ((a.getParameters() == null || a.getParameters().isEmpty())
              && (a.getArtifacts() == null || a.getArtifacts().isEmpty()))) {
        exit.setArguments(Codec.copy(wfArgs));
      }
      return exit;
    }
    return null;
  }

  public Result run(
      LifecycleHook hook, NodeStatus parent, String boundaryId, String prefix, Scope scope) {
    if (hook == null || !op.shouldExecute(true)) {
      return new Result(false, null);
    }
    dev.hubflow.model.v1alpha1.Outputs outputs = parent.getOutputs();
    NodeStatus last = new OutputFlow(op).lastRetryChild(parent);
    if (last != null) {
      outputs = last.getOutputs();
    }
    Map<String, String> vars = new HashMap<>(op.globals());
    if (scope != null) {
      vars.putAll(scope.values());
    }
    if (hook.getExpression() != null && !hook.getExpression().isEmpty()) {
      boolean execute =
          op.config().expressions().evaluateBoolean(hook.getExpression(), new HashMap<>(vars));
      if (!execute) {
        return new Result(false, null);
      }
    }
    String nodeName = parent.getName() + ".onExit";
    Arguments args = hook.getArguments();
    if (args != null && args.getParameters() != null && !args.getParameters().isEmpty()) {
      if (outputs != null && outputs.getParameters() != null) {
        for (Parameter p : outputs.getParameters()) {
          vars.put(
              prefix + ".outputs.parameters." + p.getName(),
              p.getValue() == null ? "" : p.getValue());
        }
      }
      args = op.substitution().apply(args, vars, true);
    }
    NodeStatus node;
    try {
      node =
          op.executor()
              .execute(
                  nodeName,
                  new TemplateReference(
                      "other", null, hook.getTemplate(), null, hook.getTemplateRef()),
                  args == null ? new Arguments() : args,
                  new ExecOpts(boundaryId, true, new NodeFlag().hooked(true)));
    } finally {
      if (op.nodes().byName(nodeName) != null) {
        op.nodes().addChild(parent.getName(), nodeName);
      }
    }
    return new Result(true, node);
  }
}
