package dev.hubflow.core.engine.params;

import dev.hubflow.core.engine.expr.ExpressionException;
import dev.hubflow.core.engine.expr.GoText;
import dev.hubflow.core.engine.template.Template;
import dev.hubflow.core.engine.template.TemplateException;
import dev.hubflow.core.engine.template.Unresolved;
import dev.hubflow.model.Codec;
import java.util.Map;

/**
 * Argo's {@code {{…}}} substitution applied to model objects: the object goes to JSON, {@link
 * Template} replaces the tags (JSON-escaping values, as Argo does), and the JSON comes back as a
 * new object. Failures become {@link ExpressionException}s carrying Argo's message.
 */
public final class Substitution {
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
    try {
      return Template.replaceText(text, vars, mode(allowUnresolved));
    } catch (TemplateException e) {
      throw new ExpressionException(e.getMessage(), e);
    }
  }

  /** Replaces tags in every string of a model object, returning a new object. */
  @SuppressWarnings("unchecked")
  public <T> T apply(T value, Map<String, String> vars, boolean allowUnresolved) {
    if (value == null) {
      return null;
    }
    String json = Json.plain(value);
    if (!json.contains("{{")) {
      // Nothing to replace: a copy without parsing the text again.
      return Codec.copy(value);
    }
    String replaced;
    try {
      replaced = Template.replace(json, vars, mode(allowUnresolved));
    } catch (TemplateException e) {
      throw new ExpressionException(e.getMessage(), e);
    }
    return (T) Json.read(replaced, value.getClass());
  }

  private static Unresolved mode(boolean allowUnresolved) {
    return allowUnresolved ? Unresolved.lenient() : Unresolved.strict();
  }

  /** Go's {@code %v} of an expression's value. */
  public static String format(Object value) {
    return GoText.v(value);
  }
}
