package dev.hubflow.testkit.apiserver.auth;

import java.util.List;

/** Who made a request, as an authenticator established it. */
public record UserInfo(String name, List<String> groups) {
  public UserInfo {
    groups = List.copyOf(groups);
  }

  public static UserInfo admin() {
    return new UserInfo("kubernetes-admin", List.of("system:masters", "system:authenticated"));
  }
}
