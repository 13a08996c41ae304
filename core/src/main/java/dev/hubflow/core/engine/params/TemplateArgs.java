package dev.hubflow.core.engine.params;

import dev.hubflow.core.engine.expr.ExpressionException;
import dev.hubflow.model.Codec;
import dev.hubflow.model.v1alpha1.Arguments;
import dev.hubflow.model.v1alpha1.Parameter;
import dev.hubflow.model.v1alpha1.Template;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Argo's {@code ProcessArgs} and {@code SubstituteParams}: inputs take their arguments (or
 * defaults), then every {@code {{…}}} in the template is replaced.
 */
public final class TemplateArgs {
  /**
   * Stands for an argument that referred to an absent optional output: the input's own default (or
   * valueFrom) applies instead, and without one the template cannot run.
   */
  public static final String ABSENT_OPTIONAL = "__argo-internal.absent-optional-output__";

  private final Substitution substitution;

  public TemplateArgs(Substitution substitution) {
    this.substitution = substitution;
  }

  /** Binds arguments to inputs and substitutes globals, locals and inputs. */
  public Template process(
      Template template, Arguments args, Map<String, String> globals, Map<String, String> locals) {
    Template copy = Codec.copy(template);
    if (copy.getInputs() != null && copy.getInputs().getParameters() != null) {
      for (Parameter in : copy.getInputs().getParameters()) {
        if (in.getValue() == null && in.getDefault_() != null) {
          in.setValue(in.getDefault_());
        }
        Parameter arg = argument(args, in.getName());
        if (arg != null && ABSENT_OPTIONAL.equals(arg.getValue())) {
          if (in.getValue() == null && in.getValueFrom() == null) {
            throw new ExpressionException(
                "inputs.parameters."
                    + in.getName()
                    + ": argument references an absent optional (skipped/omitted node output with"
                    + " no default)");
          }
        } else if (arg != null) {
          if (arg.getValue() != null) {
            in.setValue(arg.getValue());
            in.setValueFrom(null);
          } else {
            in.setValueFrom(arg.getValueFrom());
            in.setValue(null);
          }
        }
        if (in.getValueFrom() != null && in.getValueFrom().getConfigMapKeyRef() != null) {
          throw new ExpressionException(
              "unable to retrieve inputs.parameters."
                  + in.getName()
                  + " from ConfigMap: ConfigMaps are not supported yet");
        }
        if (in.getValue() == null) {
          throw new ExpressionException("inputs.parameters." + in.getName() + " was not supplied");
        }
      }
    }
    return substitute(copy, globals, locals);
  }

  /** Argo's {@code SubstituteParams}. */
  public Template substitute(
      Template template, Map<String, String> globals, Map<String, String> locals) {
    Map<String, String> vars = new HashMap<>(globals);
    vars.putAll(locals);
    Template replaced = substitution.apply(template, vars, true);
    Map<String, String> inputs = new HashMap<>();
    List<Parameter> params =
        replaced.getInputs() == null || replaced.getInputs().getParameters() == null
            ? List.of()
            : replaced.getInputs().getParameters();
    for (Parameter in : params) {
      if (in.getValue() == null && in.getValueFrom() == null) {
        throw new ExpressionException("inputs.parameters." + in.getName() + " had no value");
      } else if (in.getValue() != null) {
        inputs.put("inputs.parameters." + in.getName(), in.getValue());
      }
    }
    inputs.put("inputs.parameters", Json.marshal(params));
    if (replaced.getInputs() != null && replaced.getInputs().getArtifacts() != null) {
      replaced.getInputs().getArtifacts().stream()
          .filter(a -> a.getPath() != null && !a.getPath().isEmpty())
          .forEach(a -> inputs.put("inputs.artifacts." + a.getName() + ".path", a.getPath()));
    }
    if (replaced.getOutputs() != null) {
      if (replaced.getOutputs().getArtifacts() != null) {
        replaced.getOutputs().getArtifacts().stream()
            .filter(a -> a.getPath() != null && !a.getPath().isEmpty())
            .forEach(a -> inputs.put("outputs.artifacts." + a.getName() + ".path", a.getPath()));
      }
      if (replaced.getOutputs().getParameters() != null) {
        for (Parameter p : replaced.getOutputs().getParameters()) {
          if (p.getValueFrom() != null && p.getValueFrom().getPath() != null) {
            inputs.put("outputs.parameters." + p.getName() + ".path", p.getValueFrom().getPath());
          }
        }
      }
    }
    return substitution.apply(replaced, inputs, true);
  }

  private static Parameter argument(Arguments args, String name) {
    if (args == null || args.getParameters() == null) {
      return null;
    }
    return args.getParameters().stream()
        .filter(p -> name.equals(p.getName()))
        .findFirst()
        .orElse(null);
  }
}
