package dev.hubflow.core.engine.expr;

import java.util.List;

/** The expr-lang syntax tree, mirroring expr's {@code ast} package. */
sealed interface ExprNode {
  /** Offset in the source, for error messages. */
  int at();

  record Nil(int at) implements ExprNode {}

  record Bool(boolean value, int at) implements ExprNode {}

  record Int(long value, int at) implements ExprNode {}

  record Float(double value, int at) implements ExprNode {}

  record Str(String value, int at) implements ExprNode {}

  record Identifier(String name, int at) implements ExprNode {}

  /** {@code #}, {@code #index}, {@code #acc} or the implicit element of {@code .field}. */
  record Pointer(String name, int at) implements ExprNode {}

  record Unary(String op, ExprNode node, int at) implements ExprNode {}

  record Binary(String op, ExprNode left, ExprNode right, int at) implements ExprNode {}

  /** {@code a.b}, {@code a['b']}, {@code a[0]}; {@code optional} for {@code ?.}. */
  record Member(ExprNode node, ExprNode property, boolean optional, boolean method, int at)
      implements ExprNode {}

  /** Wraps a member chain containing {@code ?.} so a nil anywhere yields nil. */
  record Chain(ExprNode node, int at) implements ExprNode {}

  record Slice(ExprNode node, ExprNode from, ExprNode to, int at) implements ExprNode {}

  record Call(ExprNode callee, List<ExprNode> args, int at) implements ExprNode {}

  record Builtin(String name, List<ExprNode> args, int at) implements ExprNode {}

  /** The closure argument of {@code filter}, {@code map}, {@code all}, ... */
  record Predicate(ExprNode node, int at) implements ExprNode {}

  record Conditional(ExprNode cond, ExprNode then, ExprNode otherwise, int at)
      implements ExprNode {}

  record Array(List<ExprNode> nodes, int at) implements ExprNode {}

  record MapLiteral(List<ExprNode> keys, List<ExprNode> values, int at) implements ExprNode {}

  record Let(String name, ExprNode value, ExprNode body, int at) implements ExprNode {}

  record Sequence(List<ExprNode> nodes, int at) implements ExprNode {}
}
