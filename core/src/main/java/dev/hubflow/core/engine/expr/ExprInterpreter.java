package dev.hubflow.core.engine.expr;

import java.time.Duration;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Evaluates an expr-lang tree against an environment, with expr's runtime semantics. */
final class ExprInterpreter {

  /**
   * The closure frame of {@code filter}/{@code map}/...: {@code #}, {@code #index}, {@code #acc}.
   */
  record Frame(Object element, long index, Object acc) {}

  private final String src;
  private final Map<String, Object> env;
  private final ExprBuiltins builtins;
  private final Map<String, Object> locals = new HashMap<>();
  private final ArrayList<Frame> frames = new ArrayList<>();
  private int chainDepth;

  ExprInterpreter(String src, Map<String, Object> env, ExprBuiltins builtins) {
    this.src = src;
    this.env = env;
    this.builtins = builtins;
  }

  ExpressionException error(String message, ExprNode at) {
    return new ExpressionException(Expr.located(message, src, at.at() + 1));
  }

  Object eval(ExprNode node) {
    try {
      return doEval(node);
    } catch (ExprRuntimeError e) {
      throw error(e.getMessage(), node);
    }
  }

  /** A runtime failure not yet tied to a source position. */
  static final class ExprRuntimeError extends RuntimeException {
    ExprRuntimeError(String message) {
      super(message, null, false, false);
    }
  }

  static ExprRuntimeError fail(String message) {
    return new ExprRuntimeError(message);
  }

  Frame frame() {
    if (frames.isEmpty()) {
      throw fail("cannot use pointer accessor outside predicate");
    }
    return frames.get(frames.size() - 1);
  }

  Object withFrame(Frame f, ExprNode predicate) {
    frames.add(f);
    try {
      return doEval(((ExprNode.Predicate) predicate).node());
    } finally {
      frames.remove(frames.size() - 1);
    }
  }

  private Object doEval(ExprNode node) {
    try {
      return evalNode(node);
    } catch (ExprRuntimeError e) {
      throw error(e.getMessage(), node);
    }
  }

  private Object evalNode(ExprNode node) {
    if (node instanceof ExprNode.Nil) {
      return null;
    } else if (node instanceof ExprNode.Bool b) {
      return b.value();
    } else if (node instanceof ExprNode.Int i) {
      return i.value();
    } else if (node instanceof ExprNode.Float f) {
      return f.value();
    } else if (node instanceof ExprNode.Str s) {
      return s.value();
    } else if (node instanceof ExprNode.Identifier id) {
      return identifier(id);
    } else if (node instanceof ExprNode.Pointer p) {
      Frame f = frame();
      return switch (p.name()) {
        case "" -> f.element();
        case "index" -> f.index();
        case "acc" -> f.acc();
        default -> throw fail("unknown pointer #" + p.name());
      };
    } else if (node instanceof ExprNode.Unary u) {
      return unary(u);
    } else if (node instanceof ExprNode.Binary b) {
      return binary(b);
    } else if (node instanceof ExprNode.Member m) {
      Object base = doEval(m.node());
      if (base == null && (m.optional() || chainDepth > 0)) {
        throw new NilChain();
      }
      return fetch(base, doEval(m.property()));
    } else if (node instanceof ExprNode.Chain c) {
      chainDepth++;
      try {
        return doEval(c.node());
      } catch (NilChain e) {
        return null;
      } finally {
        chainDepth--;
      }
    } else if (node instanceof ExprNode.Slice s) {
      return slice(s);
    } else if (node instanceof ExprNode.Call c) {
      return call(c);
    } else if (node instanceof ExprNode.Builtin b) {
      return builtins.call(this, b);
    } else if (node instanceof ExprNode.Conditional c) {
      Object cond = doEval(c.cond());
      if (!(cond instanceof Boolean b)) {
        throw fail("non-bool expression (type " + Values.typeName(cond) + ") used as condition");
      }
      return b ? doEval(c.then()) : doEval(c.otherwise());
    } else if (node instanceof ExprNode.Array a) {
      List<Object> out = new ArrayList<>(a.nodes().size());
      for (ExprNode n : a.nodes()) {
        out.add(doEval(n));
      }
      return out;
    } else if (node instanceof ExprNode.MapLiteral m) {
      Map<String, Object> out = new LinkedHashMap<>();
      for (int i = 0; i < m.keys().size(); i++) {
        out.put(GoText.v(doEval(m.keys().get(i))), doEval(m.values().get(i)));
      }
      return out;
    } else if (node instanceof ExprNode.Let l) {
      Object previous = locals.get(l.name());
      boolean had = locals.containsKey(l.name());
      locals.put(l.name(), doEval(l.value()));
      try {
        return doEval(l.body());
      } finally {
        if (had) {
          locals.put(l.name(), previous);
        } else {
          locals.remove(l.name());
        }
      }
    } else if (node instanceof ExprNode.Sequence s) {
      Object last = null;
      for (ExprNode n : s.nodes()) {
        last = doEval(n);
      }
      return last;
    } else if (node instanceof ExprNode.Predicate p) {
      return doEval(p.node());
    }
    throw fail("unsupported node " + node);
  }

  /** Thrown inside a {@code ?.} chain when a link is nil. */
  private static final class NilChain extends RuntimeException {
    NilChain() {
      super(null, null, false, false);
    }
  }

  private Object identifier(ExprNode.Identifier id) {
    if (locals.containsKey(id.name())) {
      return locals.get(id.name());
    }
    if (env.containsKey(id.name())) {
      return Values.normalize(env.get(id.name()));
    }
    throw fail("unknown name " + id.name());
  }

  static Object fetch(Object from, Object key) {
    from = Values.normalize(from);
    key = Values.normalize(key);
    if (from instanceof Map<?, ?> map) {
      return Values.normalize(map.get(key instanceof String ? key : GoText.v(key)));
    }
    if (from instanceof List<?> list) {
      int i = index(key, list.size());
      return Values.normalize(list.get(i));
    }
    if (from instanceof String s) {
      byte[] bytes = s.getBytes(java.nio.charset.StandardCharsets.UTF_8);
      int i = index(key, bytes.length);
      return (long) (bytes[i] & 0xff);
    }
    if (from instanceof Duration || from instanceof OffsetDateTime) {
      if (key instanceof String name) {
        return TimeMethods.method(from, name);
      }
    }
    throw fail("cannot fetch " + GoText.v(key) + " from " + Values.typeName(from));
  }

  private static int index(Object key, int length) {
    if (!Values.isNumber(key)) {
      throw fail("cannot use " + Values.typeName(key) + " as index to array");
    }
    long i = ((Number) key).longValue();
    if (i < 0) {
      i += length;
    }
    if (i < 0 || i >= length) {
      throw fail("index out of range: " + i + " (array length is " + length + ")");
    }
    return (int) i;
  }

  private Object slice(ExprNode.Slice s) {
    Object base = doEval(s.node());
    int length;
    if (base instanceof List<?> l) {
      length = l.size();
    } else if (base instanceof String str) {
      length = str.length();
    } else {
      throw fail("cannot slice " + Values.typeName(base));
    }
    long a = s.from() == null ? 0 : toInt(doEval(s.from()));
    long b = s.to() == null ? length : toInt(doEval(s.to()));
    if (a < 0) {
      a = Math.max(0, length + a);
    }
    if (b < 0) {
      b = Math.max(0, length + b);
    }
    b = Math.min(b, length);
    a = Math.min(a, b);
    if (base instanceof List<?> l) {
      return new ArrayList<>(l.subList((int) a, (int) b));
    }
    return ((String) base).substring((int) a, (int) b);
  }

  static long toInt(Object v) {
    v = Values.normalize(v);
    if (v instanceof Long l) {
      return l;
    }
    if (v instanceof Double d) {
      return (long) d.doubleValue();
    }
    throw fail("cannot use " + Values.typeName(v) + " as int");
  }

  private Object call(ExprNode.Call c) {
    Object callee;
    if (c.callee() instanceof ExprNode.Member m && m.method()) {
      Object base = doEval(m.node());
      if (base == null && (m.optional() || chainDepth > 0)) {
        throw new NilChain();
      }
      callee = fetch(base, doEval(m.property()));
    } else if (c.callee() instanceof ExprNode.Identifier id) {
      if (!locals.containsKey(id.name()) && !env.containsKey(id.name())) {
        throw fail("unknown name " + id.name());
      }
      callee = identifier(id);
    } else {
      callee = doEval(c.callee());
    }
    if (!(callee instanceof ExprFunction f)) {
      throw fail(Values.typeName(callee) + " is not callable");
    }
    List<Object> args = new ArrayList<>(c.args().size());
    for (ExprNode a : c.args()) {
      args.add(doEval(a));
    }
    return Values.normalize(f.call(args));
  }

  private Object unary(ExprNode.Unary u) {
    Object v = doEval(u.node());
    switch (u.op()) {
      case "not", "!":
        if (v instanceof Boolean b) {
          return !b;
        }
        throw fail("invalid operation: " + u.op() + " " + Values.typeName(v));
      case "-":
        if (v instanceof Long l) {
          return -l;
        }
        if (v instanceof Double d) {
          return -d;
        }
        if (v instanceof Duration d) {
          return d.negated();
        }
        throw fail("invalid operation: - " + Values.typeName(v));
      default:
        if (Values.isNumber(v)) {
          return v;
        }
        throw fail("invalid operation: + " + Values.typeName(v));
    }
  }

  private Object binary(ExprNode.Binary b) {
    String op = b.op();
    switch (op) {
      case "&&", "and":
        {
          Object l = doEval(b.left());
          if (!(l instanceof Boolean lb)) {
            throw mismatch(op, l, null);
          }
          if (!lb) {
            return false;
          }
          Object r = doEval(b.right());
          if (!(r instanceof Boolean rb)) {
            throw mismatch(op, l, r);
          }
          return rb;
        }
      case "||", "or":
        {
          Object l = doEval(b.left());
          if (!(l instanceof Boolean lb)) {
            throw mismatch(op, l, null);
          }
          if (lb) {
            return true;
          }
          Object r = doEval(b.right());
          if (!(r instanceof Boolean rb)) {
            throw mismatch(op, l, r);
          }
          return rb;
        }
      case "??":
        {
          Object l;
          try {
            l = doEval(b.left());
          } catch (ExpressionException e) {
            // expr compiles a missing map member on the left of ?? to nil, not an error
            if (!(b.left() instanceof ExprNode.Member)) {
              throw e;
            }
            l = null;
          }
          return l != null ? l : doEval(b.right());
        }
      default:
        return ExprOperators.apply(op, doEval(b.left()), doEval(b.right()));
    }
  }

  static ExprRuntimeError mismatch(String op, Object l, Object r) {
    return fail(
        "invalid operation: "
            + op
            + " (mismatched types "
            + Values.typeName(l)
            + " and "
            + Values.typeName(r)
            + ")");
  }
}
