package dev.hubflow.testkit.apiserver.store;

/**
 * Receives a watch's events, in order, on one delivery thread at a time. Must not block for long:
 * all watches of a cluster share a few delivery threads.
 */
public interface WatchListener {
  void onEvent(WatchEvent event);

  /** The watch ended: closed by the caller, by the server (fault injection) or by an error. */
  default void onClose() {}
}
