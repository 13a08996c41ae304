package dev.hubflow.core.engine.template;

/**
 * A {@code {{…}}} substitution that failed. {@link #missingVariable()} is Argo's {@code
 * IsMissingVariableErr}: the variable may appear later (retry), as opposed to a terminal error.
 */
public class TemplateException extends RuntimeException {
  private final boolean missingVariable;

  public TemplateException(String message, boolean missingVariable) {
    super(message);
    this.missingVariable = missingVariable;
  }

  public TemplateException(String message, boolean missingVariable, Throwable cause) {
    super(message, cause);
    this.missingVariable = missingVariable;
  }

  public boolean missingVariable() {
    return missingVariable;
  }
}
