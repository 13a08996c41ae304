package dev.hubflow.testkit.apiserver.store;

/**
 * A delete's options as in the real {@code DeleteOptions}; nulls mean "the kind's default".
 *
 * @param propagationPolicy {@code Orphan}, {@code Background} or {@code Foreground}
 * @param uid precondition: the object's uid must be this
 * @param resourceVersion precondition: the object's resourceVersion must be this
 */
public record DeleteOptions(
    Long gracePeriodSeconds, String propagationPolicy, String uid, String resourceVersion) {

  public static DeleteOptions defaults() {
    return new DeleteOptions(null, null, null, null);
  }

  public static DeleteOptions now() {
    return new DeleteOptions(0L, null, null, null);
  }

  public static DeleteOptions propagation(String policy) {
    return new DeleteOptions(null, policy, null, null);
  }
}
