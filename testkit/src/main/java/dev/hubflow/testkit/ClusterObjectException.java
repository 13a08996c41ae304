package dev.hubflow.testkit;

/** A cluster refused an object; the message names the object and, where known, the file. */
public final class ClusterObjectException extends RuntimeException {
  public ClusterObjectException(String message) {
    super(message);
  }
}
