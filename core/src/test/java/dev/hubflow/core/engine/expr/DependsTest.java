package dev.hubflow.core.engine.expr;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.hubflow.core.engine.expr.Depends.ContinueOn;
import dev.hubflow.core.engine.expr.Depends.DependencyType;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class DependsTest {

  private static final TaskResults SUCCEEDED = TaskResults.ofPhase("Succeeded", false);
  private static final TaskResults FAILED = TaskResults.ofPhase("Failed", false);
  private static final TaskResults ERRORED = TaskResults.ofPhase("Error", false);
  private static final TaskResults SKIPPED = TaskResults.ofPhase("Skipped", false);
  private static final TaskResults OMITTED = TaskResults.ofPhase("Omitted", false);

  private static boolean eval(String depends, Map<String, TaskResults> results) {
    return Depends.evaluate(depends, results::get, t -> ContinueOn.NONE);
  }

  @Test
  void listsTaskNamesWithAndWithoutResults() {
    assertThat(Depends.taskNames("A && (B.Failed || C.Succeeded)")).containsExactly("A", "B", "C");
    assertThat(Depends.taskNames("stage-a && (stage-b || stage-b.Skipped)"))
        .containsExactly("stage-a", "stage-b");
    assertThat(Depends.dependencies("A.AnySucceeded || A")).containsEntry("A", DependencyType.TASK);
    assertThat(Depends.dependencies("A.AnySucceeded")).containsEntry("A", DependencyType.ITEMS);
  }

  @Test
  void bareNameMeansSucceededSkippedOrDaemoned() {
    assertThat(Depends.expand("A", t -> ContinueOn.NONE))
        .isEqualTo("(A.Succeeded || A.Skipped || A.Daemoned)");
    assertThat(Depends.expand("A && B.Failed", t -> new ContinueOn(true, true)))
        .isEqualTo("(A.Succeeded || A.Skipped || A.Daemoned || A.Errored || A.Failed) && B.Failed");
    assertThat(eval("A", Map.of("A", SUCCEEDED))).isTrue();
    assertThat(eval("A", Map.of("A", SKIPPED))).isTrue();
    assertThat(eval("A", Map.of("A", FAILED))).isFalse();
    assertThat(eval("A", Map.of("A", OMITTED))).isFalse();
    assertThat(Depends.evaluate("A", t -> FAILED, t -> new ContinueOn(false, true))).isTrue();
    assertThat(Depends.evaluate("A", t -> ERRORED, t -> new ContinueOn(true, false))).isTrue();
    assertThat(eval("A", Map.of("A", TaskResults.ofPhase("Running", true)))).isTrue();
  }

  @Test
  void resultsCombineWithLogic() {
    assertThat(eval("B.Failed && C", Map.of("B", FAILED, "C", SUCCEEDED))).isTrue();
    assertThat(eval("producer.Succeeded || producer.Skipped", Map.of("producer", SKIPPED)))
        .isTrue();
    assertThat(
            eval(
                "stage-a && (stage-b || stage-b.Omitted)",
                Map.of("stage-a", SUCCEEDED, "stage-b", OMITTED)))
        .isTrue();
    assertThat(eval("A.AnySucceeded", Map.of("A", FAILED.withGroup(true, false)))).isTrue();
    assertThat(eval("A.AllFailed", Map.of("A", FAILED.withGroup(false, true)))).isTrue();
    assertThat(eval("!A.Failed", Map.of("A", SUCCEEDED))).isTrue();
  }

  @Test
  void fromDependenciesJoinsWithAnd() {
    assertThat(Depends.fromDependencies(List.of("A", "B"), t -> ContinueOn.NONE))
        .isEqualTo(
            "(A.Succeeded || A.Skipped || A.Daemoned) && (B.Succeeded || B.Skipped || B.Daemoned)");
  }

  @Test
  void unknownResultsAreRejected() {
    assertThatThrownBy(() -> Depends.validate("A.Finished"))
        .isInstanceOf(ExpressionException.class)
        .hasMessage("task result 'Finished' for task 'A' is invalid");
    Depends.validate("A && (B.Failed || C.Succeeded)");
  }
}
