package dev.hubflow.testkit.apiserver.store;

/**
 * What a watch asks for. An unset or {@code "0"} resource version starts with synthetic ADDED
 * events for the current state; any other replays the changes after it, or fails with 410 when that
 * version is older than the kept history.
 */
public record WatchOptions(
    String labelSelector,
    String fieldSelector,
    String resourceVersion,
    boolean allowBookmarks,
    boolean sendInitialEvents) {

  public static WatchOptions all() {
    return new WatchOptions(null, null, null, false, false);
  }

  public static WatchOptions from(String resourceVersion) {
    return new WatchOptions(null, null, resourceVersion, false, false);
  }
}
