package dev.hubflow.core.engine.expr;

import static dev.hubflow.core.engine.expr.ExprInterpreter.fail;

import java.time.Duration;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;

/** expr-lang's binary operators over the shared value model (its {@code vm/runtime} helpers). */
final class ExprOperators {
  private ExprOperators() {}

  static Object apply(String op, Object l, Object r) {
    switch (op) {
      case "==":
        return equal(l, r);
      case "!=":
        return !equal(l, r);
      case "<", ">", "<=", ">=":
        {
          int c = compare(op, l, r);
          return switch (op) {
            case "<" -> c < 0;
            case ">" -> c > 0;
            case "<=" -> c <= 0;
            default -> c >= 0;
          };
        }
      case "+":
        return add(l, r);
      case "-":
        return subtract(l, r);
      case "*":
        if (l instanceof Long a && r instanceof Long b) {
          return a * b;
        }
        if (Values.isNumber(l) && Values.isNumber(r)) {
          return Values.toDouble(l) * Values.toDouble(r);
        }
        if (l instanceof Duration d && r instanceof Long n) {
          return d.multipliedBy(n);
        }
        throw invalid(op, l, r);
      case "/":
        if (Values.isNumber(l) && Values.isNumber(r)) {
          return Values.toDouble(l) / Values.toDouble(r);
        }
        throw invalid(op, l, r);
      case "%":
        if (l instanceof Long a && r instanceof Long b) {
          if (b == 0) {
            throw fail("integer divide by zero");
          }
          return a % b;
        }
        throw invalid(op, l, r);
      case "**", "^":
        if (Values.isNumber(l) && Values.isNumber(r)) {
          return Math.pow(Values.toDouble(l), Values.toDouble(r));
        }
        throw invalid(op, l, r);
      case "in":
        return in(l, r);
      case "matches":
        {
          String s = string(op, l, r, l);
          String regex = string(op, l, r, r);
          try {
            return Pattern.compile(regex).matcher(s).find();
          } catch (PatternSyntaxException e) {
            throw fail("error parsing regexp: " + e.getDescription() + ": `" + regex + "`");
          }
        }
      case "contains":
        return string(op, l, r, l).contains(string(op, l, r, r));
      case "startsWith":
        return string(op, l, r, l).startsWith(string(op, l, r, r));
      case "endsWith":
        return string(op, l, r, l).endsWith(string(op, l, r, r));
      case "..":
        {
          if (!(l instanceof Long a) || !(r instanceof Long b)) {
            throw invalid(op, l, r);
          }
          List<Object> out = new ArrayList<>();
          for (long i = a; i <= b; i++) {
            out.add(i);
          }
          return out;
        }
      default:
        throw fail("unknown operator " + op);
    }
  }

  private static String string(String op, Object l, Object r, Object v) {
    if (v instanceof String s) {
      return s;
    }
    throw ExprInterpreter.mismatch(op, l, r);
  }

  private static ExprInterpreter.ExprRuntimeError invalid(String op, Object l, Object r) {
    return ExprInterpreter.mismatch(op, l, r);
  }

  static boolean equal(Object a, Object b) {
    a = Values.normalize(a);
    b = Values.normalize(b);
    if (a instanceof Long x && b instanceof Long y) {
      return x.longValue() == y.longValue();
    }
    if (Values.isNumber(a) && Values.isNumber(b)) {
      return Values.toDouble(a) == Values.toDouble(b);
    }
    if (a instanceof OffsetDateTime x && b instanceof OffsetDateTime y) {
      return x.isEqual(y);
    }
    if (a instanceof List<?> x && b instanceof List<?> y) {
      if (x.size() != y.size()) {
        return false;
      }
      for (int i = 0; i < x.size(); i++) {
        if (!equal(x.get(i), y.get(i))) {
          return false;
        }
      }
      return true;
    }
    if (a instanceof Map<?, ?> x && b instanceof Map<?, ?> y) {
      // reflect.DeepEqual: same keys, values of the same kinds
      if (x.size() != y.size()) {
        return false;
      }
      for (Map.Entry<?, ?> e : x.entrySet()) {
        if (!y.containsKey(e.getKey())) {
          return false;
        }
        Object xv = Values.normalize(e.getValue());
        Object yv = Values.normalize(y.get(e.getKey()));
        if (xv != null && yv != null && xv.getClass() != yv.getClass()) {
          return false;
        }
        if (!equal(xv, yv)) {
          return false;
        }
      }
      return true;
    }
    return Objects.equals(a, b);
  }

  static int compare(String op, Object a, Object b) {
    if (a instanceof Long x && b instanceof Long y) {
      return Long.compare(x, y);
    }
    if (Values.isNumber(a) && Values.isNumber(b)) {
      double x = Values.toDouble(a);
      double y = Values.toDouble(b);
      return x < y ? -1 : x > y ? 1 : 0;
    }
    if (a instanceof String x && b instanceof String y) {
      return java.util.Arrays.compareUnsigned(
          x.getBytes(java.nio.charset.StandardCharsets.UTF_8),
          y.getBytes(java.nio.charset.StandardCharsets.UTF_8));
    }
    if (a instanceof OffsetDateTime x && b instanceof OffsetDateTime y) {
      return x.compareTo(y) < 0 ? -1 : x.isEqual(y) ? 0 : 1;
    }
    if (a instanceof Duration x && b instanceof Duration y) {
      return x.compareTo(y);
    }
    throw fail("invalid operation: " + Values.typeName(a) + " " + op + " " + Values.typeName(b));
  }

  private static Object add(Object l, Object r) {
    if (l instanceof Long a && r instanceof Long b) {
      return a + b;
    }
    if (Values.isNumber(l) && Values.isNumber(r)) {
      return Values.toDouble(l) + Values.toDouble(r);
    }
    if (l instanceof String a && r instanceof String b) {
      return a + b;
    }
    if (l instanceof OffsetDateTime t && r instanceof Duration d) {
      return t.plus(d);
    }
    if (l instanceof Duration d && r instanceof OffsetDateTime t) {
      return t.plus(d);
    }
    if (l instanceof Duration a && r instanceof Duration b) {
      return a.plus(b);
    }
    if (l instanceof List<?> a && r instanceof List<?> b) {
      List<Object> out = new ArrayList<>(a);
      out.addAll(b);
      return out;
    }
    throw invalid("+", l, r);
  }

  private static Object subtract(Object l, Object r) {
    if (l instanceof Long a && r instanceof Long b) {
      return a - b;
    }
    if (Values.isNumber(l) && Values.isNumber(r)) {
      return Values.toDouble(l) - Values.toDouble(r);
    }
    if (l instanceof OffsetDateTime a && r instanceof OffsetDateTime b) {
      return Duration.between(b, a);
    }
    if (l instanceof OffsetDateTime t && r instanceof Duration d) {
      return t.minus(d);
    }
    if (l instanceof Duration a && r instanceof Duration b) {
      return a.minus(b);
    }
    throw invalid("-", l, r);
  }

  static boolean in(Object needle, Object haystack) {
    haystack = Values.normalize(haystack);
    if (haystack == null) {
      return false;
    }
    if (haystack instanceof List<?> list) {
      for (Object o : list) {
        if (equal(o, needle)) {
          return true;
        }
      }
      return false;
    }
    if (haystack instanceof Map<?, ?> map) {
      return map.containsKey(needle instanceof String ? needle : GoText.v(needle));
    }
    throw fail("operator \"in\" not defined on " + Values.typeName(haystack));
  }
}
