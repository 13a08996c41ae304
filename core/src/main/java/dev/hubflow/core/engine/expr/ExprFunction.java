package dev.hubflow.core.engine.expr;

import java.util.List;

/** A function an expression can call, e.g. a builtin or one the engine adds to the environment. */
@FunctionalInterface
public interface ExprFunction {
  /** Throws {@link ExpressionException} when the arguments don't fit. */
  Object call(List<Object> args);
}
