package dev.hubflow.core.engine.expr;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/** Tokens of expr-lang (github.com/expr-lang/expr v1.17), as its lexer produces them. */
final class ExprLexer {

  enum Kind {
    IDENTIFIER,
    NUMBER,
    STRING,
    OPERATOR,
    BRACKET,
    EOF
  }

  record Token(Kind kind, String value, int from) {
    boolean is(Kind k, String v) {
      return kind == k && value.equals(v);
    }

    boolean isOperator(String v) {
      return is(Kind.OPERATOR, v);
    }

    @Override
    public String toString() {
      return kind == Kind.EOF
          ? "EOF"
          : kind.name().charAt(0) + kind.name().substring(1).toLowerCase() + "(\"" + value + "\")";
    }
  }

  private static final Set<String> WORD_OPERATORS =
      Set.of(
          "in", "or", "and", "matches", "contains", "startsWith", "endsWith", "let", "if", "else");
  private static final Set<String> NEGATABLE =
      Set.of("in", "matches", "contains", "startsWith", "endsWith");

  private final String src;
  private int pos;
  private final List<Token> out = new ArrayList<>();

  private ExprLexer(String src) {
    this.src = src;
  }

  static List<Token> lex(String source) {
    ExprLexer l = new ExprLexer(source);
    l.run();
    return l.out;
  }

  private ExpressionException error(String message, int at) {
    return new ExpressionException(Expr.located(message, src, at));
  }

  private char peek(int ahead) {
    int i = pos + ahead;
    return i < src.length() ? src.charAt(i) : '\0';
  }

  private boolean has(int ahead) {
    return pos + ahead < src.length();
  }

  private void run() {
    while (pos < src.length()) {
      char c = src.charAt(pos);
      int start = pos;
      if (Character.isWhitespace(c)) {
        pos++;
      } else if (c == '\'' || c == '"') {
        out.add(new Token(Kind.STRING, string(c), start));
      } else if (c == '`') {
        int end = src.indexOf('`', pos + 1);
        if (end < 0) {
          throw error("literal not terminated", src.length());
        }
        out.add(new Token(Kind.STRING, src.substring(pos + 1, end), start));
        pos = end + 1;
      } else if (c >= '0' && c <= '9' || c == '.' && Character.isDigit(peek(1))) {
        number();
      } else if (c == '/' && peek(1) == '/') {
        while (pos < src.length() && src.charAt(pos) != '\n') {
          pos++;
        }
      } else if (c == '/' && peek(1) == '*') {
        int end = src.indexOf("*/", pos + 2);
        if (end < 0) {
          throw error("unclosed comment", src.length());
        }
        pos = end + 2;
      } else if (c == '?') {
        pos++;
        if (has(0) && (peek(0) == '.' || peek(0) == '?')) {
          pos++;
        }
        emit(Kind.OPERATOR, start);
      } else if (c == '#') {
        pos++;
        emit(Kind.OPERATOR, start);
        int s = pos;
        while (has(0) && isAlphaNumeric(peek(0))) {
          pos++;
        }
        if (pos > s) {
          emit(Kind.IDENTIFIER, s);
        }
      } else if (c == '|' || c == ':') {
        pos++;
        if (has(0) && peek(0) == c) {
          pos++;
        }
        emit(Kind.OPERATOR, start);
      } else if ("([{)]}".indexOf(c) >= 0) {
        pos++;
        emit(Kind.BRACKET, start);
      } else if (",;%+-^/".indexOf(c) >= 0) {
        pos++;
        emit(Kind.OPERATOR, start);
      } else if ("&!=*<>".indexOf(c) >= 0) {
        pos++;
        if (has(0) && "&=*".indexOf(peek(0)) >= 0) {
          pos++;
        }
        emit(Kind.OPERATOR, start);
      } else if (c == '.') {
        pos++;
        if (has(0) && peek(0) == '.') {
          pos++;
        }
        emit(Kind.OPERATOR, start);
      } else if (isAlphaNumeric(c)) {
        word();
      } else {
        throw error(String.format("unrecognized character: U+%04X '%c'", (int) c, c), pos + 1);
      }
    }
    out.add(new Token(Kind.EOF, "", src.length()));
  }

  private void emit(Kind kind, int start) {
    out.add(new Token(kind, src.substring(start, pos), start));
  }

  static boolean isAlphaNumeric(char c) {
    return c == '_' || c == '$' || Character.isLetterOrDigit(c);
  }

  private void word() {
    int start = pos;
    while (has(0) && isAlphaNumeric(peek(0))) {
      pos++;
    }
    String w = src.substring(start, pos);
    if (w.equals("not")) {
      emit(Kind.OPERATOR, start);
      int save = pos;
      while (has(0) && peek(0) == ' ') {
        pos++;
      }
      int s = pos;
      while (has(0) && isAlphaNumeric(peek(0))) {
        pos++;
      }
      if (NEGATABLE.contains(src.substring(s, pos))) {
        emit(Kind.OPERATOR, s);
      } else {
        pos = save;
      }
      return;
    }
    emit(WORD_OPERATORS.contains(w) ? Kind.OPERATOR : Kind.IDENTIFIER, start);
  }

  private void number() {
    int start = pos;
    String digits = "0123456789_";
    if (peek(0) == '0' && "xXoObB".indexOf(peek(1)) >= 0 && has(1)) {
      char k = Character.toLowerCase(peek(1));
      digits = k == 'x' ? "0123456789abcdefABCDEF_" : k == 'o' ? "01234567_" : "01_";
      pos += 2;
    }
    while (has(0) && digits.indexOf(peek(0)) >= 0) {
      pos++;
    }
    if (has(0) && peek(0) == '.' && peek(1) != '.') {
      pos++;
      while (has(0) && digits.indexOf(peek(0)) >= 0) {
        pos++;
      }
    }
    if (has(0) && (peek(0) == 'e' || peek(0) == 'E')) {
      pos++;
      if (has(0) && (peek(0) == '+' || peek(0) == '-')) {
        pos++;
      }
      while (has(0) && digits.indexOf(peek(0)) >= 0) {
        pos++;
      }
    }
    if (has(0) && isAlphaNumeric(peek(0))) {
      pos++;
      throw error("bad number syntax: \"" + src.substring(start, pos) + "\"", pos);
    }
    emit(Kind.NUMBER, start);
  }

  private String string(char quote) {
    int start = pos;
    pos++;
    StringBuilder b = new StringBuilder();
    while (true) {
      if (pos >= src.length() || src.charAt(pos) == '\n') {
        throw error("literal not terminated", pos + 1);
      }
      char c = src.charAt(pos++);
      if (c == quote) {
        return b.toString();
      }
      if (c != '\\') {
        b.append(c);
        continue;
      }
      if (pos >= src.length()) {
        throw error("literal not terminated", pos + 1);
      }
      char e = src.charAt(pos++);
      switch (e) {
        case 'a' -> b.append('\u0007');
        case 'b' -> b.append('\b');
        case 'f' -> b.append('\f');
        case 'n' -> b.append('\n');
        case 'r' -> b.append('\r');
        case 't' -> b.append('\t');
        case 'v' -> b.append('\u000b');
        case '\\' -> b.append('\\');
        case '\'', '"' -> {
          if (e != quote) {
            throw error("invalid char escape", pos);
          }
          b.append(e);
        }
        case 'x' -> b.appendCodePoint(hex(2, start));
        case 'u' -> {
          if (peek(0) == '{') {
            int close = src.indexOf('}', pos);
            if (close < 0 || close == pos + 1 || close - pos - 1 > 6) {
              throw error("invalid char escape", pos);
            }
            b.appendCodePoint(parseHex(src.substring(pos + 1, close), pos));
            pos = close + 1;
          } else {
            b.appendCodePoint(hex(4, start));
          }
        }
        case 'U' -> b.appendCodePoint(hex(8, start));
        default -> {
          if (e >= '0' && e <= '7') {
            pos--;
            if (pos + 3 > src.length()) {
              throw error("invalid char escape", pos);
            }
            try {
              b.append((char) Integer.parseInt(src.substring(pos, pos + 3), 8));
            } catch (NumberFormatException ex) {
              throw error("invalid char escape", pos);
            }
            pos += 3;
          } else {
            throw error("invalid char escape", pos);
          }
        }
      }
    }
  }

  private int hex(int n, int start) {
    if (pos + n > src.length()) {
      throw error("invalid char escape", pos);
    }
    int v = parseHex(src.substring(pos, pos + n), pos);
    pos += n;
    return v;
  }

  private int parseHex(String s, int at) {
    try {
      return Integer.parseInt(s, 16);
    } catch (NumberFormatException e) {
      throw error("invalid char escape", at);
    }
  }
}
