package dev.hubflow.core.engine.expr;

import dev.hubflow.core.engine.expr.GovaluateLexer.Kind;
import dev.hubflow.core.engine.expr.GovaluateLexer.Token;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;

/**
 * Builds govaluate's evaluation tree: precedence from lowest {@code ,} then {@code ? : ??}, {@code
 * ||}, {@code &&}, comparators, {@code & | ^}, shifts, {@code + -}, {@code * / %}, {@code **},
 * prefixes; binary operators of one level associate left.
 */
final class GovaluateParser {

  /** A node of the tree; evaluation follows govaluate's stage operators and type checks. */
  interface Node {
    Object eval();
  }

  record Literal(Object value) implements Node {
    public Object eval() {
      return value;
    }
  }

  record Missing(String name) implements Node {
    public Object eval() {
      throw new ExpressionException("No parameter '" + name + "' found.");
    }
  }

  record Group(Node inner) implements Node {
    public Object eval() {
      return inner == null ? null : inner.eval();
    }
  }

  record Prefix(String op, Node operand) implements Node {
    public Object eval() {
      Object v = operand == null ? null : operand.eval();
      switch (op) {
        case "-":
          return -number(v, "-", "Value '%s' cannot be used with the prefix '%s'");
        case "!":
          if (!(v instanceof Boolean b)) {
            throw typeError("Value '%s' cannot be used with the prefix '%s'", v, "!");
          }
          return !b;
        default:
          return (double) ~(long) number(v, "~", "Value '%s' cannot be used with the prefix '%s'");
      }
    }
  }

  record Binary(String op, Node left, Node right) implements Node {
    public Object eval() {
      Object l = left == null ? null : left.eval();
      switch (op) {
        case "&&":
          if (Boolean.FALSE.equals(l)) {
            return false;
          }
          {
            Object r = evalRight();
            return bool(l, op) & bool(r, op);
          }
        case "||":
          if (Boolean.TRUE.equals(l)) {
            return true;
          }
          {
            Object r = evalRight();
            return bool(l, op) | bool(r, op);
          }
        case "?":
          if (Boolean.FALSE.equals(l)) {
            return null;
          }
          Object then = evalRight();
          if (!(l instanceof Boolean)) {
            throw typeError(TERNARY, l, "?");
          }
          return then;
        case ":", "??":
          return l != null ? l : evalRight();
        default:
          return apply(op, l, evalRight());
      }
    }

    private Object evalRight() {
      return right == null ? null : right.eval();
    }
  }

  private static final String LOGICAL =
      "Value '%s' cannot be used with the logical operator '%s', it is not a bool";
  private static final String MODIFIER =
      "Value '%s' cannot be used with the modifier '%s', it is not a number";
  private static final String COMPARATOR =
      "Value '%s' cannot be used with the comparator '%s', it is not a number";
  private static final String TERNARY =
      "Value '%s' cannot be used with the ternary operator '%s', it is not a bool";

  static ExpressionException typeError(String format, Object value, String op) {
    return new ExpressionException(String.format(format, GoText.v(value), op));
  }

  private static boolean bool(Object v, String op) {
    if (v instanceof Boolean b) {
      return b;
    }
    throw typeError(LOGICAL, v, op);
  }

  private static double number(Object v, String op, String format) {
    if (v instanceof Double d) {
      return d;
    }
    throw typeError(format, v, op);
  }

  static Object apply(String op, Object l, Object r) {
    switch (op) {
      case "==":
        return deepEqual(l, r);
      case "!=":
        return !deepEqual(l, r);
      case ">", ">=", "<", "<=":
        {
          int cmp;
          if (l instanceof Double a && r instanceof Double b) {
            if (a.isNaN() || b.isNaN()) {
              return false;
            }
            cmp = Double.compare(a, b);
            if (a == 0 && b == 0) {
              cmp = 0;
            }
          } else if (l instanceof String a && r instanceof String b) {
            cmp = compareBytes(a, b);
          } else {
            throw typeError(COMPARATOR, l, op);
          }
          return switch (op) {
            case ">" -> cmp > 0;
            case ">=" -> cmp >= 0;
            case "<" -> cmp < 0;
            default -> cmp <= 0;
          };
        }
      case "=~", "!~":
        {
          if (!(l instanceof String s)) {
            throw typeError(COMPARATOR, l, op);
          }
          Pattern p;
          if (r instanceof Pattern pattern) {
            p = pattern;
          } else if (r instanceof String regex) {
            p = compile(regex);
          } else {
            throw typeError(COMPARATOR, r, op);
          }
          boolean found = p.matcher(s).find();
          return op.equals("=~") == found;
        }
      case "in":
        {
          if (!(r instanceof List<?> list)) {
            throw typeError(COMPARATOR, r, op);
          }
          for (Object o : list) {
            if (!(o instanceof List) && Objects.equals(o, l)) {
              return true;
            }
          }
          return false;
        }
      case "+":
        if (l instanceof Double a && r instanceof Double b) {
          return a + b;
        }
        if (l instanceof String || r instanceof String) {
          return GoText.v(l) + GoText.v(r);
        }
        throw typeError(MODIFIER, l, op);
      case ",":
        {
          List<Object> out = new ArrayList<>();
          if (l instanceof List<?> list) {
            out.addAll(list);
          } else {
            out.add(l);
          }
          out.add(r);
          return out;
        }
      default:
        {
          double a = number(l, op, MODIFIER);
          double b = number(r, op, MODIFIER);
          return switch (op) {
            case "-" -> a - b;
            case "*" -> a * b;
            case "/" -> a / b;
            case "%" -> a % b;
            case "**" -> Math.pow(a, b);
            case "&" -> (double) ((long) a & (long) b);
            case "|" -> (double) ((long) a | (long) b);
            case "^" -> (double) ((long) a ^ (long) b);
            case "<<" -> (double) ((long) a << (long) b);
            case ">>" -> (double) ((long) a >>> (long) b);
            default -> throw new ExpressionException("unknown operator '" + op + "'");
          };
        }
    }
  }

  /** Go compares strings bytewise (UTF-8), which differs from UTF-16 order outside the BMP. */
  private static int compareBytes(String a, String b) {
    byte[] x = a.getBytes(java.nio.charset.StandardCharsets.UTF_8);
    byte[] y = b.getBytes(java.nio.charset.StandardCharsets.UTF_8);
    return java.util.Arrays.compareUnsigned(x, y);
  }

  static Pattern compile(String regex) {
    try {
      return Pattern.compile(regex);
    } catch (PatternSyntaxException e) {
      throw new ExpressionException(
          "Unable to compile regexp pattern '" + regex + "': " + e.getDescription());
    }
  }

  /** reflect.DeepEqual over the govaluate value kinds. */
  static boolean deepEqual(Object l, Object r) {
    if (l instanceof Double a && r instanceof Double b) {
      return a.doubleValue() == b.doubleValue();
    }
    if (l instanceof List<?> a && r instanceof List<?> b) {
      if (a.size() != b.size()) {
        return false;
      }
      for (int i = 0; i < a.size(); i++) {
        if (!deepEqual(a.get(i), b.get(i))) {
          return false;
        }
      }
      return true;
    }
    if (l instanceof Pattern a && r instanceof Pattern b) {
      return a.pattern().equals(b.pattern());
    }
    return Objects.equals(l, r);
  }

  // ---- parsing ----

  private static final List<Set<String>> LEVELS =
      List.of(
          Set.of(","),
          Set.of("?", ":", "??"),
          Set.of("||"),
          Set.of("&&"),
          GovaluateLexer.COMPARATOR_SYMBOLS,
          Set.of("&", "|", "^"),
          Set.of("<<", ">>"),
          Set.of("+", "-"),
          Set.of("*", "/", "%"),
          Set.of("**"));

  private static final List<Set<Kind>> LEVEL_KINDS =
      List.of(
          Set.of(Kind.SEPARATOR),
          Set.of(Kind.TERNARY),
          Set.of(Kind.LOGICALOP),
          Set.of(Kind.LOGICALOP),
          Set.of(Kind.COMPARATOR),
          Set.of(Kind.MODIFIER),
          Set.of(Kind.MODIFIER),
          Set.of(Kind.MODIFIER),
          Set.of(Kind.MODIFIER),
          Set.of(Kind.MODIFIER));

  private final List<Token> tokens;
  private int pos;

  private GovaluateParser(List<Token> tokens) {
    this.tokens = tokens;
  }

  static Node parse(List<Token> tokens) {
    if (tokens.isEmpty()) {
      return null;
    }
    GovaluateParser p = new GovaluateParser(tokens);
    return p.level(0);
  }

  private Node level(int i) {
    if (i == LEVELS.size()) {
      return value();
    }
    Node left = level(i + 1);
    while (pos < tokens.size()) {
      Token t = tokens.get(pos);
      if (!LEVEL_KINDS.get(i).contains(t.kind())
          || !(t.value() instanceof String op)
          || !LEVELS.get(i).contains(op)) {
        break;
      }
      pos++;
      Node right = level(i + 1);
      left = new Binary(op, left, right);
    }
    return left;
  }

  private Node value() {
    if (pos >= tokens.size()) {
      return null;
    }
    Token t = tokens.get(pos++);
    switch (t.kind()) {
      case CLAUSE:
        {
          Node inner = level(0);
          pos++; // the closing parenthesis; balance was checked before parsing
          return new Group(inner);
        }
      case CLAUSE_CLOSE:
        pos--;
        return null;
      case PREFIX:
        return new Prefix((String) t.value(), value());
      case NUMERIC, STRING, PATTERN, BOOLEAN:
        return new Literal(t.value());
      case TIME:
        return new Literal((double) ((java.time.OffsetDateTime) t.value()).toEpochSecond());
      case VARIABLE:
        return new Missing((String) t.value());
      case ACCESSOR:
        {
          @SuppressWarnings("unchecked")
          List<String> parts = (List<String>) t.value();
          if (pos < tokens.size() && tokens.get(pos).kind() == Kind.CLAUSE) {
            level(0); // method arguments: parsed, never reached without parameters
          }
          return new Missing(parts.get(0));
        }
      default:
        throw new ExpressionException(
            "Unable to plan token kind: '" + t.kind() + "', value: '" + t.display() + "'");
    }
  }
}
