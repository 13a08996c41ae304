package dev.hubflow.core.engine;

import static org.assertj.core.api.Assertions.assertThat;

import dev.hubflow.core.engine.FakeCluster.Behaviour;
import java.time.Duration;
import org.junit.jupiter.api.Test;

class RetryEngineTest {

  private static String retry(String strategy) {
    return """
        metadata: {name: wf}
        spec:
          entrypoint: main
          templates:
          - name: main
            retryStrategy: %s
            container: {image: alpine, args: ["{{retries}}"]}
        """
        .formatted(strategy);
  }

  @Test
  void retriesUntilTheLimitAndReportsNoMoreRetries() {
    FakeCluster c =
        new FakeCluster().behave(r -> Behaviour.exit(1)).submit(retry("{limit: 2}")).run();

    assertThat(c.phase()).isEqualTo("Failed");
    assertThat(c.node("wf").getType()).isEqualTo("Retry");
    assertThat(c.node("wf").getMessage()).isEqualTo("No more retries left");
    assertThat(c.displayNames()).contains("wf(0)", "wf(1)", "wf(2)");
    assertThat(c.node("wf(2)").getNodeFlag().getRetried()).isTrue();
    assertThat(c.request("wf(2)").template().getContainer().getArgs()).containsExactly("2");
    assertThat(c.created).hasSize(3);
  }

  @Test
  void retrySucceedsWhenAnAttemptSucceeds() {
    FakeCluster c =
        new FakeCluster()
            .behave(r -> r.nodeName().equals("wf(0)") ? Behaviour.exit(1) : Behaviour.output("ok"))
            .submit(retry("{limit: 3}"))
            .run();

    assertThat(c.phase()).isEqualTo("Succeeded");
    assertThat(c.node("wf").getPhase()).isEqualTo("Succeeded");
    assertThat(c.node("wf").getChildren()).hasSize(2);
    assertThat(c.node("wf").getOutputs().getExitCode()).isEqualTo("0");
  }

  @Test
  void backoffWaitsAndAsksToBeWokenUp() {
    FakeCluster c =
        new FakeCluster()
            .behave(r -> Behaviour.exit(1))
            .submit(retry("{limit: 2, backoff: {duration: \"10s\", factor: 2}}"));
    FakeCluster done = c.run();

    assertThat(done.phase()).isEqualTo("Failed");
    var first = done.node("wf(0)");
    var second = done.node("wf(1)");
    assertThat(Duration.between(first.getFinishedAt(), second.getStartedAt()))
        .isGreaterThanOrEqualTo(Duration.ofSeconds(10));
    var third = done.node("wf(2)");
    assertThat(Duration.between(second.getFinishedAt(), third.getStartedAt()))
        .isGreaterThanOrEqualTo(Duration.ofSeconds(20));
  }

  @Test
  void backoffMessageAndWakeAtWhileWaiting() {
    FakeCluster c =
        new FakeCluster()
            .behave(r -> Behaviour.exit(1))
            .submit(retry("{limit: 1, backoff: {duration: \"30s\"}}"));
    Reconciliation r = null;
    for (int i = 0; i < 10; i++) {
      r = c.reconcileOnce();
      if (c.workflow.getStatus().getNodes() != null
          && c.workflow.getStatus().getNodes().get("wf") != null
          && "Backoff for 30s".equals(c.workflow.getStatus().getNodes().get("wf").getMessage())) {
        break;
      }
      c.tick(Duration.ofSeconds(1));
      c.run2Pods();
    }
    assertThat(c.workflow.getStatus().getNodes().get("wf").getMessage())
        .isEqualTo("Backoff for 30s");
    assertThat(r.wakeAt()).isPresent();
    assertThat(r.wakeAt().get()).isAfter(c.now);
  }

  @Test
  void onErrorPolicyDoesNotRetryFailures() {
    FakeCluster c =
        new FakeCluster()
            .behave(r -> Behaviour.exit(2))
            .submit(retry("{limit: 3, retryPolicy: OnError}"))
            .run();

    assertThat(c.phase()).isEqualTo("Failed");
    assertThat(c.node("wf").getChildren()).hasSize(1);
    assertThat(c.node("wf").getMessage()).isEqualTo("Error (exit code 2)");
  }

  @Test
  void alwaysPolicyRetriesErrorsToo() {
    FakeCluster c =
        new FakeCluster()
            .behave(r -> Behaviour.fail("evicted"))
            .submit(retry("{limit: 1, retryPolicy: Always}"))
            .run();

    assertThat(c.phase()).isEqualTo("Failed");
    assertThat(c.node("wf").getChildren()).hasSize(2);
  }

  @Test
  void expressionFalseStopsRetrying() {
    FakeCluster c =
        new FakeCluster()
            .behave(r -> Behaviour.exit(3))
            .submit(retry("{limit: 5, expression: \"lastRetry.exitCode == '1'\"}"))
            .run();

    assertThat(c.phase()).isEqualTo("Failed");
    assertThat(c.node("wf").getChildren()).hasSize(1);
    assertThat(c.node("wf").getMessage()).isEqualTo("retryStrategy.expression evaluated to false");
  }

  @Test
  void retriedStepInStepsIsAnOutboundRetryNode() {
    FakeCluster c =
        new FakeCluster()
            .behave(r -> r.nodeName().endsWith("a(0)") ? Behaviour.exit(1) : Behaviour.succeed())
            .submit(
                """
                metadata: {name: wf}
                spec:
                  entrypoint: main
                  templates:
                  - name: main
                    steps:
                    - - {name: a, template: flaky}
                    - - {name: b, template: flaky}
                  - name: flaky
                    retryStrategy: {limit: 2}
                    container: {image: alpine}
                """)
            .run();

    assertThat(c.phase()).isEqualTo("Succeeded");
    assertThat(c.node("a").getType()).isEqualTo("Retry");
    assertThat(c.node("a(1)").getChildren()).containsExactly(c.node("[1]").getId());
  }
}
