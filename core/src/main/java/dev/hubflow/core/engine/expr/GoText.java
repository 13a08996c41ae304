package dev.hubflow.core.engine.expr;

import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Text forms of values exactly as Go prints them ({@code fmt}'s {@code %v}, {@code strconv.Quote},
 * {@code encoding/json}), because Argo's substituted parameters are those strings and workflows
 * compare them.
 */
public final class GoText {
  private GoText() {}

  /** Go's {@code fmt.Sprintf("%v", value)} for the value kinds the expression languages use. */
  public static String v(Object value) {
    if (value == null) {
      return "<nil>";
    }
    if (value instanceof Double d) {
      return formatFloat(d, 6);
    }
    if (value instanceof Float f) {
      return formatFloat(f.doubleValue(), 6);
    }
    if (value instanceof List<?> list) {
      List<String> parts = new ArrayList<>();
      for (Object o : list) {
        parts.add(v(o));
      }
      return "[" + String.join(" ", parts) + "]";
    }
    if (value instanceof Map<?, ?> map) {
      StringBuilder b = new StringBuilder("map[");
      boolean first = true;
      for (Map.Entry<?, ?> e : new TreeMap<>(map).entrySet()) {
        if (!first) {
          b.append(' ');
        }
        first = false;
        b.append(v(e.getKey())).append(':').append(v(e.getValue()));
      }
      return b.append(']').toString();
    }
    if (value instanceof java.time.Duration d) {
      return Durations.format(d);
    }
    if (value instanceof java.time.OffsetDateTime t) {
      // Go's time.Time String(): 2006-01-02 15:04:05.999999999 -0700 MST
      String zone = t.getOffset().getTotalSeconds() == 0 ? "UTC" : GoTime.format(t, "-0700");
      return GoTime.format(t, "2006-01-02 15:04:05")
          + fraction(t.getNano())
          + " "
          + GoTime.format(t, "-0700")
          + " "
          + zone;
    }
    return String.valueOf(value);
  }

  private static String fraction(int nanos) {
    if (nanos == 0) {
      return "";
    }
    String digits = String.format("%09d", nanos).replaceAll("0+$", "");
    return "." + digits;
  }

  /**
   * Go's shortest float formatting: {@code %v} switches to exponent form from 1e21 in JSON and from
   * 1e6 in fmt ({@code expThreshold} 21 or 6).
   */
  static String formatFloat(double d, int expThreshold) {
    if (Double.isNaN(d)) {
      return "NaN";
    }
    if (Double.isInfinite(d)) {
      return d > 0 ? "+Inf" : "-Inf";
    }
    if (d == 0) {
      return (1 / d < 0) ? "-0" : "0";
    }
    BigDecimal bd = new BigDecimal(Double.toString(d)).stripTrailingZeros();
    String digits = bd.unscaledValue().abs().toString();
    int exp = digits.length() - bd.scale() - 1;
    String sign = d < 0 ? "-" : "";
    if (exp < -4 || exp >= expThreshold) {
      String mantissa =
          digits.length() == 1 ? digits : digits.charAt(0) + "." + digits.substring(1);
      String e = String.valueOf(Math.abs(exp));
      if (e.length() < 2) {
        e = "0" + e;
      }
      return sign + mantissa + "e" + (exp < 0 ? "-" : "+") + e;
    }
    return sign + bd.abs().toPlainString();
  }

  /** Go's {@code strconv.Quote} without the surrounding quotes: how Argo escapes substitutions. */
  public static String quoteInner(String s) {
    StringBuilder b = new StringBuilder(s.length() + 8);
    for (int i = 0; i < s.length(); ) {
      int cp = s.codePointAt(i);
      i += Character.charCount(cp);
      switch (cp) {
        case '"' -> b.append("\\\"");
        case '\\' -> b.append("\\\\");
        case '\n' -> b.append("\\n");
        case '\r' -> b.append("\\r");
        case '\t' -> b.append("\\t");
        case 0x07 -> b.append("\\a");
        case '\b' -> b.append("\\b");
        case '\f' -> b.append("\\f");
        case 0x0b -> b.append("\\v");
        default -> {
          if (cp < 0x20 || cp == 0x7f) {
            b.append(String.format("\\x%02x", cp));
          } else if (!isPrintable(cp)) {
            if (cp < 0x10000) {
              b.append(String.format("\\u%04x", cp));
            } else {
              b.append(String.format("\\U%08x", cp));
            }
          } else {
            b.appendCodePoint(cp);
          }
        }
      }
    }
    return b.toString();
  }

  private static boolean isPrintable(int cp) {
    if (cp == 0xfffd) {
      return true;
    }
    int type = Character.getType(cp);
    return Character.isDefined(cp)
        && type != Character.CONTROL
        && type != Character.FORMAT
        && type != Character.SURROGATE
        && type != Character.PRIVATE_USE
        && type != Character.UNASSIGNED
        && type != Character.LINE_SEPARATOR
        && type != Character.PARAGRAPH_SEPARATOR
        && (type != Character.SPACE_SEPARATOR || cp == ' ');
  }
}
