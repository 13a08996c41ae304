package dev.hubflow.core.engine.template;

import dev.hubflow.core.engine.expr.Expr;
import dev.hubflow.core.engine.expr.ExprEnv;
import dev.hubflow.core.engine.expr.ExpressionException;
import dev.hubflow.core.engine.expr.GoJson;
import dev.hubflow.core.engine.expr.GoText;
import dev.hubflow.model.Codec;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Consumer;

/**
 * Argo's {@code {{…}}} substitution ({@code util/template}). Argo substitutes over a template's
 * JSON text, so values are inserted JSON-escaped (quotes, newlines) and the result is JSON again.
 *
 * <ul>
 *   <li>{@code {{name}}} (spaces inside the braces allowed) takes the string value of {@code name};
 *       a null value (an absent optional output) is an error.
 *   <li>{@code {{=expr}}} evaluates expr-lang against {@link ExprEnv#argo} of the values; a string
 *       result is inserted as is, anything else as its JSON.
 *   <li>A tag that cannot be resolved is left as written or fails, as {@link Unresolved} says.
 * </ul>
 */
public final class Template {
  private Template() {}

  private static final String OPEN = "{{";
  private static final String CLOSE = "}}";
  private static final String PLACEHOLDER_PREFIX = "__argo__internal__placeholder-";

  /** Variables an expression may read that only exist later (retries, exit handlers, items). */
  private static final Set<String> LATE_BINDING =
      Set.of(
          "item",
          "retries",
          "lastRetry.exitCode",
          "lastRetry.status",
          "lastRetry.duration",
          "lastRetry.message",
          "workflow.status",
          "workflow.failures");

  /**
   * Substitutes the tags of a JSON document (Argo's {@code Replace}/{@code ReplaceStrictAny}).
   *
   * @param values flat variable names ({@code inputs.parameters.x}) to string values, or null for
   *     an absent optional
   * @throws TemplateException naming the tag when a tag must but cannot resolve, when an expression
   *     fails, or when the text is not JSON before or after
   */
  public static String replace(String json, Map<String, ?> values, Unresolved mode) {
    return replace(json, values, mode, null);
  }

  /**
   * As {@link #replace(String, Map, Unresolved)}, with {@code now()} in expressions being {@code
   * now}.
   */
  public static String replace(String json, Map<String, ?> values, Unresolved mode, Instant now) {
    requireJson(json, "cannot do template replacements with invalid JSON");
    String out = substitute(undoHtmlEscapes(json), values, mode, now);
    requireJson(out, "cannot finish template replacement because the result was invalid JSON");
    return out;
  }

  /**
   * Substitutes the tags in every string of a model object or JSON tree (anything {@link
   * Codec#toJson} writes), returning a new one of {@code type}.
   */
  public static <T> T replaceIn(T value, Class<T> type, Map<String, ?> values, Unresolved mode) {
    String out = replace(Codec.toJson(value), values, mode);
    try {
      return Codec.read(out, type);
    } catch (RuntimeException e) {
      throw new TemplateException(
          "cannot read the substituted " + type.getSimpleName() + ": " + e.getMessage(), false, e);
    }
  }

  /**
   * Gson writes {@code = < > & '} as {@code \\u003d} etc.; as JSON the raw characters mean the
   * same, and {@code {{=} must be seen as written.
   */
  static String undoHtmlEscapes(String json) {
    if (!json.contains("\\u00")) {
      return json;
    }
    StringBuilder b = new StringBuilder(json.length());
    boolean inString = false;
    for (int i = 0; i < json.length(); i++) {
      char c = json.charAt(i);
      if (!inString) {
        inString = c == '"';
        b.append(c);
        continue;
      }
      if (c == '"') {
        inString = false;
        b.append(c);
      } else if (c == '\\' && i + 1 < json.length()) {
        char next = json.charAt(i + 1);
        if (next == 'u' && i + 6 <= json.length()) {
          String hex = json.substring(i + 2, i + 6).toLowerCase(java.util.Locale.ROOT);
          char raw =
              switch (hex) {
                case "003d" -> '=';
                case "003c" -> '<';
                case "003e" -> '>';
                case "0026" -> '&';
                case "0027" -> '\'';
                default -> 0;
              };
          if (raw != 0) {
            b.append(raw);
            i += 5;
            continue;
          }
        }
        b.append(c).append(next);
        i++;
      } else {
        b.append(c);
      }
    }
    return b.toString();
  }

  /**
   * Substitutes the tags of a plain string (a {@code when}, a parameter value) exactly as if it
   * were a JSON string inside a template: the string is JSON-quoted, substituted, and unquoted.
   */
  public static String replaceText(String text, Map<String, ?> values, Unresolved mode) {
    return replaceText(text, values, mode, null);
  }

  /** As {@link #replaceText(String, Map, Unresolved)}, with {@code now()} being {@code now}. */
  public static String replaceText(
      String text, Map<String, ?> values, Unresolved mode, Instant now) {
    String quoted = GoJson.marshal(text);
    String out = substitute(quoted, values, mode, now);
    Object back;
    try {
      back = GoJson.unmarshal(out);
    } catch (ExpressionException e) {
      throw new TemplateException(
          "cannot finish template replacement because the result was invalid JSON: " + text,
          false,
          e);
    }
    return (String) back;
  }

  /** The simple (non-expression) tags of a text, trimmed, in order; expressions are skipped. */
  public static List<String> simpleTags(String text) {
    List<String> tags = new ArrayList<>();
    forEachTag(
        text,
        tag -> {
          if (!tag.startsWith("=")) {
            tags.add(tag.trim());
          }
        });
    return tags;
  }

  /**
   * Argo's {@code template.Validate}: calls {@code validator} with each simple tag as written
   * (untrimmed); expression tags are not validated.
   */
  public static void validate(String text, Consumer<String> validator) {
    forEachTag(
        text,
        tag -> {
          if (!tag.startsWith("=")) {
            validator.accept(tag);
          }
        });
  }

  /** Whether a text contains a {@code {{}} tag. */
  public static boolean hasTags(String text) {
    return text != null && text.contains(OPEN);
  }

  private static void forEachTag(String text, Consumer<String> each) {
    int pos = 0;
    while (true) {
      int open = text.indexOf(OPEN, pos);
      if (open < 0) {
        return;
      }
      int close = text.indexOf(CLOSE, open + OPEN.length());
      if (close < 0) {
        throw missingEndTag(text, open);
      }
      each.accept(text.substring(open + OPEN.length(), close));
      pos = close + CLOSE.length();
    }
  }

  private static TemplateException missingEndTag(String text, int open) {
    return new TemplateException(
        "Cannot find end tag=\"}}\" in the template="
            + quote(text)
            + " starting from "
            + quote(text.substring(open + OPEN.length())),
        false);
  }

  private static String quote(String s) {
    return "\"" + GoText.quoteInner(s) + "\"";
  }

  private static void requireJson(String text, String message) {
    try {
      GoJson.unmarshal(text);
    } catch (ExpressionException e) {
      throw new TemplateException(message, false, e);
    }
  }

  private static String substitute(
      String text, Map<String, ?> values, Unresolved mode, Instant now) {
    // Fail on an unclosed tag before writing anything, as fasttemplate does.
    forEachTag(text, tag -> {});
    StringBuilder out = new StringBuilder(text.length());
    Map<String, Object> env = null;
    int pos = 0;
    while (true) {
      int open = text.indexOf(OPEN, pos);
      if (open < 0) {
        out.append(text, pos, text.length());
        return out.toString();
      }
      out.append(text, pos, open);
      int close = text.indexOf(CLOSE, open + OPEN.length());
      String tag = text.substring(open + OPEN.length(), close);
      if (tag.startsWith("=")) {
        if (env == null) {
          env = ExprEnv.argo(values);
        }
        out.append(expression(fix(tag.substring(1)), env, values, mode, now));
      } else {
        out.append(simple(tag, values, mode));
      }
      pos = close + CLOSE.length();
    }
  }

  /** Go's JSON encoder escapes {@code < > &}; expressions need them back. */
  private static String fix(String s) {
    return s.replace("\\u003c", "<").replace("\\u003e", ">").replace("\\u0026", "&");
  }

  private static String simple(String tag, Map<String, ?> values, Unresolved mode) {
    String name = tag.trim();
    if (!values.containsKey(name)) {
      // A tag like "a{{b" — the text before an inner "{{" stays and the inner tag resolves.
      int inner = tag.lastIndexOf(OPEN);
      if (inner > 0) {
        String nestedPrefix = tag.substring(0, inner);
        String nested = tag.substring(inner + OPEN.length());
        if (values.containsKey(nested)) {
          Object v = values.get(nested);
          if (v == null) {
            throw new TemplateException(
                "unable to substitute nested tag {{"
                    + tag
                    + "}}: \""
                    + nested
                    + "\" is an absent optional",
                false);
          }
          if (v instanceof String s) {
            return OPEN + nestedPrefix + GoText.quoteInner(s);
          }
        }
      }
      boolean strict = mode.isStrict(name);
      if (strict && (!mode.allowUnresolvedArtifacts() || !name.contains(".outputs.artifacts."))) {
        throw new TemplateException("failed to resolve {{" + tag + "}}", true);
      }
      return OPEN + tag + CLOSE;
    }
    Object v = values.get(name);
    if (v == null) {
      throw new TemplateException(
          "unable to substitute {{"
              + tag
              + "}}: output is an absent optional (skipped/omitted node with no default)",
          false);
    }
    if (!(v instanceof String s)) {
      throw new TemplateException("failed to resolve {{" + tag + "}} to string", false);
    }
    return GoText.quoteInner(s);
  }

  private static String expression(
      String expression,
      Map<String, Object> env,
      Map<String, ?> values,
      Unresolved mode,
      Instant now) {
    String source;
    List<String> missing;
    try {
      source = unquote(expression);
      missing = missing(source, env);
    } catch (ExpressionException e) {
      // cannot read or parse it: evaluate strictly so the error is reported
      return evaluate(expression, env, values, false, now);
    }
    for (String id : missing) {
      if (mode.isStrict(id)) {
        throw new TemplateException("failed to evaluate expression: " + id + " is missing", true);
      }
    }
    boolean allowUnresolved = !missing.isEmpty() || mode.mustResolve() == null;
    return evaluate(expression, env, values, allowUnresolved, now);
  }

  private static List<String> missing(String source, Map<String, Object> env) {
    List<String> out = new ArrayList<>();
    for (String id : Expr.identifiers(source)) {
      if (!Expr.hasVariable(env, id)) {
        out.add(id);
      }
    }
    return out;
  }

  private static String evaluate(
      String expression,
      Map<String, Object> env,
      Map<String, ?> values,
      boolean allowUnresolved,
      Instant now) {
    String unresolved = OPEN + "=" + expression + CLOSE;
    boolean allowFailure = containsPlaceholder(values.values());
    String source;
    try {
      source = unquote(expression);
    } catch (ExpressionException e) {
      if (allowUnresolved) {
        return unresolved;
      }
      throw new TemplateException(
          "failed to unmarshall JSON expression: " + e.getMessage(), false, e);
    }
    if (allowUnresolved) {
      try {
        for (String id : missing(source, env)) {
          if (LATE_BINDING.contains(id)) {
            return unresolved; // don't resolve to nil before the variable exists
          }
        }
      } catch (ExpressionException e) {
        // reported by evaluation below
      }
    }
    Object result;
    try {
      result = Expr.evaluate(source, env, now);
    } catch (ExpressionException e) {
      if (allowUnresolved || allowFailure) {
        return unresolved;
      }
      throw new TemplateException("failed to evaluate expression: " + e.getMessage(), false, e);
    }
    if (result == null) {
      if (allowUnresolved || allowFailure) {
        return unresolved;
      }
      throw new TemplateException("failed to evaluate expression \"" + expression + "\"", false);
    }
    String json;
    try {
      json = GoJson.marshal(result);
    } catch (ExpressionException e) {
      if (allowUnresolved) {
        return unresolved;
      }
      throw new TemplateException(
          "failed to marshal evaluated expression: " + e.getMessage(), false, e);
    }
    if (json.length() > 1 && json.startsWith("\"") && json.endsWith("\"")) {
      return json.substring(1, json.length() - 1);
    }
    return GoText.quoteInner(json);
  }

  private static boolean containsPlaceholder(Iterable<?> values) {
    for (Object v : values) {
      if (v instanceof String s && s.startsWith(PLACEHOLDER_PREFIX)) {
        return true;
      }
      if (v instanceof Map<?, ?> m && containsPlaceholder(m.values())) {
        return true;
      }
      if (v instanceof List<?> l && containsPlaceholder(l)) {
        return true;
      }
    }
    return false;
  }

  /** The expression as written inside a JSON string, with JSON escapes undone. */
  private static String unquote(String expression) {
    return (String) GoJson.unmarshal("\"" + expression + "\"");
  }
}
