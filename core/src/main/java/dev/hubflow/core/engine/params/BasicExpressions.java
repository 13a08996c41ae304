package dev.hubflow.core.engine.params;

import dev.hubflow.core.engine.expr.ExpressionException;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * A small evaluator covering the common subset of govaluate and expr-lang: literals, dotted
 * variables, comparison, regex match, arithmetic, boolean logic, ternary. It stands in until the
 * full languages are plugged in through {@link Expressions}.
 */
public final class BasicExpressions implements Expressions {

  @Override
  public boolean when(String expression) {
    Object result;
    try {
      result = new Parser(expression, Map.of(), true).parseAll();
    } catch (ExpressionException e) {
      throw new ExpressionException(
          "Invalid 'when' expression '" + expression + "': " + e.getMessage(), e);
    }
    if (result instanceof Boolean b) {
      return b;
    }
    throw new ExpressionException(
        "Expected boolean evaluation for '" + expression + "'. Got " + result);
  }

  @Override
  public Object evaluate(String expression, Map<String, Object> variables) {
    return new Parser(expression, variables, false).parseAll();
  }

  private record Token(String kind, String text) {}

  private static final class Parser {
    private final String source;
    private final Map<String, Object> vars;
    private final boolean bareWordsAreStrings;
    private final List<Token> tokens;
    private int pos;

    Parser(String source, Map<String, Object> vars, boolean bareWordsAreStrings) {
      this.source = source;
      this.vars = vars;
      this.bareWordsAreStrings = bareWordsAreStrings;
      this.tokens = lex(source);
    }

    Object parseAll() {
      if (tokens.isEmpty()) {
        throw new ExpressionException("empty expression");
      }
      Object v = ternary();
      if (pos != tokens.size()) {
        throw new ExpressionException(
            "unexpected token '" + tokens.get(pos).text() + "' in '" + source + "'");
      }
      return v;
    }

    private List<Token> lex(String s) {
      List<Token> out = new ArrayList<>();
      int i = 0;
      while (i < s.length()) {
        char c = s.charAt(i);
        if (Character.isWhitespace(c)) {
          i++;
        } else if (c == '\'' || c == '"' || c == '`') {
          int j = i + 1;
          StringBuilder sb = new StringBuilder();
          while (j < s.length() && s.charAt(j) != c) {
            if (s.charAt(j) == '\\' && j + 1 < s.length() && c != '`') {
              j++;
            }
            sb.append(s.charAt(j));
            j++;
          }
          if (j >= s.length()) {
            throw new ExpressionException("unterminated string in '" + s + "'");
          }
          out.add(new Token("str", sb.toString()));
          i = j + 1;
        } else if (Character.isDigit(c)) {
          int j = i;
          while (j < s.length() && (Character.isDigit(s.charAt(j)) || s.charAt(j) == '.')) {
            j++;
          }
          if (j < s.length() && (Character.isLetter(s.charAt(j)) || s.charAt(j) == '_')) {
            // e.g. "2xx": a bare word
            while (j < s.length() && isWordChar(s.charAt(j))) {
              j++;
            }
            out.add(new Token("id", s.substring(i, j)));
          } else {
            out.add(new Token("num", s.substring(i, j)));
          }
          i = j;
        } else if (Character.isLetter(c) || c == '_' || c == '$') {
          int j = i;
          while (j < s.length() && (isWordChar(s.charAt(j)) || s.charAt(j) == '.')) {
            j++;
          }
          out.add(new Token("id", s.substring(i, j)));
          i = j;
        } else {
          String two = i + 1 < s.length() ? s.substring(i, i + 2) : "";
          if (List.of("==", "!=", "<=", ">=", "&&", "||", "=~", "!~").contains(two)) {
            out.add(new Token("op", two));
            i += 2;
          } else if ("()<>!+-*/%?:".indexOf(c) >= 0) {
            out.add(new Token("op", String.valueOf(c)));
            i++;
          } else {
            throw new ExpressionException("Invalid token: '" + c + "' in '" + s + "'");
          }
        }
      }
      return out;
    }

    private static boolean isWordChar(char c) {
      return Character.isLetterOrDigit(c) || c == '_';
    }

    private boolean accept(String text) {
      if (pos < tokens.size()
          && tokens.get(pos).text().equals(text)
          && !tokens.get(pos).kind().equals("str")) {
        pos++;
        return true;
      }
      return false;
    }

    private Object ternary() {
      Object cond = or();
      if (accept("?")) {
        Object a = ternary();
        if (!accept(":")) {
          throw new ExpressionException("expected ':' in '" + source + "'");
        }
        Object b = ternary();
        return truth(cond) ? a : b;
      }
      return cond;
    }

    private Object or() {
      Object left = and();
      while (accept("||") || accept("or")) {
        Object right = and();
        left = truth(left) || truth(right);
      }
      return left;
    }

    private Object and() {
      Object left = comparison();
      while (accept("&&") || accept("and")) {
        Object right = comparison();
        left = truth(left) && truth(right);
      }
      return left;
    }

    private Object comparison() {
      Object left = additive();
      while (true) {
        if (accept("==")) {
          left = equal(left, additive());
        } else if (accept("!=")) {
          left = !equal(left, additive());
        } else if (accept("<=")) {
          left = compare(left, additive()) <= 0;
        } else if (accept(">=")) {
          left = compare(left, additive()) >= 0;
        } else if (accept("<")) {
          left = compare(left, additive()) < 0;
        } else if (accept(">")) {
          left = compare(left, additive()) > 0;
        } else if (accept("=~")) {
          left = Pattern.compile(String.valueOf(additive())).matcher(String.valueOf(left)).find();
        } else if (accept("!~")) {
          left = !Pattern.compile(String.valueOf(additive())).matcher(String.valueOf(left)).find();
        } else {
          return left;
        }
      }
    }

    private Object additive() {
      Object left = multiplicative();
      while (true) {
        if (accept("+")) {
          Object right = multiplicative();
          left =
              left instanceof BigDecimal a && right instanceof BigDecimal b
                  ? a.add(b)
                  : String.valueOf(left) + right;
        } else if (accept("-")) {
          left = number(left).subtract(number(multiplicative()));
        } else {
          return left;
        }
      }
    }

    private Object multiplicative() {
      Object left = unary();
      while (true) {
        if (accept("*")) {
          left = number(left).multiply(number(unary()));
        } else if (accept("/")) {
          left = number(left).divide(number(unary()), java.math.MathContext.DECIMAL64);
        } else if (accept("%")) {
          left = number(left).remainder(number(unary()));
        } else {
          return left;
        }
      }
    }

    private Object unary() {
      if (accept("!") || accept("not")) {
        return !truth(unary());
      }
      if (accept("-")) {
        return number(unary()).negate();
      }
      return primary();
    }

    private Object primary() {
      if (pos >= tokens.size()) {
        throw new ExpressionException("unexpected end of expression '" + source + "'");
      }
      Token t = tokens.get(pos++);
      switch (t.kind()) {
        case "str":
          return t.text();
        case "num":
          return new BigDecimal(t.text());
        case "op":
          if (t.text().equals("(")) {
            Object v = ternary();
            if (!accept(")")) {
              throw new ExpressionException("expected ')' in '" + source + "'");
            }
            return v;
          }
          throw new ExpressionException("unexpected '" + t.text() + "' in '" + source + "'");
        default:
          return identifier(t.text());
      }
    }

    private Object identifier(String name) {
      switch (name) {
        case "true":
          return Boolean.TRUE;
        case "false":
          return Boolean.FALSE;
        case "nil":
        case "null":
          return null;
        default:
          break;
      }
      if (vars.containsKey(name)) {
        return normalize(vars.get(name));
      }
      if (bareWordsAreStrings) {
        return name;
      }
      throw new ExpressionException("unknown name " + name + " in '" + source + "'");
    }

    private static Object normalize(Object v) {
      if (v instanceof Number n && !(v instanceof BigDecimal)) {
        return new BigDecimal(n.toString());
      }
      return v;
    }

    private static boolean truth(Object v) {
      if (v instanceof Boolean b) {
        return b;
      }
      throw new ExpressionException("expected a boolean, got " + v);
    }

    private static BigDecimal number(Object v) {
      if (v instanceof BigDecimal d) {
        return d;
      }
      try {
        return new BigDecimal(String.valueOf(v).trim());
      } catch (NumberFormatException e) {
        throw new ExpressionException("expected a number, got " + v);
      }
    }

    private static boolean equal(Object a, Object b) {
      if (a instanceof BigDecimal x && b instanceof BigDecimal y) {
        return x.compareTo(y) == 0;
      }
      return String.valueOf(a).equals(String.valueOf(b));
    }

    private static int compare(Object a, Object b) {
      if (a instanceof String x && b instanceof String y) {
        return x.compareTo(y);
      }
      return number(a).compareTo(number(b));
    }
  }
}
