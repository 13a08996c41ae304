package dev.hubflow.core.engine.expr;

import static dev.hubflow.core.engine.expr.ExprInterpreter.fail;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/** expr-lang's builtin functions, including the closure-taking ones. */
final class ExprBuiltins {

  static final Set<String> NAMES =
      Set.of(
          "len",
          "type",
          "abs",
          "ceil",
          "floor",
          "round",
          "int",
          "float",
          "string",
          "trim",
          "trimPrefix",
          "trimSuffix",
          "upper",
          "lower",
          "split",
          "splitAfter",
          "replace",
          "repeat",
          "join",
          "indexOf",
          "lastIndexOf",
          "hasPrefix",
          "hasSuffix",
          "max",
          "min",
          "mean",
          "median",
          "toJSON",
          "fromJSON",
          "toBase64",
          "fromBase64",
          "now",
          "duration",
          "date",
          "first",
          "last",
          "get",
          "take",
          "keys",
          "values",
          "toPairs",
          "fromPairs",
          "reverse",
          "uniq",
          "concat",
          "flatten",
          "sort",
          "bitnot",
          "bitand",
          "bitor",
          "bitxor",
          "bitnand",
          "bitshl",
          "bitshr",
          "bitushr");

  /** The clock reading {@code now()} returns; null when the caller gave none. */
  private final Instant now;

  ExprBuiltins(Instant now) {
    this.now = now;
  }

  Object call(ExprInterpreter in, ExprNode.Builtin b) {
    String name = b.name();
    List<ExprNode> argNodes = b.args();
    if (argNodes.size() >= 2 && argNodes.get(1) instanceof ExprNode.Predicate) {
      return predicate(in, name, argNodes);
    }
    if (name.equals("count") || name.equals("sum")) {
      return predicate(in, name, argNodes);
    }
    List<Object> args = new ArrayList<>(argNodes.size());
    for (ExprNode n : argNodes) {
      args.add(in.eval(n));
    }
    return Values.normalize(apply(name, args));
  }

  private Object predicate(ExprInterpreter in, String name, List<ExprNode> argNodes) {
    Object collection = in.eval(argNodes.get(0));
    List<?> list;
    if (collection instanceof List<?> l) {
      list = l;
    } else if (collection instanceof Map<?, ?> m) {
      list = new ArrayList<>(m.values());
    } else {
      throw fail("cannot iterate over " + Values.typeName(collection));
    }
    ExprNode pred = argNodes.size() > 1 ? argNodes.get(1) : null;
    switch (name) {
      case "all":
        for (int i = 0; i < list.size(); i++) {
          if (!truth(in, pred, list, i)) {
            return false;
          }
        }
        return true;
      case "any":
        for (int i = 0; i < list.size(); i++) {
          if (truth(in, pred, list, i)) {
            return true;
          }
        }
        return false;
      case "none":
        for (int i = 0; i < list.size(); i++) {
          if (truth(in, pred, list, i)) {
            return false;
          }
        }
        return true;
      case "one":
        {
          int n = 0;
          for (int i = 0; i < list.size(); i++) {
            if (truth(in, pred, list, i)) {
              n++;
            }
          }
          return n == 1;
        }
      case "count":
        {
          long n = 0;
          for (int i = 0; i < list.size(); i++) {
            if (pred == null ? Boolean.TRUE.equals(list.get(i)) : truth(in, pred, list, i)) {
              n++;
            }
          }
          return n;
        }
      case "sum":
        {
          Object total = 0L;
          for (int i = 0; i < list.size(); i++) {
            Object v = pred == null ? Values.normalize(list.get(i)) : run(in, pred, list, i, null);
            total = ExprOperators.apply("+", total, v);
          }
          return total;
        }
      case "filter":
        {
          List<Object> out = new ArrayList<>();
          for (int i = 0; i < list.size(); i++) {
            if (truth(in, pred, list, i)) {
              out.add(list.get(i));
            }
          }
          return out;
        }
      case "map":
        {
          List<Object> out = new ArrayList<>();
          for (int i = 0; i < list.size(); i++) {
            out.add(run(in, pred, list, i, null));
          }
          return out;
        }
      case "find", "findIndex":
        for (int i = 0; i < list.size(); i++) {
          if (truth(in, pred, list, i)) {
            return name.equals("find") ? list.get(i) : (Object) (long) i;
          }
        }
        return name.equals("find") ? null : (Object) (-1L);
      case "findLast", "findLastIndex":
        for (int i = list.size() - 1; i >= 0; i--) {
          if (truth(in, pred, list, i)) {
            return name.equals("findLast") ? list.get(i) : (Object) (long) i;
          }
        }
        return name.equals("findLast") ? null : (Object) (-1L);
      case "groupBy":
        {
          Map<String, Object> out = new LinkedHashMap<>();
          for (int i = 0; i < list.size(); i++) {
            String key = GoText.v(run(in, pred, list, i, null));
            @SuppressWarnings("unchecked")
            List<Object> group = (List<Object>) out.computeIfAbsent(key, k -> new ArrayList<>());
            group.add(list.get(i));
          }
          return out;
        }
      case "sortBy":
        {
          List<Object[]> keyed = new ArrayList<>();
          for (int i = 0; i < list.size(); i++) {
            keyed.add(new Object[] {run(in, pred, list, i, null), list.get(i)});
          }
          boolean desc = argNodes.size() > 2 && "desc".equals(in.eval(argNodes.get(2)));
          Comparator<Object[]> cmp = (x, y) -> ExprOperators.compare("<", x[0], y[0]);
          keyed.sort(desc ? cmp.reversed() : cmp);
          List<Object> out = new ArrayList<>();
          for (Object[] k : keyed) {
            out.add(k[1]);
          }
          return out;
        }
      case "reduce":
        {
          int start = 0;
          Object acc;
          if (argNodes.size() > 2) {
            acc = in.eval(argNodes.get(2));
          } else {
            if (list.isEmpty()) {
              throw fail("reduce of empty array with no initial value");
            }
            acc = list.get(0);
            start = 1;
          }
          for (int i = start; i < list.size(); i++) {
            acc = run(in, pred, list, i, acc);
          }
          return acc;
        }
      default:
        throw fail("unknown builtin " + name);
    }
  }

  private static Object run(ExprInterpreter in, ExprNode pred, List<?> list, int i, Object acc) {
    return in.withFrame(new ExprInterpreter.Frame(Values.normalize(list.get(i)), i, acc), pred);
  }

  private static boolean truth(ExprInterpreter in, ExprNode pred, List<?> list, int i) {
    Object v = run(in, pred, list, i, null);
    if (v instanceof Boolean b) {
      return b;
    }
    throw fail("predicate should return boolean (got " + Values.typeName(v) + ")");
  }

  private static String str(String fn, Object v) {
    if (v instanceof String s) {
      return s;
    }
    throw fail("invalid argument for " + fn + " (type " + Values.typeName(v) + ")");
  }

  private static void arity(String fn, List<Object> args, int min, int max) {
    if (args.size() < min || args.size() > max) {
      throw fail(
          "invalid number of arguments for "
              + fn
              + " (expected "
              + (min == max ? String.valueOf(min) : min + " to " + max)
              + ", got "
              + args.size()
              + ")");
    }
  }

  @SuppressWarnings("unchecked")
  private Object apply(String name, List<Object> args) {
    switch (name) {
      case "len":
        {
          arity(name, args, 1, 1);
          Object v = args.get(0);
          if (v instanceof String s) {
            return (long) s.getBytes(StandardCharsets.UTF_8).length;
          }
          if (v instanceof List<?> l) {
            return (long) l.size();
          }
          if (v instanceof Map<?, ?> m) {
            return (long) m.size();
          }
          throw fail("invalid argument for len (type " + Values.typeName(v) + ")");
        }
      case "type":
        {
          arity(name, args, 1, 1);
          Object v = args.get(0);
          if (v == null) {
            return "nil";
          }
          if (v instanceof Long) {
            return "int";
          }
          if (v instanceof Double) {
            return "float";
          }
          if (v instanceof String) {
            return "string";
          }
          if (v instanceof Boolean) {
            return "bool";
          }
          if (v instanceof List) {
            return "array";
          }
          if (v instanceof Map) {
            return "map";
          }
          if (v instanceof OffsetDateTime) {
            return "time.Time";
          }
          if (v instanceof Duration) {
            return "time.Duration";
          }
          return "func";
        }
      case "abs":
        {
          arity(name, args, 1, 1);
          Object v = args.get(0);
          if (v instanceof Long l) {
            return Math.abs(l);
          }
          if (v instanceof Double d) {
            return Math.abs(d);
          }
          throw fail("invalid argument for abs (type " + Values.typeName(v) + ")");
        }
      case "ceil", "floor", "round":
        {
          arity(name, args, 1, 1);
          Object v = args.get(0);
          if (!Values.isNumber(v)) {
            throw fail("invalid argument for " + name + " (type " + Values.typeName(v) + ")");
          }
          double d = Values.toDouble(v);
          return switch (name) {
            case "ceil" -> Math.ceil(d);
            case "floor" -> Math.floor(d);
            default -> (double) (d < 0 ? -Math.round(-d) : Math.round(d));
          };
        }
      case "int":
        arity(name, args, 1, 1);
        return toInt(args.get(0));
      case "float":
        arity(name, args, 1, 1);
        return toFloat(args.get(0));
      case "string":
        arity(name, args, 1, 1);
        return GoText.v(args.get(0));
      case "trim":
        arity(name, args, 1, 2);
        return args.size() == 1
            ? goTrimSpace(str(name, args.get(0)))
            : trimCutset(str(name, args.get(0)), str(name, args.get(1)), true, true);
      case "trimPrefix":
        {
          arity(name, args, 1, 2);
          String s = str(name, args.get(0));
          String p = args.size() == 2 ? str(name, args.get(1)) : " ";
          return s.startsWith(p) ? s.substring(p.length()) : s;
        }
      case "trimSuffix":
        {
          arity(name, args, 1, 2);
          String s = str(name, args.get(0));
          String p = args.size() == 2 ? str(name, args.get(1)) : " ";
          return s.endsWith(p) ? s.substring(0, s.length() - p.length()) : s;
        }
      case "upper":
        arity(name, args, 1, 1);
        return str(name, args.get(0)).toUpperCase(java.util.Locale.ROOT);
      case "lower":
        arity(name, args, 1, 1);
        return str(name, args.get(0)).toLowerCase(java.util.Locale.ROOT);
      case "split", "splitAfter":
        {
          arity(name, args, 2, 3);
          int n = args.size() == 3 ? (int) ExprInterpreter.toInt(args.get(2)) : -1;
          return split(
              str(name, args.get(0)), str(name, args.get(1)), n, name.equals("splitAfter"));
        }
      case "replace":
        {
          arity(name, args, 3, 4);
          String s = str(name, args.get(0));
          String old = str(name, args.get(1));
          String neu = str(name, args.get(2));
          long n = args.size() == 4 ? ExprInterpreter.toInt(args.get(3)) : -1;
          return replace(s, old, neu, n);
        }
      case "repeat":
        {
          arity(name, args, 2, 2);
          long n = ExprInterpreter.toInt(args.get(1));
          if (n < 0) {
            throw fail("invalid argument for repeat (expected positive integer, got " + n + ")");
          }
          if (n > 1_000_000) {
            throw fail("memory budget exceeded");
          }
          return str(name, args.get(0)).repeat((int) n);
        }
      case "join":
        {
          arity(name, args, 1, 2);
          String glue = args.size() == 2 ? str(name, args.get(1)) : "";
          if (!(args.get(0) instanceof List<?> l)) {
            throw fail("invalid argument for join (type " + Values.typeName(args.get(0)) + ")");
          }
          List<String> parts = new ArrayList<>();
          for (Object o : l) {
            parts.add(str(name, o));
          }
          return String.join(glue, parts);
        }
      case "indexOf":
        arity(name, args, 2, 2);
        return (long) str(name, args.get(0)).indexOf(str(name, args.get(1)));
      case "lastIndexOf":
        arity(name, args, 2, 2);
        return (long) str(name, args.get(0)).lastIndexOf(str(name, args.get(1)));
      case "hasPrefix":
        arity(name, args, 2, 2);
        return str(name, args.get(0)).startsWith(str(name, args.get(1)));
      case "hasSuffix":
        arity(name, args, 2, 2);
        return str(name, args.get(0)).endsWith(str(name, args.get(1)));
      case "max", "min":
        {
          List<Object> flat = flattenArgs(args);
          if (flat.isEmpty()) {
            throw fail("not enough arguments to call " + name);
          }
          Object best = null;
          for (Object o : flat) {
            if (!Values.isNumber(o)) {
              throw fail("invalid argument for " + name + " (type " + Values.typeName(o) + ")");
            }
            if (best == null
                || (name.equals("max")
                    ? ExprOperators.compare("<", best, o) < 0
                    : ExprOperators.compare(">", best, o) > 0)) {
              best = o;
            }
          }
          return best;
        }
      case "mean", "median":
        {
          List<Object> flat = flattenArgs(args);
          List<Double> nums = new ArrayList<>();
          for (Object o : flat) {
            if (!Values.isNumber(o)) {
              throw fail("invalid argument for " + name + " (type " + Values.typeName(o) + ")");
            }
            nums.add(Values.toDouble(o));
          }
          if (nums.isEmpty()) {
            return 0.0;
          }
          if (name.equals("mean")) {
            return nums.stream().mapToDouble(Double::doubleValue).sum() / nums.size();
          }
          nums.sort(null);
          int n = nums.size();
          return n % 2 == 1 ? nums.get(n / 2) : (nums.get(n / 2 - 1) + nums.get(n / 2)) / 2;
        }
      case "toJSON":
        arity(name, args, 1, 1);
        return GoJson.marshalIndent(args.get(0), "  ");
      case "fromJSON":
        arity(name, args, 1, 1);
        return GoJson.unmarshal(str(name, args.get(0)));
      case "toBase64":
        arity(name, args, 1, 1);
        return Base64.getEncoder()
            .encodeToString(str(name, args.get(0)).getBytes(StandardCharsets.UTF_8));
      case "fromBase64":
        arity(name, args, 1, 1);
        try {
          return new String(
              Base64.getDecoder().decode(str(name, args.get(0))), StandardCharsets.UTF_8);
        } catch (IllegalArgumentException e) {
          throw fail("illegal base64 data: " + e.getMessage());
        }
      case "now":
        if (now == null) {
          throw fail("now() needs a clock: evaluate with an explicit time");
        }
        return OffsetDateTime.ofInstant(now, ZoneOffset.UTC);
      case "duration":
        arity(name, args, 1, 1);
        return Durations.parse(str(name, args.get(0)));
      case "date":
        {
          arity(name, args, 1, 3);
          String text = str(name, args.get(0));
          if (args.size() >= 2) {
            return GoTime.parse(text, str(name, args.get(1)));
          }
          for (String layout :
              List.of(
                  "2006-01-02", "15:04:05", "2006-01-02 15:04:05", "2006-01-02T15:04:05Z07:00")) {
            try {
              return GoTime.parse(text, layout);
            } catch (ExpressionException e) {
              // next layout
            }
          }
          throw fail("invalid date " + text);
        }
      case "first", "last":
        {
          arity(name, args, 1, 1);
          if (args.get(0) instanceof List<?> l) {
            return l.isEmpty() ? null : l.get(name.equals("first") ? 0 : l.size() - 1);
          }
          if (args.get(0) == null) {
            return null;
          }
          throw fail("cannot get " + name + " element from " + Values.typeName(args.get(0)));
        }
      case "get":
        {
          arity(name, args, 2, 2);
          Object from = args.get(0);
          Object key = args.get(1);
          if (from instanceof Map<?, ?> m) {
            return m.get(key instanceof String ? key : GoText.v(key));
          }
          if (from instanceof List<?> l && Values.isNumber(key)) {
            long i = ((Number) key).longValue();
            if (i < 0) {
              i += l.size();
            }
            return i >= 0 && i < l.size() ? l.get((int) i) : null;
          }
          return null;
        }
      case "take":
        {
          arity(name, args, 2, 2);
          if (!(args.get(0) instanceof List<?> l)) {
            throw fail("cannot take from " + Values.typeName(args.get(0)));
          }
          long n = ExprInterpreter.toInt(args.get(1));
          return new ArrayList<>(l.subList(0, (int) Math.max(0, Math.min(n, l.size()))));
        }
      case "keys", "values", "toPairs":
        {
          arity(name, args, 1, 1);
          if (!(args.get(0) instanceof Map<?, ?> m)) {
            throw fail("cannot get " + name + " from " + Values.typeName(args.get(0)));
          }
          List<Object> out = new ArrayList<>();
          for (Map.Entry<?, ?> e : m.entrySet()) {
            out.add(
                switch (name) {
                  case "keys" -> e.getKey();
                  case "values" -> e.getValue();
                  default -> new ArrayList<>(List.of(e.getKey(), e.getValue()));
                });
          }
          return out;
        }
      case "fromPairs":
        {
          arity(name, args, 1, 1);
          Map<String, Object> out = new LinkedHashMap<>();
          for (Object pair : (List<Object>) args.get(0)) {
            if (!(pair instanceof List<?> p) || p.size() != 2) {
              throw fail("invalid pair " + GoText.v(pair));
            }
            out.put(GoText.v(p.get(0)), p.get(1));
          }
          return out;
        }
      case "reverse":
        {
          arity(name, args, 1, 1);
          List<Object> out = new ArrayList<>(list(name, args.get(0)));
          java.util.Collections.reverse(out);
          return out;
        }
      case "uniq":
        {
          arity(name, args, 1, 1);
          List<Object> out = new ArrayList<>();
          for (Object o : list(name, args.get(0))) {
            if (out.stream().noneMatch(x -> ExprOperators.equal(x, o))) {
              out.add(o);
            }
          }
          return out;
        }
      case "concat":
        {
          List<Object> out = new ArrayList<>();
          for (Object a : args) {
            out.addAll(list(name, a));
          }
          return out;
        }
      case "flatten":
        arity(name, args, 1, 1);
        return flattenArgs(list(name, args.get(0)));
      case "sort":
        {
          arity(name, args, 1, 2);
          List<Object> out = new ArrayList<>(list(name, args.get(0)));
          boolean desc = args.size() == 2 && "desc".equals(args.get(1));
          Comparator<Object> cmp = (x, y) -> ExprOperators.compare("<", x, y);
          out.sort(desc ? cmp.reversed() : cmp);
          return out;
        }
      case "bitnot":
        return ~ExprInterpreter.toInt(args.get(0));
      case "bitand":
        return ExprInterpreter.toInt(args.get(0)) & ExprInterpreter.toInt(args.get(1));
      case "bitor":
        return ExprInterpreter.toInt(args.get(0)) | ExprInterpreter.toInt(args.get(1));
      case "bitxor":
        return ExprInterpreter.toInt(args.get(0)) ^ ExprInterpreter.toInt(args.get(1));
      case "bitnand":
        return ExprInterpreter.toInt(args.get(0)) & ~ExprInterpreter.toInt(args.get(1));
      case "bitshl":
        return ExprInterpreter.toInt(args.get(0)) << ExprInterpreter.toInt(args.get(1));
      case "bitshr":
        return ExprInterpreter.toInt(args.get(0)) >> ExprInterpreter.toInt(args.get(1));
      case "bitushr":
        return ExprInterpreter.toInt(args.get(0)) >>> ExprInterpreter.toInt(args.get(1));
      default:
        throw fail("unknown func " + name);
    }
  }

  private static List<?> list(String fn, Object v) {
    if (v instanceof List<?> l) {
      return l;
    }
    throw fail("invalid argument for " + fn + " (type " + Values.typeName(v) + ")");
  }

  private static List<Object> flattenArgs(List<?> args) {
    List<Object> out = new ArrayList<>();
    for (Object o : args) {
      if (o instanceof List<?> l) {
        out.addAll(flattenArgs(l));
      } else {
        out.add(Values.normalize(o));
      }
    }
    return out;
  }

  /** expr's {@code int()}: truncates floats, parses base-10 strings. */
  static long toInt(Object v) {
    if (v instanceof Long l) {
      return l;
    }
    if (v instanceof Double d) {
      return (long) d.doubleValue();
    }
    if (v instanceof String s) {
      try {
        return Long.parseLong(s.startsWith("+") ? s.substring(1) : s);
      } catch (NumberFormatException e) {
        throw fail("invalid operation: int(" + s + ")");
      }
    }
    throw fail("invalid operation: int(" + Values.typeName(v) + ")");
  }

  /** expr's {@code float()}. */
  static double toFloat(Object v) {
    if (Values.isNumber(v)) {
      return Values.toDouble(v);
    }
    if (v instanceof String s) {
      try {
        if (s.matches(
            "(?i)[+-]?(\\d+\\.?\\d*(e[+-]?\\d+)?|\\.\\d+(e[+-]?\\d+)?|inf(inity)?|nan)")) {
          String t =
              s.replaceAll("(?i)^([+-]?)inf(inity)?$", "$1Infinity").replaceAll("(?i)^nan$", "NaN");
          return Double.parseDouble(t);
        }
      } catch (NumberFormatException e) {
        // fall through to the error
      }
      throw fail("invalid operation: float(" + s + ")");
    }
    throw fail("invalid operation: float(" + Values.typeName(v) + ")");
  }

  static String goTrimSpace(String s) {
    int a = 0;
    int b = s.length();
    while (a < b && isGoSpace(s.charAt(a))) {
      a++;
    }
    while (b > a && isGoSpace(s.charAt(b - 1))) {
      b--;
    }
    return s.substring(a, b);
  }

  private static boolean isGoSpace(char c) {
    return c == ' '
        || c == '\t'
        || c == '\n'
        || c == '\r'
        || c == 0x0b
        || c == '\f'
        || c == 0x85
        || c == 0xa0
        || Character.isSpaceChar(c);
  }

  static String trimCutset(String s, String cutset, boolean left, boolean right) {
    int a = 0;
    int b = s.length();
    while (left && a < b && cutset.indexOf(s.charAt(a)) >= 0) {
      a++;
    }
    while (right && b > a && cutset.indexOf(s.charAt(b - 1)) >= 0) {
      b--;
    }
    return s.substring(a, b);
  }

  /** Go's strings.SplitN / SplitAfterN. */
  static List<Object> split(String s, String sep, int n, boolean after) {
    List<Object> out = new ArrayList<>();
    if (n == 0) {
      return out;
    }
    if (sep.isEmpty()) {
      int[] cps = s.codePoints().toArray();
      for (int i = 0; i < cps.length; i++) {
        if (n > 0 && out.size() == n - 1) {
          out.add(new String(cps, i, cps.length - i));
          return out;
        }
        out.add(new String(cps, i, 1));
      }
      return out;
    }
    int start = 0;
    while (n < 0 || out.size() < n - 1) {
      int i = s.indexOf(sep, start);
      if (i < 0) {
        break;
      }
      out.add(s.substring(start, after ? i + sep.length() : i));
      start = i + sep.length();
    }
    out.add(s.substring(start));
    return out;
  }

  /** Go's strings.Replace (n < 0 means all). */
  static String replace(String s, String old, String neu, long n) {
    if (n < 0 && !old.isEmpty()) {
      return s.replace(old, neu);
    }
    StringBuilder b = new StringBuilder();
    int start = 0;
    long done = 0;
    if (old.isEmpty()) {
      // Go inserts the replacement before each rune and at the end
      int[] cps = s.codePoints().toArray();
      for (int i = 0; i <= cps.length; i++) {
        if (n < 0 || done < n) {
          b.append(neu);
          done++;
        }
        if (i < cps.length) {
          b.appendCodePoint(cps[i]);
        }
      }
      return b.toString();
    }
    while (done < n) {
      int i = s.indexOf(old, start);
      if (i < 0) {
        break;
      }
      b.append(s, start, i).append(neu);
      start = i + old.length();
      done++;
    }
    return b.append(s.substring(start)).toString();
  }
}
