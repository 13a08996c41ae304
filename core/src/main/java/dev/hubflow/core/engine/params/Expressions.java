package dev.hubflow.core.engine.params;

import java.util.Map;

/**
 * The expression languages the engine needs, as a seam: govaluate for {@code when}, expr-lang for
 * {@code {{=…}}}, {@code depends}, retry {@code expression} and hook expressions. Implementations
 * throw {@link dev.hubflow.core.engine.expr.ExpressionException} for what does not parse or run.
 */
public interface Expressions {

  /** A {@code when} condition, already substituted; bare words count as strings (as in Argo). */
  boolean when(String expression);

  /** An expr-lang expression over flat variables such as {@code inputs.parameters.x}. */
  Object evaluate(String expression, Map<String, Object> variables);

  default boolean evaluateBoolean(String expression, Map<String, Object> variables) {
    Object result = evaluate(expression, variables);
    if (result instanceof Boolean b) {
      return b;
    }
    throw new dev.hubflow.core.engine.expr.ExpressionException(
        "unable to cast expression result '" + Substitution.format(result) + "' to bool");
  }
}
