package dev.hubflow.core.engine.params;

import dev.hubflow.core.engine.expr.Govaluate;
import java.util.Map;

/**
 * The expression languages from {@code engine.expr}: govaluate for {@code when}; expr-lang
 * expressions go to the {@link BasicExpressions} subset until the full language is plugged in.
 */
public final class ArgoExpressions implements Expressions {
  private final BasicExpressions exprLang = new BasicExpressions();

  @Override
  public boolean when(String expression) {
    return Govaluate.isTrue(expression);
  }

  @Override
  public Object evaluate(String expression, Map<String, Object> variables) {
    return exprLang.evaluate(expression, variables);
  }
}
