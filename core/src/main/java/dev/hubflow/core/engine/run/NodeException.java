package dev.hubflow.core.engine.run;

/** Argo's sentinel errors from executing a template, plus any other failure with its message. */
public final class NodeException extends RuntimeException {
  /** Which of Argo's errors this is; callers react differently to each. */
  public enum Kind {
    DEADLINE_EXCEEDED,
    PARALLELISM_REACHED,
    TIMEOUT,
    MAX_DEPTH,
    OTHER
  }

  private final Kind kind;

  public NodeException(Kind kind, String message) {
    super(message);
    this.kind = kind;
  }

  public static NodeException other(String message) {
    return new NodeException(Kind.OTHER, message);
  }

  public Kind kind() {
    return kind;
  }
}
