package dev.hubflow.daemon.conformance;

import java.util.List;
import java.util.Set;

/** What became of one fixture. */
record Outcome(
    Expectation expectation,
    Result result,
    String phaseSeen,
    String reason,
    long millis,
    List<String> notChecked) {

  enum Result {
    PASSED,
    /** Behaves as the Go test it cites (or Kubernetes) asserts, where expectations.yaml differs. */
    DISPUTED,
    FAILED,
    NOT_YET,
    NOT_RUN
  }

  String file() {
    return expectation.file();
  }

  static Outcome notYet(Expectation e, Set<String> missing) {
    return new Outcome(
        e, Result.NOT_YET, null, "not yet: " + String.join(", ", missing), 0, List.of());
  }

  static Outcome notRun(Expectation e, String why) {
    return new Outcome(e, Result.NOT_RUN, null, why, 0, List.of());
  }

  static Outcome failed(
      Expectation e, String phase, String reason, long millis, List<String> notChecked) {
    return new Outcome(e, Result.FAILED, phase, reason, millis, List.copyOf(notChecked));
  }
}
