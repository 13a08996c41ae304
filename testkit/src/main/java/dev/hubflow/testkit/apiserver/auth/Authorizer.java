package dev.hubflow.testkit.apiserver.auth;

/** Decides whether an authenticated user may do a request; false gives the real 403. */
@FunctionalInterface
public interface Authorizer {
  boolean authorize(UserInfo user, RequestAttributes request);

  static Authorizer allowAll() {
    return (user, request) -> true;
  }
}
