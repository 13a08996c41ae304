package dev.hubflow.core.engine.expr;

import java.util.List;
import java.util.Map;

/**
 * The part of expr's compile-time type check that changes results: {@code ==}/{@code !=} between
 * operands whose types are known and incomparable (a literal, or a top-level variable holding a
 * string, number or bool) is an error in expr, not {@code false}. Members of maps are of unknown
 * type there, so they are not checked.
 */
final class ExprChecker {
  private ExprChecker() {}

  static void check(ExprNode node, Map<String, ?> env, String src) {
    if (node == null) {
      return;
    }
    if (node instanceof ExprNode.Let) {
      return; // local variables shadow the environment; keep the check simple and skip
    }
    if (node instanceof ExprNode.Predicate) {
      return;
    }
    if (node instanceof ExprNode.Binary b && (b.op().equals("==") || b.op().equals("!="))) {
      String l = kind(b.left(), env);
      String r = kind(b.right(), env);
      if (l != null && r != null && !comparable(l, r)) {
        throw new ExpressionException(
            Expr.located(
                "invalid operation: " + b.op() + " (mismatched types " + l + " and " + r + ")",
                src,
                b.at() + 1));
      }
    }
    List<ExprNode> children = Expr.children(node);
    for (ExprNode c : children) {
      check(c, env, src);
    }
  }

  private static boolean comparable(String l, String r) {
    boolean ln = l.equals("int") || l.equals("float64");
    boolean rn = r.equals("int") || r.equals("float64");
    return l.equals(r) || ln && rn;
  }

  /** The static type of a literal or a top-level variable, or null when unknown. */
  private static String kind(ExprNode n, Map<String, ?> env) {
    if (n instanceof ExprNode.Int) {
      return "int";
    }
    if (n instanceof ExprNode.Float) {
      return "float64";
    }
    if (n instanceof ExprNode.Str) {
      return "string";
    }
    if (n instanceof ExprNode.Bool) {
      return "bool";
    }
    if (n instanceof ExprNode.Identifier id && env.containsKey(id.name())) {
      Object v = Values.normalize(env.get(id.name()));
      if (v instanceof String || v instanceof Boolean || Values.isNumber(v)) {
        return Values.typeName(v);
      }
    }
    return null;
  }
}
