package dev.hubflow.core.engine.expr;

/** An expression that does not parse or cannot be evaluated; the message says why and where. */
public class ExpressionException extends RuntimeException {
  public ExpressionException(String message) {
    super(message);
  }

  public ExpressionException(String message, Throwable cause) {
    super(message, cause);
  }
}
