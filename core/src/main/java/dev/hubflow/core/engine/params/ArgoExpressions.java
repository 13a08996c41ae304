package dev.hubflow.core.engine.params;

import dev.hubflow.core.engine.expr.Expr;
import dev.hubflow.core.engine.expr.ExprEnv;
import dev.hubflow.core.engine.expr.Govaluate;
import java.util.Map;

/**
 * Argo's expression languages from {@code engine.expr}: govaluate for {@code when}, expr-lang with
 * Argo's environment (nested dotted names, {@code asInt}, {@code jsonpath}, {@code sprig}) for the
 * rest.
 */
public final class ArgoExpressions implements Expressions {

  @Override
  public boolean when(String expression) {
    return Govaluate.isTrue(expression);
  }

  @Override
  public Object evaluate(String expression, Map<String, Object> variables) {
    return Expr.evaluate(expression, ExprEnv.argo(variables));
  }
}
