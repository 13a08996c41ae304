package dev.hubflow.core.engine.run;

import com.google.gson.JsonElement;
import dev.hubflow.core.engine.dag.DagGraph;
import dev.hubflow.core.engine.expr.Depends;
import dev.hubflow.core.engine.expr.Expr;
import dev.hubflow.core.engine.expr.ExpressionException;
import dev.hubflow.model.Codec;
import dev.hubflow.model.v1alpha1.Arguments;
import dev.hubflow.model.v1alpha1.DAGTask;
import dev.hubflow.model.v1alpha1.Parameter;
import dev.hubflow.model.v1alpha1.Template;
import dev.hubflow.model.v1alpha1.WorkflowSpec;
import dev.hubflow.model.v1alpha1.WorkflowStep;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The few spec checks the engine cannot run without (the full validator lives elsewhere); each
 * message is Argo's, reported as {@code invalid spec: …}.
 */
final class SpecCheck {
  private static final Pattern TAG = Pattern.compile("\\{\\{\\s*([^}=][^}]*?)\\s*}}");

  private SpecCheck() {}

  /** The first problem found, or null. */
  static String problem(WorkflowSpec spec) {
    if (spec.getWorkflowTemplateRef() != null) {
      return "workflowTemplateRef is not supported yet";
    }
    String entry = spec.getEntrypoint();
    if (entry == null || entry.isEmpty()) {
      return "spec.entrypoint is required";
    }
    Set<String> names = new HashSet<>();
    List<Template> templates = spec.getTemplates() == null ? List.of() : spec.getTemplates();
    for (int i = 0; i < templates.size(); i++) {
      Template t = templates.get(i);
      if (t.getName() == null || t.getName().isEmpty()) {
        return "spec.templates[" + i + "].name is required";
      }
      names.add(t.getName());
    }
    if (!names.contains(entry)) {
      return "template name '" + entry + "' undefined";
    }
    Set<String> wfParams = new HashSet<>();
    if (spec.getArguments() != null && spec.getArguments().getParameters() != null) {
      for (Parameter p : spec.getArguments().getParameters()) {
        String prefix = "spec.arguments." + p.getName();
        if (p.getValue() == null && p.getValueFrom() == null) {
          return prefix + ".value is required";
        }
        if (p.getEnum_() != null && p.getValue() != null) {
          if (p.getEnum_().isEmpty()) {
            return prefix + ".enum should contain at least one value";
          }
          if (!p.getEnum_().contains(p.getValue())) {
            return prefix + ".value should be present in " + prefix + ".enum list";
          }
        }
        wfParams.add(p.getName());
      }
    }
    Template entryTemplate =
        templates.stream().filter(t -> entry.equals(t.getName())).findFirst().orElseThrow();
    String missing = missingInput(entryTemplate, spec.getArguments());
    if (missing != null) {
      return "templates." + entry + " inputs.parameters." + missing + " was not supplied";
    }
    for (Template t : templates) {
      String p = template(t, names, wfParams, templates);
      if (p != null) {
        return p;
      }
    }
    return null;
  }

  private static String template(
      Template t, Set<String> names, Set<String> wfParams, List<Template> templates) {
    String expression = expressions(t);
    if (expression != null) {
      return expression;
    }
    if (t.getSteps() != null) {
      for (int i = 0; i < t.getSteps().size(); i++) {
        List<WorkflowStep> group = t.getSteps().get(i);
        if (group == null) {
          continue;
        }
        for (WorkflowStep s : group) {
          if (s.getName() == null || s.getName().isEmpty()) {
            return "templates." + t.getName() + ".steps[" + i + "].name is required";
          }
          if (s.getInline() == null
              && s.getTemplateRef() == null
              && !names.contains(s.getTemplate())) {
            return "templates."
                + t.getName()
                + ".steps["
                + i
                + "]."
                + s.getName()
                + " template name '"
                + nullToEmpty(s.getTemplate())
                + "' undefined";
          }
          String missing = missingInput(find(templates, s.getTemplate()), s.getArguments());
          if (missing != null) {
            return "templates."
                + t.getName()
                + ".steps["
                + i
                + "]."
                + s.getName()
                + " templates."
                + s.getTemplate()
                + " inputs.parameters."
                + missing
                + " was not supplied";
          }
        }
      }
    }
    if (t.getDag() != null && t.getDag().getTasks() != null) {
      Set<String> tasks = new HashSet<>();
      for (DAGTask task : t.getDag().getTasks()) {
        tasks.add(task.getName());
      }
      for (DAGTask task : t.getDag().getTasks()) {
        if (task.getDepends() != null && !task.getDepends().isEmpty()) {
          try {
            Depends.validate(task.getDepends());
          } catch (ExpressionException e) {
            return "templates." + t.getName() + ".tasks." + task.getName() + " " + e.getMessage();
          }
        }
        if (task.getInline() == null
            && task.getTemplateRef() == null
            && !names.contains(task.getTemplate())) {
          return "templates."
              + t.getName()
              + ".tasks."
              + task.getName()
              + " template name '"
              + nullToEmpty(task.getTemplate())
              + "' undefined";
        }
        String missing = missingInput(find(templates, task.getTemplate()), task.getArguments());
        if (missing != null) {
          return "templates."
              + t.getName()
              + ".tasks."
              + task.getName()
              + " templates."
              + task.getTemplate()
              + " inputs.parameters."
              + missing
              + " was not supplied";
        }
        if (task.getDependencies() != null) {
          for (String dep : task.getDependencies()) {
            if (!tasks.contains(dep)) {
              return "templates."
                  + t.getName()
                  + ".tasks."
                  + task.getName()
                  + " dependency '"
                  + dep
                  + "' not defined";
            }
          }
        }
      }
      DagGraph graph = new DagGraph(t.getDag().getTasks());
      try {
        for (DAGTask task : t.getDag().getTasks()) {
          for (String dep : graph.dependencies(task.getName())) {
            if (!tasks.contains(dep)) {
              return "templates."
                  + t.getName()
                  + ".tasks."
                  + task.getName()
                  + " dependency '"
                  + dep
                  + "' not defined";
            }
          }
        }
      } catch (NodeException e) {
        return "templates." + t.getName() + ".tasks " + e.getMessage();
      }
      String cycle = graph.cycle();
      if (cycle != null) {
        return "templates." + t.getName() + ".tasks dependency cycle detected: " + cycle;
      }
    }
    if (t.getContainer() != null || t.getScript() != null) {
      Set<String> inputs = new HashSet<>();
      if (t.getInputs() != null && t.getInputs().getParameters() != null) {
        t.getInputs().getParameters().forEach(p -> inputs.add(p.getName()));
      }
      Matcher m = TAG.matcher(dev.hubflow.core.engine.params.Json.plain(t));
      while (m.find()) {
        String tag = m.group(1).trim();
        if (tag.startsWith("inputs.parameters.")
            && !inputs.contains(tag.substring("inputs.parameters.".length()))) {
          return "templates." + t.getName() + ": failed to resolve {{" + m.group(1) + "}}";
        }
        if (tag.startsWith("workflow.parameters.")
            && !wfParams.contains(tag.substring("workflow.parameters.".length()))) {
          return "templates." + t.getName() + ": failed to resolve {{" + m.group(1) + "}}";
        }
      }
    }
    return null;
  }

  // Every {{=…}} and retry expression must parse; Argo would only notice at run time, or never.
  private static String expressions(Template t) {
    if (t.getRetryStrategy() != null && t.getRetryStrategy().getExpression() != null) {
      try {
        Expr.check(t.getRetryStrategy().getExpression());
      } catch (ExpressionException e) {
        return "templates." + t.getName() + ".retryStrategy.expression: " + e.getMessage();
      }
    }
    List<String> strings = new ArrayList<>();
    collect(Codec.toTree(t), strings);
    for (String text : strings) {
      int at = text.indexOf("{{=");
      while (at >= 0) {
        int end = text.indexOf("}}", at);
        if (end < 0) {
          break;
        }
        String expr = text.substring(at + 3, end);
        try {
          Expr.check(expr);
        } catch (ExpressionException e) {
          return "templates."
              + t.getName()
              + ": invalid expression '"
              + expr
              + "': "
              + e.getMessage();
        }
        at = text.indexOf("{{=", end);
      }
    }
    return null;
  }

  private static void collect(JsonElement e, List<String> out) {
    if (e == null || e.isJsonNull()) {
      return;
    }
    if (e.isJsonObject()) {
      e.getAsJsonObject().entrySet().forEach(x -> collect(x.getValue(), out));
    } else if (e.isJsonArray()) {
      e.getAsJsonArray().forEach(x -> collect(x, out));
    } else if (e.getAsJsonPrimitive().isString()) {
      out.add(e.getAsString());
    }
  }

  private static Template find(List<Template> templates, String name) {
    return templates.stream().filter(t -> t.getName().equals(name)).findFirst().orElse(null);
  }

  // Argo's ProcessArgs at validation: an input with no value, default or argument.
  private static String missingInput(Template target, Arguments args) {
    if (target == null
        || target.getInputs() == null
        || target.getInputs().getParameters() == null) {
      return null;
    }
    for (Parameter in : target.getInputs().getParameters()) {
      if (in.getValue() != null || in.getDefault_() != null) {
        continue;
      }
      boolean supplied =
          args != null
              && args.getParameters() != null
              && args.getParameters().stream()
                  .anyMatch(
                      a ->
                          in.getName().equals(a.getName())
                              && (a.getValue() != null || a.getValueFrom() != null));
      if (!supplied) {
        return in.getName();
      }
    }
    return null;
  }

  private static String nullToEmpty(String s) {
    return s == null ? "" : s;
  }
}
