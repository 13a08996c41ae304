package dev.hubflow.testkit.apiserver.store;

/**
 * What a list call asks for, with the real query parameters' meaning; null or empty means unset.
 *
 * @param limit at most this many items (0: no limit)
 */
public record ListOptions(
    String labelSelector,
    String fieldSelector,
    long limit,
    String continueToken,
    String resourceVersion,
    String resourceVersionMatch) {

  public static ListOptions all() {
    return new ListOptions(null, null, 0, null, null, null);
  }

  public static ListOptions labels(String labelSelector) {
    return new ListOptions(labelSelector, null, 0, null, null, null);
  }

  public static ListOptions fields(String fieldSelector) {
    return new ListOptions(null, fieldSelector, 0, null, null, null);
  }
}
