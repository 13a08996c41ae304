package dev.hubflow.model;

/**
 * A document that cannot be read: bad YAML/JSON syntax, or a value of the wrong shape for the
 * model. The message names the source, and the line and column when they are known.
 */
public class ManifestException extends RuntimeException {
  private final String source;
  private final int line;
  private final int column;

  public ManifestException(String source, int line, int column, String message, Throwable cause) {
    super(format(source, line, column, message), cause);
    this.source = source;
    this.line = line;
    this.column = column;
  }

  private static String format(String source, int line, int column, String message) {
    StringBuilder s = new StringBuilder(source == null ? "<input>" : source);
    if (line > 0) {
      s.append(':').append(line);
      if (column > 0) {
        s.append(':').append(column);
      }
    }
    return s.append(": ").append(message).toString();
  }

  /** Where the document came from (a file name, or {@code <input>}). */
  public String source() {
    return source;
  }

  /** 1-based line of the problem, or 0 when unknown. */
  public int line() {
    return line;
  }

  /** 1-based column of the problem, or 0 when unknown. */
  public int column() {
    return column;
  }
}
