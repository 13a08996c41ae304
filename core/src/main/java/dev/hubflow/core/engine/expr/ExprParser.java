package dev.hubflow.core.engine.expr;

import dev.hubflow.core.engine.expr.ExprLexer.Kind;
import dev.hubflow.core.engine.expr.ExprLexer.Token;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;

/** expr-lang's parser: precedence climbing over the operator table of expr v1.17. */
final class ExprParser {

  private record Op(int precedence, boolean rightAssoc) {}

  private static final Map<String, Integer> UNARY = Map.of("not", 50, "!", 50, "-", 90, "+", 90);

  private static final Map<String, Op> BINARY =
      Map.ofEntries(
          Map.entry("|", new Op(0, false)),
          Map.entry("or", new Op(10, false)),
          Map.entry("||", new Op(10, false)),
          Map.entry("and", new Op(15, false)),
          Map.entry("&&", new Op(15, false)),
          Map.entry("==", new Op(20, false)),
          Map.entry("!=", new Op(20, false)),
          Map.entry("<", new Op(20, false)),
          Map.entry(">", new Op(20, false)),
          Map.entry(">=", new Op(20, false)),
          Map.entry("<=", new Op(20, false)),
          Map.entry("in", new Op(20, false)),
          Map.entry("matches", new Op(20, false)),
          Map.entry("contains", new Op(20, false)),
          Map.entry("startsWith", new Op(20, false)),
          Map.entry("endsWith", new Op(20, false)),
          Map.entry("..", new Op(25, false)),
          Map.entry("+", new Op(30, false)),
          Map.entry("-", new Op(30, false)),
          Map.entry("*", new Op(60, false)),
          Map.entry("/", new Op(60, false)),
          Map.entry("%", new Op(60, false)),
          Map.entry("**", new Op(100, true)),
          Map.entry("^", new Op(100, true)),
          Map.entry("??", new Op(500, false)));

  private static final Set<String> COMPARISONS = Set.of("<", ">", ">=", "<=");
  private static final Set<String> NEGATABLE =
      Set.of("contains", "matches", "startsWith", "endsWith", "in");

  /** Builtins whose second argument is a closure; {@code ?} marks an optional argument. */
  private static final Map<String, String[]> PREDICATE_ARGS =
      Map.ofEntries(
          Map.entry("all", new String[] {"expr", "predicate"}),
          Map.entry("none", new String[] {"expr", "predicate"}),
          Map.entry("any", new String[] {"expr", "predicate"}),
          Map.entry("one", new String[] {"expr", "predicate"}),
          Map.entry("filter", new String[] {"expr", "predicate"}),
          Map.entry("map", new String[] {"expr", "predicate"}),
          Map.entry("count", new String[] {"expr", "predicate?"}),
          Map.entry("sum", new String[] {"expr", "predicate?"}),
          Map.entry("find", new String[] {"expr", "predicate"}),
          Map.entry("findIndex", new String[] {"expr", "predicate"}),
          Map.entry("findLast", new String[] {"expr", "predicate"}),
          Map.entry("findLastIndex", new String[] {"expr", "predicate"}),
          Map.entry("groupBy", new String[] {"expr", "predicate"}),
          Map.entry("sortBy", new String[] {"expr", "predicate", "expr?"}),
          Map.entry("reduce", new String[] {"expr", "predicate", "expr?"}));

  private final String src;
  private final List<Token> tokens;
  private int pos;
  private int depth;

  private ExprParser(String src) {
    this.src = src;
    this.tokens = ExprLexer.lex(src);
  }

  static ExprNode parse(String source) {
    ExprParser p = new ExprParser(source);
    ExprNode node = p.sequence();
    if (p.current().kind() != Kind.EOF) {
      throw p.error("unexpected token " + p.current());
    }
    return node;
  }

  private Token current() {
    return tokens.get(pos);
  }

  private void next() {
    if (current().kind() == Kind.EOF) {
      throw error("unexpected end of expression");
    }
    pos++;
  }

  private ExpressionException error(String message) {
    return error(message, current());
  }

  private ExpressionException error(String message, Token at) {
    return new ExpressionException(Expr.located(message, src, at.from() + 1));
  }

  private void expect(Kind kind, String value) {
    if (current().is(kind, value)) {
      next();
      return;
    }
    throw error("unexpected token " + current());
  }

  private ExprNode sequence() {
    List<ExprNode> nodes = new ArrayList<>();
    nodes.add(expression(0));
    while (current().isOperator(";")) {
      next();
      if (current().kind() == Kind.EOF) {
        break;
      }
      nodes.add(expression(0));
    }
    return nodes.size() == 1 ? nodes.get(0) : new ExprNode.Sequence(nodes, nodes.get(0).at());
  }

  private ExprNode expression(int precedence) {
    if (precedence == 0 && current().isOperator("let")) {
      return let();
    }
    if (precedence == 0 && current().isOperator("if")) {
      return conditionalIf();
    }
    ExprNode left = primary();
    String prev = "";
    Token opToken = current();
    while (opToken.kind() == Kind.OPERATOR) {
      boolean negate = opToken.isOperator("not");
      if (negate) {
        int backup = pos;
        next();
        Op op = BINARY.get(current().value());
        if (NEGATABLE.contains(current().value()) && op != null && op.precedence >= precedence) {
          opToken = current();
        } else if (NEGATABLE.contains(current().value())) {
          pos = backup;
          break;
        } else {
          throw error("unexpected token " + current());
        }
      }
      Op op = BINARY.get(opToken.value());
      if (op == null || op.precedence < precedence) {
        break;
      }
      next();
      if (opToken.value().equals("|")) {
        Token ident = current();
        expect(Kind.IDENTIFIER, ident.value());
        left = call(ident, new ArrayList<>(List.of(left)));
      } else {
        if (prev.equals("??") && !opToken.value().equals("??")) {
          throw error(
              "Operator ("
                  + opToken.value()
                  + ") and coalesce expressions (??) cannot be mixed. Wrap either by parentheses.",
              opToken);
        }
        if (COMPARISONS.contains(opToken.value())) {
          left = comparison(left, opToken, op.precedence);
        } else {
          ExprNode right = expression(op.rightAssoc ? op.precedence : op.precedence + 1);
          left = new ExprNode.Binary(opToken.value(), left, right, opToken.from());
          if (negate) {
            left = new ExprNode.Unary("not", left, opToken.from());
          }
        }
      }
      prev = opToken.value();
      opToken = current();
    }
    if (precedence == 0) {
      left = conditional(left);
    }
    return left;
  }

  /** {@code a < b < c} means {@code a < b && b < c}. */
  private ExprNode comparison(ExprNode left, Token token, int precedence) {
    ExprNode root = null;
    while (true) {
      ExprNode right = expression(precedence + 1);
      ExprNode cmp = new ExprNode.Binary(token.value(), left, right, token.from());
      root = root == null ? cmp : new ExprNode.Binary("&&", root, cmp, token.from());
      left = right;
      token = current();
      if (!(token.kind() == Kind.OPERATOR && COMPARISONS.contains(token.value()))) {
        break;
      }
      next();
    }
    return root;
  }

  private ExprNode let() {
    Token start = current();
    expect(Kind.OPERATOR, "let");
    Token name = current();
    if (name.kind() != Kind.IDENTIFIER) {
      throw error("unexpected token " + name);
    }
    next();
    expect(Kind.OPERATOR, "=");
    ExprNode value = expression(0);
    expect(Kind.OPERATOR, ";");
    ExprNode body = sequence();
    return new ExprNode.Let(name.value(), value, body, start.from());
  }

  private ExprNode conditionalIf() {
    Token start = current();
    next();
    ExprNode cond = expression(0);
    expect(Kind.BRACKET, "{");
    ExprNode then = sequence();
    expect(Kind.BRACKET, "}");
    expect(Kind.OPERATOR, "else");
    ExprNode otherwise;
    if (current().isOperator("if")) {
      otherwise = conditionalIf();
    } else {
      expect(Kind.BRACKET, "{");
      otherwise = sequence();
      expect(Kind.BRACKET, "}");
    }
    return new ExprNode.Conditional(cond, then, otherwise, start.from());
  }

  private ExprNode conditional(ExprNode node) {
    while (current().isOperator("?")) {
      int at = current().from();
      next();
      ExprNode then;
      ExprNode otherwise;
      if (!current().isOperator(":")) {
        then = expression(0);
        expect(Kind.OPERATOR, ":");
        otherwise = expression(0);
      } else {
        next();
        then = node;
        otherwise = expression(0);
      }
      node = new ExprNode.Conditional(node, then, otherwise, at);
    }
    return node;
  }

  private ExprNode primary() {
    Token t = current();
    if (t.kind() == Kind.OPERATOR && UNARY.containsKey(t.value())) {
      next();
      ExprNode operand = expression(UNARY.get(t.value()));
      return postfix(new ExprNode.Unary(t.value(), operand, t.from()));
    }
    if (t.is(Kind.BRACKET, "(")) {
      next();
      ExprNode inner = sequence();
      expect(Kind.BRACKET, ")");
      return postfix(inner);
    }
    if (depth > 0 && (t.isOperator("#") || t.isOperator("."))) {
      String name = "";
      if (t.isOperator("#")) {
        next();
        if (current().kind() == Kind.IDENTIFIER) {
          name = current().value();
          next();
        }
      }
      return postfix(new ExprNode.Pointer(name, t.from()));
    }
    if (t.isOperator("::")) {
      next();
      Token ident = current();
      expect(Kind.IDENTIFIER, ident.value());
      return postfix(call(ident, new ArrayList<>()));
    }
    return secondary();
  }

  private ExprNode secondary() {
    Token t = current();
    ExprNode node;
    switch (t.kind()) {
      case IDENTIFIER:
        next();
        switch (t.value()) {
          case "true":
            return new ExprNode.Bool(true, t.from());
          case "false":
            return new ExprNode.Bool(false, t.from());
          case "nil":
            return new ExprNode.Nil(t.from());
          default:
            if (current().is(Kind.BRACKET, "(")) {
              node = call(t, new ArrayList<>());
            } else {
              node = new ExprNode.Identifier(t.value(), t.from());
            }
        }
        break;
      case NUMBER:
        next();
        return number(t);
      case STRING:
        next();
        node = new ExprNode.Str(t.value(), t.from());
        break;
      default:
        if (t.is(Kind.BRACKET, "[")) {
          node = array();
        } else if (t.is(Kind.BRACKET, "{")) {
          node = map();
        } else {
          throw error("unexpected token " + t);
        }
    }
    return postfix(node);
  }

  private ExprNode number(Token t) {
    String v = t.value().replace("_", "");
    String lower = v.toLowerCase();
    try {
      if (lower.startsWith("0x")) {
        return new ExprNode.Int(Long.parseLong(v.substring(2), 16), t.from());
      }
      if (lower.startsWith("0b")) {
        return new ExprNode.Int(Long.parseLong(v.substring(2), 2), t.from());
      }
      if (lower.startsWith("0o")) {
        return new ExprNode.Int(Long.parseLong(v.substring(2), 8), t.from());
      }
      if (lower.contains(".") || lower.contains("e")) {
        return new ExprNode.Float(Double.parseDouble(v), t.from());
      }
      return new ExprNode.Int(Long.parseLong(v), t.from());
    } catch (NumberFormatException e) {
      throw error("invalid number literal: " + t.value(), t);
    }
  }

  private ExprNode call(Token name, List<ExprNode> args) {
    String[] specs = PREDICATE_ARGS.get(name.value());
    if (specs != null) {
      expect(Kind.BRACKET, "(");
      int remaining = specs.length - args.size();
      for (int i = 0; i < remaining; i++) {
        String spec = specs[args.size()];
        if (spec.endsWith("?")) {
          if (current().is(Kind.BRACKET, ")")) {
            break;
          }
        } else if (current().is(Kind.BRACKET, ")")) {
          throw error("expected at least " + remaining + " arguments");
        }
        if (i > 0) {
          expect(Kind.OPERATOR, ",");
        }
        args.add(spec.startsWith("predicate") ? predicate() : expression(0));
      }
      if (current().isOperator(",")) {
        next();
      }
      expect(Kind.BRACKET, ")");
      return new ExprNode.Builtin(name.value(), args, name.from());
    }
    if (ExprBuiltins.NAMES.contains(name.value())) {
      return new ExprNode.Builtin(name.value(), arguments(args), name.from());
    }
    return new ExprNode.Call(
        new ExprNode.Identifier(name.value(), name.from()), arguments(args), name.from());
  }

  private List<ExprNode> arguments(List<ExprNode> args) {
    int offset = args.size();
    expect(Kind.BRACKET, "(");
    while (!current().is(Kind.BRACKET, ")")) {
      if (args.size() > offset) {
        expect(Kind.OPERATOR, ",");
      }
      if (current().is(Kind.BRACKET, ")")) {
        break;
      }
      args.add(expression(0));
    }
    expect(Kind.BRACKET, ")");
    return args;
  }

  private ExprNode predicate() {
    Token start = current();
    boolean brackets = false;
    if (start.is(Kind.BRACKET, "{")) {
      next();
      brackets = true;
    }
    depth++;
    ExprNode node;
    if (brackets) {
      node = sequence();
    } else {
      node = expression(0);
      if (current().isOperator(";")) {
        throw error("wrap predicate with brackets { and }");
      }
    }
    depth--;
    if (brackets) {
      expect(Kind.BRACKET, "}");
    }
    return new ExprNode.Predicate(node, start.from());
  }

  private ExprNode array() {
    Token start = current();
    expect(Kind.BRACKET, "[");
    List<ExprNode> nodes = new ArrayList<>();
    while (!current().is(Kind.BRACKET, "]")) {
      if (!nodes.isEmpty()) {
        expect(Kind.OPERATOR, ",");
        if (current().is(Kind.BRACKET, "]")) {
          break;
        }
      }
      nodes.add(expression(0));
    }
    expect(Kind.BRACKET, "]");
    return new ExprNode.Array(nodes, start.from());
  }

  private ExprNode map() {
    Token start = current();
    expect(Kind.BRACKET, "{");
    List<ExprNode> keys = new ArrayList<>();
    List<ExprNode> values = new ArrayList<>();
    while (!current().is(Kind.BRACKET, "}")) {
      if (!keys.isEmpty()) {
        expect(Kind.OPERATOR, ",");
        if (current().is(Kind.BRACKET, "}")) {
          break;
        }
        if (current().isOperator(",")) {
          throw error("unexpected token " + current());
        }
      }
      Token k = current();
      ExprNode key;
      if (k.kind() == Kind.NUMBER || k.kind() == Kind.STRING || k.kind() == Kind.IDENTIFIER) {
        key = new ExprNode.Str(k.value(), k.from());
        next();
      } else if (k.is(Kind.BRACKET, "(")) {
        key = expression(0);
      } else {
        throw error(
            "a map key must be a quoted string, a number, a identifier, or an expression enclosed"
                + " in parentheses (unexpected token "
                + k
                + ")");
      }
      expect(Kind.OPERATOR, ":");
      keys.add(key);
      values.add(expression(0));
    }
    expect(Kind.BRACKET, "}");
    return new ExprNode.MapLiteral(keys, values, start.from());
  }

  private ExprNode postfix(ExprNode node) {
    while (true) {
      Token t = current();
      if (!(t.kind() == Kind.OPERATOR || t.kind() == Kind.BRACKET)) {
        return node;
      }
      boolean optional = t.value().equals("?.");
      if (t.value().equals(".") || optional) {
        next();
        Token prop = current();
        if (optional && prop.is(Kind.BRACKET, "[")) {
          node = index(node, true);
          continue;
        }
        next();
        if (prop.kind() != Kind.IDENTIFIER
            && !(prop.kind() == Kind.OPERATOR
                && prop.value().matches("[A-Za-z_$][A-Za-z0-9_$]*"))) {
          throw error("expected name", prop);
        }
        ExprNode base = node instanceof ExprNode.Chain c ? c.node() : node;
        boolean chained = node instanceof ExprNode.Chain || optional;
        boolean method = current().is(Kind.BRACKET, "(");
        ExprNode member =
            new ExprNode.Member(
                base, new ExprNode.Str(prop.value(), prop.from()), optional, method, prop.from());
        if (method) {
          member = new ExprNode.Call(member, arguments(new ArrayList<>()), prop.from());
        }
        node = chained ? new ExprNode.Chain(member, prop.from()) : member;
      } else if (t.value().equals("[")) {
        node = index(node, false);
      } else {
        return node;
      }
    }
  }

  private ExprNode index(ExprNode node, boolean optional) {
    Token t = current();
    next();
    ExprNode from = null;
    if (!current().isOperator(":")) {
      from = expression(0);
    }
    if (current().isOperator(":")) {
      next();
      ExprNode to = null;
      if (!current().is(Kind.BRACKET, "]")) {
        to = expression(0);
      }
      expect(Kind.BRACKET, "]");
      return new ExprNode.Slice(node, from, to, t.from());
    }
    expect(Kind.BRACKET, "]");
    ExprNode member = new ExprNode.Member(node, from, optional, false, t.from());
    return optional ? new ExprNode.Chain(member, t.from()) : member;
  }
}
