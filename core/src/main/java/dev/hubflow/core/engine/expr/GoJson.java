package dev.hubflow.core.engine.expr;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * JSON as Go's {@code encoding/json} reads and writes it for {@code interface{}} values: numbers
 * decode to {@link Double}; encoding sorts map keys, escapes {@code < > &} and prints floats
 * without a trailing {@code .0}. Argo inserts these exact bytes into templates.
 */
public final class GoJson {
  private GoJson() {}

  /** {@code json.Marshal}. */
  public static String marshal(Object value) {
    StringBuilder b = new StringBuilder();
    write(b, value, null, "");
    return b.toString();
  }

  /** {@code json.MarshalIndent(value, "", indent)}. */
  public static String marshalIndent(Object value, String indent) {
    StringBuilder b = new StringBuilder();
    write(b, value, indent, "");
    return b.toString();
  }

  private static void write(StringBuilder b, Object value, String indent, String current) {
    Object v = Values.normalize(value);
    if (v == null) {
      b.append("null");
    } else if (v instanceof String s) {
      writeString(b, s);
    } else if (v instanceof Boolean bool) {
      b.append(bool);
    } else if (v instanceof Long l) {
      b.append(l);
    } else if (v instanceof Double d) {
      if (d.isNaN() || d.isInfinite()) {
        throw new ExpressionException("json: unsupported value: " + GoText.v(d));
      }
      b.append(GoText.formatFloat(d, 21));
    } else if (v instanceof List<?> list) {
      if (list.isEmpty()) {
        b.append("[]");
        return;
      }
      b.append('[');
      String inner = indent == null ? null : current + indent;
      for (int i = 0; i < list.size(); i++) {
        if (i > 0) {
          b.append(',');
        }
        newline(b, inner);
        write(b, list.get(i), indent, inner);
      }
      newline(b, indent == null ? null : current);
      b.append(']');
    } else if (v instanceof Map<?, ?> map) {
      if (map.isEmpty()) {
        b.append("{}");
        return;
      }
      b.append('{');
      String inner = indent == null ? null : current + indent;
      boolean first = true;
      for (Map.Entry<String, Object> e : sorted(map).entrySet()) {
        if (!first) {
          b.append(',');
        }
        first = false;
        newline(b, inner);
        writeString(b, e.getKey());
        b.append(indent == null ? ":" : ": ");
        write(b, e.getValue(), indent, inner);
      }
      newline(b, indent == null ? null : current);
      b.append('}');
    } else if (v instanceof java.time.Duration d) {
      b.append(d.toNanos());
    } else if (v instanceof java.time.OffsetDateTime t) {
      writeString(b, t.format(java.time.format.DateTimeFormatter.ISO_OFFSET_DATE_TIME));
    } else {
      throw new ExpressionException("json: unsupported type: " + Values.typeName(v));
    }
  }

  private static Map<String, Object> sorted(Map<?, ?> map) {
    Map<String, Object> out = new TreeMap<>();
    for (Map.Entry<?, ?> e : map.entrySet()) {
      out.put(String.valueOf(e.getKey()), e.getValue());
    }
    return out;
  }

  private static void newline(StringBuilder b, String indent) {
    if (indent != null) {
      b.append('\n').append(indent);
    }
  }

  static void writeString(StringBuilder b, String s) {
    b.append('"');
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      switch (c) {
        case '"' -> b.append("\\\"");
        case '\\' -> b.append("\\\\");
        case '\n' -> b.append("\\n");
        case '\r' -> b.append("\\r");
        case '\t' -> b.append("\\t");
        case '<', '>', '&', '\u2028', '\u2029' -> b.append(String.format("\\u%04x", (int) c));
        default -> {
          if (c < 0x20) {
            b.append(String.format("\\u%04x", (int) c));
          } else {
            b.append(c);
          }
        }
      }
    }
    b.append('"');
  }

  /** {@code json.Unmarshal} into {@code interface{}}; errors name the position. */
  public static Object unmarshal(String text) {
    Reader r = new Reader(text);
    r.skipSpace();
    Object v = r.value();
    r.skipSpace();
    if (r.pos < text.length()) {
      throw r.error("invalid character '" + text.charAt(r.pos) + "' after top-level value");
    }
    return v;
  }

  private static final class Reader {
    private final String s;
    private int pos;

    Reader(String s) {
      this.s = s;
    }

    ExpressionException error(String message) {
      return new ExpressionException(message + " (offset " + pos + ")");
    }

    void skipSpace() {
      while (pos < s.length()) {
        char c = s.charAt(pos);
        if (c == ' ' || c == '\t' || c == '\n' || c == '\r') {
          pos++;
        } else {
          return;
        }
      }
    }

    Object value() {
      if (pos >= s.length()) {
        throw error("unexpected end of JSON input");
      }
      char c = s.charAt(pos);
      switch (c) {
        case '{':
          return object();
        case '[':
          return array();
        case '"':
          return string();
        case 't':
          return literal("true", Boolean.TRUE);
        case 'f':
          return literal("false", Boolean.FALSE);
        case 'n':
          return literal("null", null);
        default:
          if (c == '-' || (c >= '0' && c <= '9')) {
            return number();
          }
          throw error("invalid character '" + c + "' looking for beginning of value");
      }
    }

    private Object literal(String word, Object value) {
      if (!s.startsWith(word, pos)) {
        throw error("invalid literal, expected " + word);
      }
      pos += word.length();
      return value;
    }

    private Object number() {
      int start = pos;
      if (s.charAt(pos) == '-') {
        pos++;
      }
      while (pos < s.length() && "0123456789.eE+-".indexOf(s.charAt(pos)) >= 0) {
        pos++;
      }
      String n = s.substring(start, pos);
      try {
        return Double.parseDouble(n);
      } catch (NumberFormatException e) {
        throw error("invalid number '" + n + "'");
      }
    }

    private String string() {
      pos++;
      StringBuilder b = new StringBuilder();
      while (true) {
        if (pos >= s.length()) {
          throw error("unexpected end of JSON input in string");
        }
        char c = s.charAt(pos++);
        if (c == '"') {
          return b.toString();
        }
        if (c == '\\') {
          if (pos >= s.length()) {
            throw error("unexpected end of JSON input in string escape");
          }
          char e = s.charAt(pos++);
          switch (e) {
            case '"', '\\', '/' -> b.append(e);
            case 'b' -> b.append('\b');
            case 'f' -> b.append('\f');
            case 'n' -> b.append('\n');
            case 'r' -> b.append('\r');
            case 't' -> b.append('\t');
            case 'u' -> {
              if (pos + 4 > s.length()) {
                throw error("invalid unicode escape in string");
              }
              try {
                b.append((char) Integer.parseInt(s.substring(pos, pos + 4), 16));
              } catch (NumberFormatException ex) {
                throw error("invalid unicode escape in string");
              }
              pos += 4;
            }
            default -> throw error("invalid character '" + e + "' in string escape code");
          }
        } else if (c < 0x20) {
          throw error("invalid control character in string literal");
        } else {
          b.append(c);
        }
      }
    }

    private List<Object> array() {
      pos++;
      List<Object> out = new ArrayList<>();
      skipSpace();
      if (pos < s.length() && s.charAt(pos) == ']') {
        pos++;
        return out;
      }
      while (true) {
        skipSpace();
        out.add(value());
        skipSpace();
        if (pos >= s.length()) {
          throw error("unexpected end of JSON input in array");
        }
        char c = s.charAt(pos++);
        if (c == ']') {
          return out;
        }
        if (c != ',') {
          throw error("invalid character '" + c + "' after array element");
        }
      }
    }

    private Map<String, Object> object() {
      pos++;
      Map<String, Object> out = new LinkedHashMap<>();
      skipSpace();
      if (pos < s.length() && s.charAt(pos) == '}') {
        pos++;
        return out;
      }
      while (true) {
        skipSpace();
        if (pos >= s.length() || s.charAt(pos) != '"') {
          throw error("invalid character looking for beginning of object key string");
        }
        String key = string();
        skipSpace();
        if (pos >= s.length() || s.charAt(pos) != ':') {
          throw error("invalid character after object key");
        }
        pos++;
        skipSpace();
        out.put(key, value());
        skipSpace();
        if (pos >= s.length()) {
          throw error("unexpected end of JSON input in object");
        }
        char c = s.charAt(pos++);
        if (c == '}') {
          return out;
        }
        if (c != ',') {
          throw error("invalid character '" + c + "' after object key:value pair");
        }
      }
    }
  }
}
