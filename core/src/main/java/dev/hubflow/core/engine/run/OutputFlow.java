package dev.hubflow.core.engine.run;

import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import com.google.gson.JsonPrimitive;
import dev.hubflow.core.engine.expr.ExpressionException;
import dev.hubflow.core.engine.params.Scope;
import dev.hubflow.core.engine.status.NodeType;
import dev.hubflow.core.engine.status.Nodes;
import dev.hubflow.core.engine.status.Phase;
import dev.hubflow.model.v1alpha1.NodeStatus;
import dev.hubflow.model.v1alpha1.Parameter;
import dev.hubflow.model.v1alpha1.Template;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * How outputs flow (Argo's {@code buildLocalScope}, {@code processAggregateNodeOutputs}, {@code
 * getTemplateOutputsFromScope}, {@code addParamToGlobalScope}).
 */
public final class OutputFlow {
  private final Operation op;

  public OutputFlow(Operation op) {
    this.op = op;
  }

  /** Puts a child's id, times, status and outputs under {@code prefix} (e.g. steps.a). */
  public void addNode(Scope scope, String prefix, NodeStatus node) {
    NodeStatus last = lastRetryChild(node);
    if (last != null) {
      node = last;
    }
    if (node.getId() != null) {
      scope.put(prefix + ".id", node.getId());
    }
    if (node.getStartedAt() != null) {
      scope.put(prefix + ".startedAt", node.getStartedAt().format(DateTimeFormatter.ISO_INSTANT));
    }
    if (node.getFinishedAt() != null) {
      scope.put(prefix + ".finishedAt", node.getFinishedAt().format(DateTimeFormatter.ISO_INSTANT));
    }
    if (node.getPodIP() != null) {
      scope.put(prefix + ".ip", node.getPodIP());
    }
    if (node.getPhase() != null) {
      scope.put(prefix + ".status", node.getPhase());
    }
    if (node.getHostNodeName() != null) {
      scope.put(prefix + ".hostNodeName", node.getHostNodeName());
    }
    addOutputs(scope, prefix, node.getOutputs());
  }

  public void addOutputs(Scope scope, String prefix, dev.hubflow.model.v1alpha1.Outputs outputs) {
    if (outputs == null) {
      return;
    }
    if (!prefix.equals("workflow") && outputs.getResult() != null) {
      scope.put(prefix + ".outputs.result", outputs.getResult());
    }
    if (!prefix.equals("workflow") && outputs.getExitCode() != null) {
      scope.put(prefix + ".exitCode", outputs.getExitCode());
    }
    if (outputs.getParameters() != null) {
      for (Parameter p : outputs.getParameters()) {
        if (p.getValue() != null) {
          scope.put(prefix + ".outputs.parameters." + p.getName(), p.getValue());
        }
      }
    }
  }

  /** The last attempt of a Retry node, whose outputs stand for it. */
  public NodeStatus lastRetryChild(NodeStatus node) {
    if (NodeType.RETRY.equals(node.getType())
        && node.getChildren() != null
        && !node.getChildren().isEmpty()) {
      return op.nodes().byId(node.getChildren().get(node.getChildren().size() - 1));
    }
    return null;
  }

  /** Outputs of a loop: lists of results and parameters, in iteration order. */
  public void addAggregate(Scope scope, String prefix, List<NodeStatus> children) {
    List<NodeStatus> nodes = new ArrayList<>();
    for (NodeStatus n : children) {
      if (!Nodes.hooked(n)) {
        nodes.add(n);
      }
    }
    if (nodes.isEmpty()) {
      return;
    }
    nodes.sort(Comparator.comparingInt(n -> loopIndex(n.getDisplayName())));
    JsonArray paramList = new JsonArray();
    Map<String, JsonArray> valueLists = new LinkedHashMap<>();
    JsonArray results = new JsonArray();
    for (NodeStatus node : nodes) {
      if (node.getOutputs() == null
          || !Phase.SUCCEEDED.equals(node.getPhase())
          || NodeType.RETRY.equals(node.getType())) {
        continue;
      }
      List<Parameter> params = node.getOutputs().getParameters();
      if (params != null && !params.isEmpty()) {
        JsonObject map = new JsonObject();
        for (Parameter p : params) {
          String v = p.getValue() == null ? "" : p.getValue();
          map.addProperty(p.getName(), v);
          valueLists.computeIfAbsent(p.getName(), k -> new JsonArray()).add(v);
        }
        paramList.add(sorted(map));
      }
      if (node.getOutputs().getResult() != null) {
        results.add(item(node.getOutputs().getResult()));
      }
    }
    scope.put(prefix + ".outputs.result", results.toString());
    scope.put(prefix + ".outputs.parameters", paramList.toString());
    valueLists.forEach((k, v) -> scope.put(prefix + ".outputs.parameters." + k, v.toString()));
  }

  // Argo unmarshals each result as an Item: JSON when it parses, else a string.
  private static JsonElement item(String result) {
    try {
      JsonElement e = JsonParser.parseString(result);
      if (e.isJsonObject() || e.isJsonArray() || e.isJsonPrimitive()) {
        if (e.isJsonPrimitive()
            && e.getAsJsonPrimitive().isString()
            && !result.trim().startsWith("\"")) {
          return new JsonPrimitive(result);
        }
        return e;
      }
    } catch (RuntimeException ignored) {
      // not JSON
    }
    return new JsonPrimitive(result);
  }

  private static JsonObject sorted(JsonObject o) {
    JsonObject out = new JsonObject();
    o.keySet().stream().sorted().forEach(k -> out.add(k, o.get(k)));
    return out;
  }

  static int loopIndex(String displayName) {
    int open = displayName == null ? -1 : displayName.indexOf('(');
    if (open < 0) {
      return 0;
    }
    String rest = displayName.substring(open + 1);
    int colon = rest.indexOf(':');
    try {
      return Integer.parseInt(colon < 0 ? rest.replace(")", "") : rest.substring(0, colon));
    } catch (NumberFormatException e) {
      return 0;
    }
  }

  /** A steps/DAG template's own outputs, taken from its scope. */
  public dev.hubflow.model.v1alpha1.Outputs fromScope(Template tmpl, Scope scope) {
    var declared = tmpl.getOutputs();
    if (declared == null
        || ((declared.getParameters() == null || declared.getParameters().isEmpty())
            && (declared.getArtifacts() == null || declared.getArtifacts().isEmpty())
            && declared.getResult() == null
            && declared.getExitCode() == null)) {
      return null;
    }
    var out = new dev.hubflow.model.v1alpha1.Outputs();
    if (declared.getParameters() != null && !declared.getParameters().isEmpty()) {
      out.setParameters(new ArrayList<>());
      for (Parameter p : declared.getParameters()) {
        if (p.getValueFrom() == null) {
          throw NodeException.other("output parameters must have a valueFrom specified");
        }
        String value;
        try {
          value = scope.resolve(p.getValueFrom(), op.globals(), op.config().expressions());
        } catch (ExpressionException e) {
          if (p.getValueFrom().getDefault_() != null) {
            value = p.getValueFrom().getDefault_();
          } else {
            throw NodeException.other(e.getMessage());
          }
        }
        Parameter resolved = dev.hubflow.model.Codec.copy(p);
        resolved.setValue(value);
        resolved.setValueFrom(null);
        out.getParameters().add(resolved);
      }
    }
    return out;
  }

  /** Argo's {@code addOutputsToGlobalScope}: parameters with a {@code globalName}. */
  public void addToGlobal(dev.hubflow.model.v1alpha1.Outputs outputs) {
    if (outputs == null || outputs.getParameters() == null) {
      return;
    }
    for (Parameter p : outputs.getParameters()) {
      if (p.getGlobalName() == null || p.getGlobalName().isEmpty()) {
        continue;
      }
      if (p.getValue() != null) {
        op.globals().put("workflow.outputs.parameters." + p.getGlobalName(), p.getValue());
      }
      var status = op.workflow().getStatus();
      if (status.getOutputs() == null) {
        status.setOutputs(new dev.hubflow.model.v1alpha1.Outputs());
      }
      if (status.getOutputs().getParameters() == null) {
        status.getOutputs().setParameters(new ArrayList<>());
      }
      Parameter existing =
          status.getOutputs().getParameters().stream()
              .filter(g -> p.getGlobalName().equals(g.getName()))
              .findFirst()
              .orElse(null);
      if (existing == null) {
        status
            .getOutputs()
            .addParametersItem(new Parameter().name(p.getGlobalName()).value(p.getValue()));
      } else if (existing.getValue() == null
          || (p.getValue() != null && !p.getValue().equals(existing.getValue()))) {
        existing.setValue(p.getValue());
      }
    }
  }
}
