package dev.hubflow.core.engine.expr;

import java.time.Duration;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The value model the expression languages share: {@code Long} (Go int), {@code Double} (float64),
 * {@code String}, {@code Boolean}, {@code null} (nil), {@code List<Object>}, {@code Map<String,
 * Object>}, {@link OffsetDateTime}, {@link Duration} and {@link ExprFunction}. Gson JSON trees in
 * an environment are read as their JSON.
 */
final class Values {
  private Values() {}

  /** Widens Java number types to the model's Long/Double and arrays to lists. */
  static Object normalize(Object v) {
    if (v instanceof Integer i) {
      return i.longValue();
    }
    if (v instanceof Short s) {
      return s.longValue();
    }
    if (v instanceof Byte b) {
      return b.longValue();
    }
    if (v instanceof Float f) {
      return f.doubleValue();
    }
    if (v instanceof java.math.BigDecimal d) {
      return d.doubleValue();
    }
    if (v instanceof java.math.BigInteger i) {
      return i.longValue();
    }
    if (v instanceof Object[] arr) {
      return new ArrayList<>(List.of(arr));
    }
    if (v instanceof Character c) {
      return String.valueOf(c);
    }
    if (v != null && v.getClass().getName().startsWith("com.google.gson.Json")) {
      // Gson trees (e.g. withItems values) print as JSON; read them as Go would decode that JSON.
      return GoJson.unmarshal(v.toString());
    }
    return v;
  }

  /** Go's name for the value's type, as expr-lang prints it in errors. */
  static String typeName(Object v) {
    v = normalize(v);
    if (v == null) {
      return "<nil>";
    }
    if (v instanceof Long) {
      return "int";
    }
    if (v instanceof Double) {
      return "float64";
    }
    if (v instanceof String) {
      return "string";
    }
    if (v instanceof Boolean) {
      return "bool";
    }
    if (v instanceof List) {
      return "[]interface {}";
    }
    if (v instanceof Map) {
      return "map[string]interface {}";
    }
    if (v instanceof OffsetDateTime) {
      return "time.Time";
    }
    if (v instanceof Duration) {
      return "time.Duration";
    }
    if (v instanceof ExprFunction) {
      return "func(...interface {}) (interface {}, error)";
    }
    return v.getClass().getSimpleName();
  }

  static boolean isNumber(Object v) {
    return v instanceof Long || v instanceof Double;
  }

  static double toDouble(Object v) {
    return ((Number) v).doubleValue();
  }
}
