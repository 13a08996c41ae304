package dev.hubflow.daemon.controller;

import static org.assertj.core.api.Assertions.assertThat;

import dev.hubflow.daemon.testing.LogCapture;
import java.util.Collection;
import java.util.List;

/** Asserts that no token or Secret value seen during a run shows up in any log line. */
final class NoSecretsLogged {
  private NoSecretsLogged() {}

  static void check(LogCapture logs, Collection<String> secrets, Collection<String> tokens) {
    List<String> lines = logs.lines();
    assertThat(lines).as("log lines captured").isNotEmpty();
    for (String secret : secrets) {
      assertThat(lines).noneMatch(line -> line.contains(secret));
    }
    for (String token : tokens) {
      assertThat(lines).noneMatch(line -> line.contains(token));
    }
    assertThat(lines).noneMatch(line -> line.contains("k8s-aws-v1."));
    assertThat(lines).noneMatch(line -> line.toLowerCase().contains("authorization: bearer"));
  }
}
