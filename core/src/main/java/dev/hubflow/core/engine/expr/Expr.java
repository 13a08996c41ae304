package dev.hubflow.core.engine.expr;

import java.time.Instant;
import java.util.ArrayList;
import java.util.IdentityHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * expr-lang (github.com/expr-lang/expr), the language of Argo's {@code {{=…}}} tags, DAG {@code
 * depends}, retry and hook {@code expression}s. Values: {@link Long} (int), {@link Double}
 * (float64), String, Boolean, null (nil), {@code List<Object>}, {@code Map<String,Object>}, {@link
 * java.time.OffsetDateTime}, {@link java.time.Duration} and {@link ExprFunction}; Java ints, floats
 * and arrays in the environment are widened to these.
 *
 * <p>For Argo's environment (dotted names nested, plus {@code asInt}, {@code jsonpath}, {@code
 * sprig}, ...), build it with {@link ExprEnv#argo}.
 */
public final class Expr {
  private Expr() {}

  /**
   * Evaluates {@code expression} with the variables of {@code env}; {@code now()} is unavailable.
   *
   * @throws ExpressionException on a syntax error, an unknown name, or a runtime failure
   */
  public static Object evaluate(String expression, Map<String, ?> env) {
    return evaluate(expression, env, null);
  }

  /** As {@link #evaluate(String, Map)}, with {@code now()} returning {@code now}. */
  public static Object evaluate(String expression, Map<String, ?> env, Instant now) {
    ExprNode tree = ExprParser.parse(expression);
    @SuppressWarnings("unchecked")
    Map<String, Object> vars = env == null ? Map.of() : (Map<String, Object>) env;
    ExprChecker.check(tree, vars, expression);
    return new ExprInterpreter(expression, vars, new ExprBuiltins(now)).eval(tree);
  }

  /** Argo's {@code argoexpr.EvalBool}: the result must be a boolean. */
  public static boolean evaluateBool(String expression, Map<String, ?> env) {
    Object result = evaluate(expression, env);
    if (result instanceof Boolean b) {
      return b;
    }
    throw new ExpressionException(
        "unable to cast expression result '" + GoText.v(result) + "' to bool");
  }

  /** Parses without evaluating. */
  public static void check(String expression) {
    ExprParser.parse(expression);
  }

  /**
   * The variables an expression reads, as Argo's template code lists them to find missing ones:
   * each identifier and each constant member path ({@code inputs.parameters.x} for both {@code
   * inputs.parameters.x} and {@code inputs.parameters['x']}), leaving out paths guarded by {@code
   * ??} or {@code ?.}.
   */
  public static List<String> identifiers(String expression) {
    ExprNode tree = ExprParser.parse(expression);
    Map<ExprNode, Boolean> guarded = new IdentityHashMap<>();
    markGuards(tree, guarded, false);
    Set<String> out = new LinkedHashSet<>();
    collect(tree, guarded, out);
    return new ArrayList<>(out);
  }

  private static void markGuards(ExprNode node, Map<ExprNode, Boolean> guarded, boolean inGuard) {
    if (node == null) {
      return;
    }
    if (inGuard && node instanceof ExprNode.Member) {
      guarded.put(node, true);
    }
    if (node instanceof ExprNode.Member m && m.optional() && m.node() instanceof ExprNode.Member) {
      guarded.put(m.node(), true);
    }
    if (node instanceof ExprNode.Binary b && b.op().equals("??")) {
      markGuards(b.left(), guarded, true);
      markGuards(b.right(), guarded, inGuard);
      return;
    }
    for (ExprNode child : children(node)) {
      markGuards(child, guarded, inGuard);
    }
  }

  private static void collect(ExprNode node, Map<ExprNode, Boolean> guarded, Set<String> out) {
    if (node == null) {
      return;
    }
    for (ExprNode child : children(node)) {
      collect(child, guarded, out);
    }
    if (guarded.containsKey(node)) {
      return;
    }
    if (node instanceof ExprNode.Identifier id) {
      out.add(id.name());
    } else if (node instanceof ExprNode.Member m) {
      String path = memberPath(m);
      if (path != null) {
        out.add(path);
      }
    }
  }

  private static String memberPath(ExprNode.Member m) {
    List<String> parts = new ArrayList<>();
    ExprNode cur = m;
    while (cur instanceof ExprNode.Member mm) {
      if (mm.optional() || !(mm.property() instanceof ExprNode.Str s)) {
        return null;
      }
      parts.add(0, s.value());
      cur = mm.node();
    }
    if (cur instanceof ExprNode.Identifier id) {
      parts.add(0, id.name());
      return String.join(".", parts);
    }
    return null;
  }

  static List<ExprNode> children(ExprNode node) {
    List<ExprNode> c = new ArrayList<>();
    if (node instanceof ExprNode.Unary u) {
      c.add(u.node());
    } else if (node instanceof ExprNode.Binary b) {
      c.add(b.left());
      c.add(b.right());
    } else if (node instanceof ExprNode.Member m) {
      c.add(m.node());
      c.add(m.property());
    } else if (node instanceof ExprNode.Chain ch) {
      c.add(ch.node());
    } else if (node instanceof ExprNode.Slice s) {
      c.add(s.node());
      c.add(s.from());
      c.add(s.to());
    } else if (node instanceof ExprNode.Call call) {
      c.add(call.callee());
      c.addAll(call.args());
    } else if (node instanceof ExprNode.Builtin b) {
      c.addAll(b.args());
    } else if (node instanceof ExprNode.Predicate p) {
      c.add(p.node());
    } else if (node instanceof ExprNode.Conditional cond) {
      c.add(cond.cond());
      c.add(cond.then());
      c.add(cond.otherwise());
    } else if (node instanceof ExprNode.Array a) {
      c.addAll(a.nodes());
    } else if (node instanceof ExprNode.MapLiteral m) {
      for (int i = 0; i < m.keys().size(); i++) {
        c.add(m.keys().get(i));
        c.add(m.values().get(i));
      }
    } else if (node instanceof ExprNode.Let l) {
      c.add(l.value());
      c.add(l.body());
    } else if (node instanceof ExprNode.Sequence s) {
      c.addAll(s.nodes());
    }
    c.removeIf(java.util.Objects::isNull);
    return c;
  }

  /**
   * Whether {@code env} holds the dotted {@code path}, as Argo's {@code hasVarInEnv}: the longest
   * flat key that prefixes it, then nested maps for the rest.
   */
  public static boolean hasVariable(Map<String, ?> env, String path) {
    if (env.containsKey(path)) {
      return true;
    }
    String[] parts = path.split("\\.", -1);
    Object current = env;
    int from = 0;
    for (int i = parts.length; i > 0; i--) {
      String prefix = String.join(".", java.util.Arrays.copyOfRange(parts, 0, i));
      if (env.containsKey(prefix)) {
        current = env.get(prefix);
        from = i;
        break;
      }
    }
    if (from == parts.length) {
      return true;
    }
    for (int i = from; i < parts.length; i++) {
      if (!(current instanceof Map<?, ?> m) || !m.containsKey(parts[i])) {
        return false;
      }
      current = m.get(parts[i]);
    }
    return true;
  }

  /** expr's error text: the message, the line:column, and the source line with a caret. */
  static String located(String message, String src, int column) {
    int line = 1;
    int lineStart = 0;
    int pos = Math.max(0, Math.min(column - 1, src.length()));
    for (int i = 0; i < pos; i++) {
      if (src.charAt(i) == '\n') {
        line++;
        lineStart = i + 1;
      }
    }
    int lineEnd = src.indexOf('\n', lineStart);
    String text = lineEnd < 0 ? src.substring(lineStart) : src.substring(lineStart, lineEnd);
    int col = pos - lineStart;
    return message
        + " ("
        + line
        + ":"
        + (col + 1)
        + ")\n | "
        + text
        + "\n | "
        + ".".repeat(col)
        + "^";
  }
}
