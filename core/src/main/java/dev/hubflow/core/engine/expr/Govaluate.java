package dev.hubflow.core.engine.expr;

import dev.hubflow.core.engine.expr.GovaluateLexer.Kind;
import dev.hubflow.core.engine.expr.GovaluateLexer.Token;
import java.util.ArrayList;
import java.util.List;

/**
 * Argo's {@code when:} language: Knetic/govaluate after {@code {{…}}} substitution, evaluated as
 * Argo's {@code shouldExecute} does. Numbers are float64 ({@link Double}); bare words and {@code
 * [bracketed]} names are plain strings (Argo turns govaluate variables into string literals), so
 * {@code heads == heads} is true; {@code true}/{@code false} are booleans.
 */
public final class Govaluate {
  private Govaluate() {}

  /** Evaluates an expression; the result is a Double, String, Boolean, List or null. */
  public static Object evaluate(String expression) {
    GovaluateParser.Node root = compile(expression);
    try {
      return root == null ? null : root.eval();
    } catch (ExpressionException e) {
      throw new ExpressionException(
          "Failed to evaluate 'when' expression '" + expression + "': " + e.getMessage(), e);
    } catch (RuntimeException e) {
      throw new ExpressionException(
          "Failed to evaluate 'when' expression '" + expression + "': " + e, e);
    }
  }

  /**
   * Argo's {@code shouldExecute}: empty means true; anything else must evaluate to a boolean.
   *
   * @throws ExpressionException naming the expression when it does not parse, fails, or is not a
   *     boolean
   */
  public static boolean isTrue(String when) {
    if (when == null || when.isEmpty()) {
      return true;
    }
    Object result = evaluate(when);
    if (result instanceof Boolean b) {
      return b;
    }
    throw new ExpressionException(
        "Expected boolean evaluation for '" + when + "'. Got " + GoText.v(result));
  }

  /** Parses without evaluating; throws {@link ExpressionException} if Argo would reject it. */
  public static void check(String expression) {
    compile(expression);
  }

  private static GovaluateParser.Node compile(String expression) {
    List<Token> tokens;
    try {
      tokens = GovaluateLexer.lex(expression);
      checkBalance(tokens);
      checkSyntax(tokens);
    } catch (ExpressionException e) {
      String hint =
          e.getMessage().contains("Invalid token")
              ? " (hint: try wrapping the affected expression in quotes (\"))"
              : "";
      throw new ExpressionException(
          "Invalid 'when' expression '" + expression + "': " + e.getMessage() + hint, e);
    }
    // Argo's trick: govaluate variables become string literals so `foo != bar` needs no quotes.
    List<Token> converted = new ArrayList<>(tokens.size());
    for (Token t : tokens) {
      converted.add(t.kind() == Kind.VARIABLE ? t.withKind(Kind.STRING) : t);
    }
    try {
      checkSyntax(converted);
      optimizeRegexes(converted);
      return GovaluateParser.parse(converted);
    } catch (ExpressionException e) {
      throw new ExpressionException(
          "Failed to parse 'when' expression '" + expression + "': " + e.getMessage(), e);
    }
  }

  private static void checkBalance(List<Token> tokens) {
    int parens = 0;
    for (Token t : tokens) {
      if (t.kind() == Kind.CLAUSE) {
        parens++;
      } else if (t.kind() == Kind.CLAUSE_CLOSE) {
        parens--;
      }
    }
    if (parens != 0) {
      throw new ExpressionException("Unbalanced parenthesis");
    }
  }

  private static void checkSyntax(List<Token> tokens) {
    Kind state = Kind.UNKNOWN;
    Token last = null;
    for (Token t : tokens) {
      if (!GovaluateLexer.NEXT.get(state).contains(t.kind())) {
        if (last != null && last.kind() == Kind.VARIABLE && t.kind() == Kind.CLAUSE) {
          throw new ExpressionException("Undefined function " + last.value());
        }
        throw new ExpressionException(
            "Cannot transition token types from "
                + state
                + " ["
                + (last == null ? "<nil>" : last.display())
                + "] to "
                + t.kind()
                + " ["
                + t.display()
                + "]");
      }
      state = t.kind();
      last = t;
    }
    if (!tokens.isEmpty() && !GovaluateLexer.EOF_OK.contains(state)) {
      throw new ExpressionException("Unexpected end of expression");
    }
  }

  /** A constant string right of {@code =~}/{@code !~} is compiled up front, as govaluate does. */
  private static void optimizeRegexes(List<Token> tokens) {
    for (int i = 0; i + 1 < tokens.size(); i++) {
      Token t = tokens.get(i);
      if (t.kind() == Kind.COMPARATOR && ("=~".equals(t.value()) || "!~".equals(t.value()))) {
        Token next = tokens.get(i + 1);
        if (next.kind() == Kind.STRING) {
          tokens.set(
              i + 1, new Token(Kind.PATTERN, GovaluateParser.compile((String) next.value())));
        }
      }
    }
  }
}
