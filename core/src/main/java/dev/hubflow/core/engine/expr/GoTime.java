package dev.hubflow.core.engine.expr;

import java.time.OffsetDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.List;
import java.util.Locale;

/** Go's reference-time layouts ({@code 2006-01-02T15:04:05Z07:00}) for formatting and parsing. */
final class GoTime {
  private GoTime() {}

  // Longest tokens first so "2006" wins over "2", "January" over "Jan".
  private static final List<String[]> TOKENS =
      List.of(
          new String[] {"January", "MMMM"},
          new String[] {"Monday", "EEEE"},
          new String[] {"2006", "yyyy"},
          new String[] {"Z07:00", "XXX"},
          new String[] {"-07:00", "xxx"},
          new String[] {"Z0700", "XX"},
          new String[] {"-0700", "xx"},
          new String[] {".000000000", ".SSSSSSSSS"},
          new String[] {".000000", ".SSSSSS"},
          new String[] {".000", ".SSS"},
          new String[] {"Jan", "MMM"},
          new String[] {"Mon", "EEE"},
          new String[] {"MST", "zzz"},
          new String[] {"-07", "x"},
          new String[] {"06", "yy"},
          new String[] {"01", "MM"},
          new String[] {"02", "dd"},
          new String[] {"_2", "ppd"},
          new String[] {"15", "HH"},
          new String[] {"03", "hh"},
          new String[] {"04", "mm"},
          new String[] {"05", "ss"},
          new String[] {"PM", "a"},
          new String[] {"1", "M"},
          new String[] {"2", "d"},
          new String[] {"3", "h"},
          new String[] {"4", "m"},
          new String[] {"5", "s"});

  static DateTimeFormatter formatter(String layout) {
    StringBuilder pattern = new StringBuilder();
    StringBuilder literal = new StringBuilder();
    int i = 0;
    outer:
    while (i < layout.length()) {
      for (String[] t : TOKENS) {
        if (layout.startsWith(t[0], i)) {
          flush(pattern, literal);
          pattern.append(t[1]);
          i += t[0].length();
          continue outer;
        }
      }
      literal.append(layout.charAt(i++));
    }
    flush(pattern, literal);
    return DateTimeFormatter.ofPattern(pattern.toString(), Locale.ROOT);
  }

  private static void flush(StringBuilder pattern, StringBuilder literal) {
    if (literal.length() > 0) {
      pattern.append('\'').append(literal.toString().replace("'", "''")).append('\'');
      literal.setLength(0);
    }
  }

  static String format(OffsetDateTime t, String layout) {
    return t.format(formatter(layout));
  }

  static OffsetDateTime parse(String text, String layout) {
    try {
      return OffsetDateTime.parse(text, formatter(layout));
    } catch (DateTimeParseException e) {
      try {
        return java.time.LocalDateTime.parse(text, formatter(layout))
            .atOffset(java.time.ZoneOffset.UTC);
      } catch (DateTimeParseException e2) {
        try {
          return java.time.LocalDate.parse(text, formatter(layout))
              .atStartOfDay()
              .atOffset(java.time.ZoneOffset.UTC);
        } catch (DateTimeParseException e3) {
          throw new ExpressionException(
              "parsing time \"" + text + "\" as \"" + layout + "\": cannot parse");
        }
      }
    }
  }

  /** RFC 3339 text (as Argo prints timestamps) to a time. */
  static OffsetDateTime rfc3339(String text) {
    try {
      return OffsetDateTime.parse(text, DateTimeFormatter.ISO_OFFSET_DATE_TIME);
    } catch (DateTimeParseException e) {
      throw new ExpressionException(
          "parsing time \"" + text + "\" as \"2006-01-02T15:04:05Z07:00\": cannot parse");
    }
  }
}
