package dev.hubflow.core.status;

/**
 * A stored workflow whose nodes cannot be read: {@code status.compressedNodes} is damaged or in a
 * compression hubflow does not read, or the nodes were offloaded to Argo's database.
 */
public final class UnreadableNodeStatusException extends RuntimeException {
  UnreadableNodeStatusException(String message) {
    super(message);
  }

  UnreadableNodeStatusException(String message, Throwable cause) {
    super(message, cause);
  }
}
