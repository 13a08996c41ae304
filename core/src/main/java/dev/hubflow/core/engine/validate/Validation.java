package dev.hubflow.core.engine.validate;

import java.util.List;

/** What validating one manifest found; empty when it is valid. */
public record Validation(List<Problem> problems) {
  public Validation {
    problems = List.copyOf(problems);
  }

  public boolean valid() {
    return problems.isEmpty();
  }

  /** The first problem's message on one line (Argo, too, reports the first it meets). */
  public String summary() {
    if (problems.isEmpty()) {
      return "";
    }
    String first = problems.get(0).message().replace('\n', ' ');
    return problems.size() == 1 ? first : first + " (and " + (problems.size() - 1) + " more)";
  }

  /** The workflow's {@code status.message} when the engine refuses to run it. */
  public String failureMessage() {
    return "invalid spec: " + (problems.isEmpty() ? "" : problems.get(0).message());
  }
}
