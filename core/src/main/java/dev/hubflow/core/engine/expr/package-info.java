/**
 * Argo's expression languages, pure Java.
 *
 * <ul>
 *   <li>{@link dev.hubflow.core.engine.expr.Govaluate}: {@code when:} after substitution
 *       (govaluate; bare words are strings, numbers float64).
 *   <li>{@link dev.hubflow.core.engine.expr.Expr}: expr-lang for {@code {{=…}}}, retry and hook
 *       {@code expression}s; {@link dev.hubflow.core.engine.expr.ExprEnv#argo} builds Argo's
 *       environment (nested variables, {@code asInt}, {@code jsonpath}, {@code sprig.*}).
 *   <li>{@link dev.hubflow.core.engine.expr.Depends}: DAG {@code depends} logic over {@link
 *       dev.hubflow.core.engine.expr.TaskResults}.
 * </ul>
 *
 * All failures are {@link dev.hubflow.core.engine.expr.ExpressionException}s whose message names
 * the expression or the position.
 */
package dev.hubflow.core.engine.expr;
