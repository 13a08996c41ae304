package dev.hubflow.core.engine.expr;

import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.LocalTime;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.IntPredicate;

/**
 * Splits a govaluate expression into tokens the way Knetic/govaluate does, including its quirks: a
 * string literal ends at either quote character, a backslash escapes anything, operators are runs
 * of symbol characters, and words are variables unless they are {@code true}/{@code false}/ {@code
 * in}.
 */
final class GovaluateLexer {

  enum Kind {
    UNKNOWN,
    PREFIX,
    NUMERIC,
    BOOLEAN,
    STRING,
    PATTERN,
    TIME,
    VARIABLE,
    FUNCTION,
    SEPARATOR,
    ACCESSOR,
    COMPARATOR,
    LOGICALOP,
    MODIFIER,
    CLAUSE,
    CLAUSE_CLOSE,
    TERNARY
  }

  record Token(Kind kind, Object value) {
    Token withKind(Kind k) {
      return new Token(k, value);
    }

    String display() {
      if (value instanceof List<?> l) {
        return "[" + String.join(" ", l.stream().map(String::valueOf).toList()) + "]";
      }
      if (value instanceof Character c) {
        return String.valueOf((int) c.charValue());
      }
      return GoText.v(value);
    }
  }

  static final Set<String> PREFIX_SYMBOLS = Set.of("-", "!", "~");
  static final Set<String> MODIFIER_SYMBOLS =
      Set.of("+", "-", "*", "/", "%", "**", "&", "|", "^", ">>", "<<");
  static final Set<String> LOGICAL_SYMBOLS = Set.of("&&", "||");
  static final Set<String> COMPARATOR_SYMBOLS =
      Set.of("==", "!=", ">", ">=", "<", "<=", "=~", "!~", "in");
  static final Set<String> TERNARY_SYMBOLS = Set.of("?", ":", "??");

  /** Which token kinds may follow which, from govaluate's lexer states. */
  static final Map<Kind, Set<Kind>> NEXT =
      Map.ofEntries(
          Map.entry(
              Kind.UNKNOWN,
              EnumSet.of(
                  Kind.PREFIX,
                  Kind.NUMERIC,
                  Kind.BOOLEAN,
                  Kind.VARIABLE,
                  Kind.PATTERN,
                  Kind.FUNCTION,
                  Kind.ACCESSOR,
                  Kind.STRING,
                  Kind.TIME,
                  Kind.CLAUSE)),
          Map.entry(
              Kind.CLAUSE,
              EnumSet.of(
                  Kind.PREFIX,
                  Kind.NUMERIC,
                  Kind.BOOLEAN,
                  Kind.VARIABLE,
                  Kind.PATTERN,
                  Kind.FUNCTION,
                  Kind.ACCESSOR,
                  Kind.STRING,
                  Kind.TIME,
                  Kind.CLAUSE,
                  Kind.CLAUSE_CLOSE)),
          Map.entry(
              Kind.CLAUSE_CLOSE,
              EnumSet.of(
                  Kind.COMPARATOR,
                  Kind.MODIFIER,
                  Kind.NUMERIC,
                  Kind.BOOLEAN,
                  Kind.VARIABLE,
                  Kind.STRING,
                  Kind.PATTERN,
                  Kind.TIME,
                  Kind.CLAUSE,
                  Kind.CLAUSE_CLOSE,
                  Kind.LOGICALOP,
                  Kind.TERNARY,
                  Kind.SEPARATOR)),
          Map.entry(Kind.NUMERIC, valueFollowers(true)),
          Map.entry(Kind.BOOLEAN, valueFollowers(true)),
          Map.entry(Kind.STRING, valueFollowers(true)),
          Map.entry(Kind.TIME, valueFollowers(false)),
          Map.entry(Kind.PATTERN, valueFollowers(false)),
          Map.entry(Kind.VARIABLE, valueFollowers(true)),
          Map.entry(
              Kind.MODIFIER,
              EnumSet.of(
                  Kind.PREFIX,
                  Kind.NUMERIC,
                  Kind.VARIABLE,
                  Kind.FUNCTION,
                  Kind.ACCESSOR,
                  Kind.STRING,
                  Kind.BOOLEAN,
                  Kind.CLAUSE,
                  Kind.CLAUSE_CLOSE)),
          Map.entry(
              Kind.COMPARATOR,
              EnumSet.of(
                  Kind.PREFIX,
                  Kind.NUMERIC,
                  Kind.BOOLEAN,
                  Kind.VARIABLE,
                  Kind.FUNCTION,
                  Kind.ACCESSOR,
                  Kind.STRING,
                  Kind.TIME,
                  Kind.CLAUSE,
                  Kind.CLAUSE_CLOSE,
                  Kind.PATTERN)),
          Map.entry(
              Kind.LOGICALOP,
              EnumSet.of(
                  Kind.PREFIX,
                  Kind.NUMERIC,
                  Kind.BOOLEAN,
                  Kind.VARIABLE,
                  Kind.FUNCTION,
                  Kind.ACCESSOR,
                  Kind.STRING,
                  Kind.TIME,
                  Kind.CLAUSE,
                  Kind.CLAUSE_CLOSE)),
          Map.entry(
              Kind.PREFIX,
              EnumSet.of(
                  Kind.NUMERIC,
                  Kind.BOOLEAN,
                  Kind.VARIABLE,
                  Kind.FUNCTION,
                  Kind.ACCESSOR,
                  Kind.CLAUSE,
                  Kind.CLAUSE_CLOSE)),
          Map.entry(
              Kind.TERNARY,
              EnumSet.of(
                  Kind.PREFIX,
                  Kind.NUMERIC,
                  Kind.BOOLEAN,
                  Kind.STRING,
                  Kind.TIME,
                  Kind.VARIABLE,
                  Kind.FUNCTION,
                  Kind.ACCESSOR,
                  Kind.CLAUSE,
                  Kind.SEPARATOR)),
          Map.entry(Kind.FUNCTION, EnumSet.of(Kind.CLAUSE)),
          Map.entry(
              Kind.ACCESSOR,
              EnumSet.of(
                  Kind.CLAUSE,
                  Kind.MODIFIER,
                  Kind.COMPARATOR,
                  Kind.LOGICALOP,
                  Kind.CLAUSE_CLOSE,
                  Kind.TERNARY,
                  Kind.SEPARATOR)),
          Map.entry(
              Kind.SEPARATOR,
              EnumSet.of(
                  Kind.PREFIX,
                  Kind.NUMERIC,
                  Kind.BOOLEAN,
                  Kind.STRING,
                  Kind.TIME,
                  Kind.VARIABLE,
                  Kind.FUNCTION,
                  Kind.ACCESSOR,
                  Kind.CLAUSE)));

  /** Kinds after which the expression may end. */
  static final Set<Kind> EOF_OK =
      EnumSet.of(
          Kind.CLAUSE_CLOSE,
          Kind.NUMERIC,
          Kind.BOOLEAN,
          Kind.STRING,
          Kind.TIME,
          Kind.PATTERN,
          Kind.VARIABLE,
          Kind.ACCESSOR);

  private static Set<Kind> valueFollowers(boolean ternary) {
    EnumSet<Kind> s =
        EnumSet.of(
            Kind.MODIFIER, Kind.COMPARATOR, Kind.LOGICALOP, Kind.CLAUSE_CLOSE, Kind.SEPARATOR);
    if (ternary) {
      s.add(Kind.TERNARY);
    }
    return s;
  }

  private final String src;
  private int pos;

  private GovaluateLexer(String src) {
    this.src = src;
  }

  static List<Token> lex(String expression) {
    GovaluateLexer l = new GovaluateLexer(expression);
    List<Token> out = new ArrayList<>();
    Kind state = Kind.UNKNOWN;
    while (l.pos < l.src.length()) {
      Token t = l.next(state);
      if (t == null) {
        break;
      }
      state = t.kind();
      out.add(t);
    }
    return out;
  }

  private Token next(Kind state) {
    while (pos < src.length()) {
      int c = src.codePointAt(pos);
      pos += Character.charCount(c);
      if (Character.isWhitespace(c)) {
        continue;
      }
      if (isNumeric(c)) {
        if (c == '0' && pos < src.length() && src.charAt(pos) == 'x' && pos + 1 < src.length()) {
          pos++;
          String hex = readWhile(GovaluateLexer::isHexDigit, false, true);
          try {
            return new Token(Kind.NUMERIC, (double) Long.parseUnsignedLong(hex, 16));
          } catch (NumberFormatException e) {
            throw new ExpressionException("Unable to parse hex value '" + hex + "' to uint64");
          }
        }
        pos -= Character.charCount(c);
        String num = readWhile(GovaluateLexer::isNumeric, false, true);
        try {
          return new Token(Kind.NUMERIC, Double.parseDouble(num));
        } catch (NumberFormatException e) {
          throw new ExpressionException("Unable to parse numeric value '" + num + "' to float64");
        }
      }
      if (c == ',') {
        return new Token(Kind.SEPARATOR, ",");
      }
      if (c == '[') {
        int close = readEscapedUntil(ch -> ch != ']');
        if (close < 0) {
          throw new ExpressionException("Unclosed parameter bracket");
        }
        return new Token(Kind.VARIABLE, lastRead);
      }
      if (Character.isLetter(c)) {
        pos -= Character.charCount(c);
        String word = readWhile(GovaluateLexer::isVariableName, false, true);
        if (word.equals("true") || word.equals("false")) {
          return new Token(Kind.BOOLEAN, Boolean.valueOf(word));
        }
        if (word.equals("in") || word.equals("IN")) {
          return new Token(Kind.COMPARATOR, "in");
        }
        int dot = word.indexOf('.');
        if (dot > 0) {
          if (word.endsWith(".")) {
            throw new ExpressionException("Hanging accessor on token '" + word + "'");
          }
          List<String> parts = List.of(word.split("\\.", -1));
          for (int i = 1; i < parts.size(); i++) {
            String p = parts.get(i);
            if (!p.isEmpty()) {
              int first = p.codePointAt(0);
              if (Character.toUpperCase(first) != first) {
                throw new ExpressionException(
                    "Unable to access unexported field '" + p + "' in token '" + word + "'");
              }
            }
          }
          return new Token(Kind.ACCESSOR, parts);
        }
        return new Token(Kind.VARIABLE, word);
      }
      if (c == '\'' || c == '"') {
        int close = readEscapedUntil(ch -> ch != '\'' && ch != '"');
        if (close < 0) {
          throw new ExpressionException("Unclosed string literal");
        }
        OffsetDateTime time = parseTime(lastRead);
        if (time != null) {
          return new Token(Kind.TIME, time);
        }
        return new Token(Kind.STRING, lastRead);
      }
      if (c == '(') {
        return new Token(Kind.CLAUSE, '(');
      }
      if (c == ')') {
        return new Token(Kind.CLAUSE_CLOSE, ')');
      }
      pos -= Character.charCount(c);
      String symbol = readWhile(GovaluateLexer::isNotAlphanumeric, false, true);
      if (NEXT.get(state).contains(Kind.PREFIX) && PREFIX_SYMBOLS.contains(symbol)) {
        return new Token(Kind.PREFIX, symbol);
      }
      if (MODIFIER_SYMBOLS.contains(symbol)) {
        return new Token(Kind.MODIFIER, symbol);
      }
      if (LOGICAL_SYMBOLS.contains(symbol)) {
        return new Token(Kind.LOGICALOP, symbol);
      }
      if (COMPARATOR_SYMBOLS.contains(symbol)) {
        return new Token(Kind.COMPARATOR, symbol);
      }
      if (TERNARY_SYMBOLS.contains(symbol)) {
        return new Token(Kind.TERNARY, symbol);
      }
      throw new ExpressionException("Invalid token: '" + symbol + "'");
    }
    return null;
  }

  private String lastRead;

  /**
   * Reads after an opening bracket or quote up to the closing character (kept unread then skipped),
   * with backslash escapes; returns -1 when the input ends first.
   */
  private int readEscapedUntil(IntPredicate inside) {
    StringBuilder b = new StringBuilder();
    while (pos < src.length()) {
      int c = src.codePointAt(pos);
      pos += Character.charCount(c);
      if (c == '\\') {
        if (pos < src.length()) {
          int e = src.codePointAt(pos);
          pos += Character.charCount(e);
          b.appendCodePoint(e);
        }
        continue;
      }
      if (!inside.test(c)) {
        lastRead = b.toString();
        return pos;
      }
      b.appendCodePoint(c);
    }
    lastRead = b.toString();
    return -1;
  }

  /** govaluate's readUntilFalse with whitespace breaking the token once it has content. */
  private String readWhile(IntPredicate cond, boolean includeWhitespace, boolean escapes) {
    StringBuilder b = new StringBuilder();
    while (pos < src.length()) {
      int c = src.codePointAt(pos);
      pos += Character.charCount(c);
      if (escapes && c == '\\') {
        if (pos < src.length()) {
          int e = src.codePointAt(pos);
          pos += Character.charCount(e);
          b.appendCodePoint(e);
        }
        continue;
      }
      if (Character.isWhitespace(c)) {
        if (b.length() > 0) {
          break;
        }
        if (!includeWhitespace) {
          continue;
        }
      }
      if (cond.test(c)) {
        b.appendCodePoint(c);
      } else {
        pos -= Character.charCount(c);
        break;
      }
    }
    return b.toString();
  }

  static boolean isNumeric(int c) {
    return Character.isDigit(c) || c == '.';
  }

  static boolean isHexDigit(int c) {
    return Character.isDigit(c) || "abcdefABCDEF".indexOf(c) >= 0;
  }

  static boolean isVariableName(int c) {
    return Character.isLetter(c) || Character.isDigit(c) || c == '_' || c == '.';
  }

  static boolean isNotAlphanumeric(int c) {
    return !(Character.isDigit(c)
        || Character.isLetter(c)
        || c == '('
        || c == ')'
        || c == '['
        || c == ']'
        || c == '\''
        || c == '"');
  }

  private static final List<DateTimeFormatter> DATE_TIMES =
      List.of(
          DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm"),
          DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss"));

  private static final List<DateTimeFormatter> OFFSET_DATE_TIMES =
      List.of(
          DateTimeFormatter.ISO_OFFSET_DATE_TIME,
          DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ssXXX"),
          DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HHX"),
          DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mmX"),
          DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ssX"),
          DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ss.SSSSSSSSSX"));

  /**
   * govaluate turns quoted strings that look like dates into times (compared as Unix seconds); the
   * controller runs in UTC, so local times are read as UTC.
   */
  static OffsetDateTime parseTime(String s) {
    if (s.isEmpty() || !Character.isDigit(s.charAt(0)) && !s.matches("\\d{1,2}:\\d{2}[AP]M")) {
      return null;
    }
    for (DateTimeFormatter f : OFFSET_DATE_TIMES) {
      try {
        return OffsetDateTime.parse(s, f);
      } catch (DateTimeParseException e) {
        // try the next layout
      }
    }
    for (DateTimeFormatter f : DATE_TIMES) {
      try {
        return LocalDateTime.parse(s, f).atOffset(ZoneOffset.UTC);
      } catch (DateTimeParseException e) {
        // try the next layout
      }
    }
    try {
      return LocalDate.parse(s, DateTimeFormatter.ofPattern("yyyy-MM-dd"))
          .atStartOfDay()
          .atOffset(ZoneOffset.UTC);
    } catch (DateTimeParseException e) {
      // not a date
    }
    if (s.matches("\\d{1,2}:\\d{2}[AP]M")) {
      LocalTime t = LocalTime.parse(s, DateTimeFormatter.ofPattern("h:mma", java.util.Locale.ROOT));
      return LocalDateTime.of(0, 1, 1, t.getHour(), t.getMinute()).atOffset(ZoneOffset.UTC);
    }
    return null;
  }
}
