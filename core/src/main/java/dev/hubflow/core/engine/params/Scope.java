package dev.hubflow.core.engine.params;

import dev.hubflow.core.engine.expr.ExpressionException;
import dev.hubflow.model.v1alpha1.Parameter;
import dev.hubflow.model.v1alpha1.Template;
import dev.hubflow.model.v1alpha1.ValueFrom;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Argo's {@code wfScope}: the variables a steps or DAG template can see from its children ({@code
 * steps.x.outputs.result}, {@code tasks.t.outputs.parameters.p}, …).
 */
public final class Scope {
  private final Map<String, String> values = new LinkedHashMap<>();

  /** Argo's {@code createScope}: a steps or DAG template sees its own input parameters. */
  public static Scope of(Template tmpl) {
    Scope scope = new Scope();
    if (tmpl != null && tmpl.getInputs() != null && tmpl.getInputs().getParameters() != null) {
      for (Parameter p : tmpl.getInputs().getParameters()) {
        if (p.getValue() != null) {
          scope.put("inputs.parameters." + p.getName(), p.getValue());
        }
      }
    }
    return scope;
  }

  /**
   * Whether {@code value} is one pure reference ({@code {{tasks.x.outputs.parameters.y}}}) to an
   * absent optional: a skipped task's output without a default (held as null).
   */
  public boolean absentOptionalRef(String value) {
    if (value == null || !value.startsWith("{{") || !value.endsWith("}}")) {
      return false;
    }
    String key = value.substring(2, value.length() - 2).trim();
    if (key.contains("{{") || key.contains("}}")) {
      return false;
    }
    return values.containsKey(key) && values.get(key) == null;
  }

  public void put(String key, String value) {
    values.put(key, value);
  }

  public Map<String, String> values() {
    return values;
  }

  /** {@code valueFrom.parameter} / {@code valueFrom.expression} against this scope. */
  public String resolve(ValueFrom from, Map<String, String> globals, Expressions expressions) {
    if (from == null || (empty(from.getParameter()) && empty(from.getExpression()))) {
      return "";
    }
    Map<String, Object> env = new LinkedHashMap<>(globals);
    env.putAll(values);
    if (!empty(from.getExpression())) {
      Object v = expressions.evaluate(from.getExpression(), env);
      if (v == null) {
        throw new ExpressionException("Unable to resolve: \"" + from.getExpression() + "\"");
      }
      return Substitution.format(v);
    }
    String tag = from.getParameter().trim();
    if (tag.startsWith("{{") && tag.endsWith("}}")) {
      tag = tag.substring(2, tag.length() - 2).trim();
    }
    if (tag.startsWith("=")) {
      Object v = expressions.evaluate(tag.substring(1), env);
      if (v == null) {
        throw new ExpressionException("Unable to resolve: \"" + tag + "\"");
      }
      return Substitution.format(v);
    }
    String v = values.get(tag);
    if (v == null) {
      throw new ExpressionException("Unable to resolve: \"" + tag + "\"");
    }
    return v;
  }

  private static boolean empty(String s) {
    return s == null || s.isEmpty();
  }
}
