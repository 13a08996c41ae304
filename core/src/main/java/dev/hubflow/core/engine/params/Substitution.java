package dev.hubflow.core.engine.params;

import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonPrimitive;
import dev.hubflow.core.engine.expr.ExpressionException;
import dev.hubflow.model.Codec;
import java.math.BigDecimal;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Argo's {@code {{…}}} substitution ({@code util/template}): simple tags are looked up by name,
 * {@code {{=expr}}} tags are evaluated. Applied to every string inside a model object, so values
 * never need JSON escaping.
 */
public final class Substitution {
  private static final Pattern IDENTIFIER =
      Pattern.compile("[A-Za-z_][A-Za-z0-9_]*(\\.[A-Za-z_][A-Za-z0-9_]*)*");
  private final Expressions expressions;

  public Substitution(Expressions expressions) {
    this.expressions = expressions;
  }

  public Expressions expressions() {
    return expressions;
  }

  /** Replaces tags in one string; unresolved tags stay as written when allowed. */
  public String replace(String text, Map<String, String> vars, boolean allowUnresolved) {
    if (text == null || !text.contains("{{")) {
      return text;
    }
    StringBuilder out = new StringBuilder();
    int i = 0;
    while (true) {
      int open = text.indexOf("{{", i);
      if (open < 0) {
        out.append(text, i, text.length());
        break;
      }
      int close = text.indexOf("}}", open + 2);
      if (close < 0) {
        out.append(text, i, text.length());
        break;
      }
      out.append(text, i, open);
      String tag = text.substring(open + 2, close);
      out.append(replaceTag(tag, vars, allowUnresolved));
      i = close + 2;
    }
    return out.toString();
  }

  private String replaceTag(String tag, Map<String, String> vars, boolean allowUnresolved) {
    String trimmed = tag.trim();
    if (trimmed.startsWith("=")) {
      return replaceExpression(tag, trimmed.substring(1), vars, allowUnresolved);
    }
    String value = vars.get(trimmed);
    if (value != null) {
      return value;
    }
    if (allowUnresolved) {
      return "{{" + tag + "}}";
    }
    throw new ExpressionException("failed to resolve {{" + tag + "}}");
  }

  private String replaceExpression(
      String tag, String expression, Map<String, String> vars, boolean allowUnresolved) {
    if (allowUnresolved
        && ((mentions(expression, "retries") && !vars.containsKey("retries"))
            || (expression.contains("workflow.status") && !vars.containsKey("workflow.status"))
            || (expression.contains("workflow.failures")
                && !vars.containsKey("workflow.failures")))) {
      return "{{" + tag + "}}";
    }
    Object result;
    try {
      result = expressions.evaluate(expression, new LinkedHashMap<>(vars));
    } catch (ExpressionException e) {
      if (allowUnresolved) {
        return "{{" + tag + "}}";
      }
      throw new ExpressionException("failed to evaluate expression: " + e.getMessage(), e);
    }
    if (result == null) {
      if (allowUnresolved) {
        return "{{" + tag + "}}";
      }
      throw new ExpressionException("failed to evaluate expression \"" + expression + "\"");
    }
    return format(result);
  }

  private static boolean mentions(String expression, String name) {
    Matcher m = IDENTIFIER.matcher(expression);
    while (m.find()) {
      if (m.group().equals(name) || m.group().startsWith(name + ".")) {
        return true;
      }
    }
    return false;
  }

  /** Go's {@code %v} for the values expressions produce. */
  public static String format(Object value) {
    if (value instanceof BigDecimal d) {
      return d.stripTrailingZeros().toPlainString();
    }
    if (value instanceof Double d && d == Math.rint(d) && !Double.isInfinite(d)) {
      return String.valueOf(d.longValue());
    }
    if (value instanceof Collection<?> c) {
      StringBuilder sb = new StringBuilder("[");
      for (Object o : c) {
        if (sb.length() > 1) {
          sb.append(' ');
        }
        sb.append(format(o));
      }
      return sb.append(']').toString();
    }
    return String.valueOf(value);
  }

  /** Replaces tags in every string of a model object, returning a new object. */
  @SuppressWarnings("unchecked")
  public <T> T apply(T value, Map<String, String> vars, boolean allowUnresolved) {
    if (value == null) {
      return null;
    }
    JsonElement tree = Codec.toTree(value);
    JsonElement replaced = walk(tree, vars, allowUnresolved);
    return (T) Codec.fromTree(replaced, value.getClass(), "template");
  }

  private JsonElement walk(JsonElement e, Map<String, String> vars, boolean allowUnresolved) {
    if (e == null || e.isJsonNull()) {
      return e;
    }
    if (e.isJsonObject()) {
      JsonObject out = new JsonObject();
      for (Map.Entry<String, JsonElement> entry : e.getAsJsonObject().entrySet()) {
        out.add(
            replace(entry.getKey(), vars, allowUnresolved),
            walk(entry.getValue(), vars, allowUnresolved));
      }
      return out;
    }
    if (e.isJsonArray()) {
      JsonArray out = new JsonArray();
      for (JsonElement item : e.getAsJsonArray()) {
        out.add(walk(item, vars, allowUnresolved));
      }
      return out;
    }
    JsonPrimitive p = e.getAsJsonPrimitive();
    if (p.isString()) {
      return new JsonPrimitive(replace(p.getAsString(), vars, allowUnresolved));
    }
    return p;
  }
}
