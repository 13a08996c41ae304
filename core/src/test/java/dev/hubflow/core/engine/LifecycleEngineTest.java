package dev.hubflow.core.engine;

import static org.assertj.core.api.Assertions.assertThat;

import dev.hubflow.core.engine.FakeCluster.Behaviour;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/** Exit handlers, suspend/resume, deadlines and shutdown. */
class LifecycleEngineTest {

  @Test
  void workflowOnExitRunsAfterTheMainTreeAndSeesItsStatus() {
    FakeCluster c =
        new FakeCluster()
            .behave(
                r ->
                    r.template().getName().equals("main") ? Behaviour.exit(1) : Behaviour.succeed())
            .submit(
                """
                metadata: {name: wf}
                spec:
                  entrypoint: main
                  onExit: exit
                  templates:
                  - name: main
                    container: {image: alpine}
                  - name: exit
                    container: {image: alpine, args: ["{{workflow.status}}", "{{workflow.failures}}"]}
                """)
            .run();

    assertThat(c.phase()).isEqualTo("Failed");
    assertThat(c.node("wf.onExit").getPhase()).isEqualTo("Succeeded");
    assertThat(c.node("wf.onExit").getNodeFlag().getHooked()).isTrue();
    assertThat(c.request("wf.onExit").template().getContainer().getArgs().get(0))
        .isEqualTo("Failed");
    assertThat(c.request("wf.onExit").template().getContainer().getArgs().get(1))
        .contains("Error (exit code 1)");
    assertThat(c.message()).isEqualTo("Error (exit code 1)");
  }

  @Test
  void failingExitHandlerFailsASucceededWorkflow() {
    FakeCluster c =
        new FakeCluster()
            .behave(
                r ->
                    r.template().getName().equals("exit") ? Behaviour.exit(5) : Behaviour.succeed())
            .submit(
                """
                metadata: {name: wf}
                spec:
                  entrypoint: main
                  onExit: exit
                  templates:
                  - name: main
                    container: {image: alpine}
                  - name: exit
                    container: {image: alpine}
                """)
            .run();

    assertThat(c.phase()).isEqualTo("Failed");
    assertThat(c.message()).isEqualTo("Error (exit code 5)");
  }

  @Test
  void stepOnExitRunsBeforeTheNextGroup() {
    FakeCluster c =
        new FakeCluster()
            .submit(
                """
                metadata: {name: wf}
                spec:
                  entrypoint: main
                  templates:
                  - name: main
                    steps:
                    - - {name: a, template: t, onExit: bye}
                    - - {name: b, template: t}
                  - name: t
                    container: {image: alpine}
                  - name: bye
                    container: {image: alpine}
                """)
            .run();

    assertThat(c.phase()).isEqualTo("Succeeded");
    assertThat(c.node("a.onExit").getPhase()).isEqualTo("Succeeded");
    assertThat(c.node("a").getChildren()).contains(c.node("a.onExit").getId());
    assertThat(c.created.stream().map(r -> r.nodeName()))
        .containsExactly("wf[0].a", "wf[0].a.onExit", "wf[1].b");
  }

  @Test
  void dagTaskOnExitRuns() {
    FakeCluster c =
        new FakeCluster()
            .submit(
                """
                metadata: {name: wf}
                spec:
                  entrypoint: main
                  templates:
                  - name: main
                    dag:
                      tasks:
                      - {name: a, template: t, onExit: bye}
                  - name: t
                    container: {image: alpine}
                  - name: bye
                    container: {image: alpine}
                """)
            .run();

    assertThat(c.phase()).isEqualTo("Succeeded");
    assertThat(c.node("a.onExit").getPhase()).isEqualTo("Succeeded");
  }

  static final String SUSPEND =
      """
      metadata: {name: wf}
      spec:
        entrypoint: main
        templates:
        - name: main
          steps:
          - - {name: wait, template: wait}
          - - {name: after, template: t}
        - name: wait
          suspend: {%s}
        - name: t
          container: {image: alpine}
      """;

  @Test
  void suspendWithDurationWakesUpAndContinues() {
    FakeCluster c = new FakeCluster().submit(SUSPEND.formatted("duration: \"20\""));
    Reconciliation first = null;
    for (int i = 0; i < 3; i++) {
      first = c.reconcileOnce();
    }
    assertThat(c.node("wait").getType()).isEqualTo("Suspend");
    assertThat(c.node("wait").getPhase()).isEqualTo("Running");
    assertThat(first.wakeAt()).contains(c.now.plusSeconds(20));

    c.run();
    assertThat(c.phase()).isEqualTo("Succeeded");
    assertThat(c.node("after").getPhase()).isEqualTo("Succeeded");
  }

  @Test
  void suspendWithoutDurationWaitsForResume() {
    FakeCluster c = new FakeCluster().submit(SUSPEND.formatted("")).run();

    assertThat(c.phase()).isEqualTo("Running");
    assertThat(c.node("wait").getPhase()).isEqualTo("Running");
    assertThat(c.last.wakeAt()).isEmpty();

    c.resume().run();
    assertThat(c.phase()).isEqualTo("Succeeded");
    assertThat(c.node("after").getPhase()).isEqualTo("Succeeded");
  }

  @Test
  void suspendedWorkflowStartsNoPodsUntilResumed() {
    FakeCluster c =
        new FakeCluster()
            .submit(
                StepsEngineTest.HELLO.replace(
                    "entrypoint: main", "entrypoint: main\n  suspend: true"))
            .run();

    assertThat(c.phase()).isEqualTo("Running");
    assertThat(c.created).isEmpty();
    c.resume().run();
    assertThat(c.phase()).isEqualTo("Succeeded");
  }

  @Test
  void workflowDeadlineFailsRunningPodsAndTheWorkflow() {
    FakeCluster c =
        new FakeCluster()
            .behave(r -> Behaviour.succeed().taking(Duration.ofMinutes(5)))
            .submit(
                StepsEngineTest.HELLO.replace(
                    "entrypoint: main", "entrypoint: main\n  activeDeadlineSeconds: 10"))
            .run();

    assertThat(c.phase()).isEqualTo("Failed");
    // Whichever comes first: the pod's own activeDeadlineSeconds or the controller's check.
    assertThat(c.message())
        .isIn(
            "Step exceeded its deadline",
            "Pod was active on the node longer than the specified deadline");
    assertThat(
            Duration.between(
                c.workflow.getStatus().getStartedAt(), c.workflow.getStatus().getFinishedAt()))
        .isLessThanOrEqualTo(Duration.ofSeconds(12));
  }

  @Test
  void workflowDeadlineFailsPendingStepsWithArgosMessage() {
    FakeCluster c =
        new FakeCluster()
            .behave(r -> Behaviour.fail("unschedulable"))
            .submit(
                StepsEngineTest.HELLO.replace(
                    "entrypoint: main", "entrypoint: main\n  activeDeadlineSeconds: 10"))
            .run();

    assertThat(c.phase()).isEqualTo("Failed");
    assertThat(c.node("hello").getMessage()).isEqualTo("Step exceeded its deadline");
    assertThat(c.message()).isEqualTo("Step exceeded its deadline");
  }

  @Test
  void runningPodPastTheWorkflowDeadlineIsStoppedByTheEngine() {
    FakeCluster c =
        new FakeCluster()
            .behave(r -> Behaviour.succeed().taking(Duration.ofMinutes(5)))
            .submit(
                StepsEngineTest.HELLO.replace(
                    "entrypoint: main", "entrypoint: main\n  activeDeadlineSeconds: 10"));
    c.reconcileOnce();
    c.reconcileOnce();
    c.run2Pods(); // running; this fake kubelet will not get to enforce the pod deadline
    c.pods.values().forEach(p -> p.getSpec().setActiveDeadlineSeconds(null));
    c.run();

    assertThat(c.phase()).isEqualTo("Failed");
    assertThat(c.node("hello").getMessage()).isEqualTo("Step exceeded its deadline");
    assertThat(c.deleted).containsExactly("hello");
  }

  @Test
  void podGetsActiveDeadlineSecondsFromTheWorkflowDeadline() {
    FakeCluster c =
        new FakeCluster()
            .submit(
                StepsEngineTest.HELLO.replace(
                    "entrypoint: main", "entrypoint: main\n  activeDeadlineSeconds: 30"));
    c.reconcileOnce();
    c.reconcileOnce();
    var create =
        (Action.CreatePod)
            c.last.actions().stream()
                .filter(a -> a instanceof Action.CreatePod)
                .findFirst()
                .orElse(null);
    var pod = create == null ? c.pods.get("hello") : create.pod();
    assertThat(pod.getSpec().getActiveDeadlineSeconds()).isEqualTo(30L);
  }

  @Test
  void stopRunsTheExitHandlerAndFailsWithArgosMessage() {
    FakeCluster c =
        new FakeCluster()
            .behave(
                r ->
                    r.template().getName().equals("main")
                        ? Behaviour.succeed().taking(Duration.ofMinutes(5))
                        : Behaviour.succeed())
            .submit(
                """
                metadata: {name: wf}
                spec:
                  entrypoint: main
                  onExit: exit
                  templates:
                  - name: main
                    container: {image: alpine}
                  - name: exit
                    container: {image: alpine}
                """);
    c.reconcileOnce();
    c.reconcileOnce();
    c.run2Pods();
    c.shutdown("Stop").run();

    assertThat(c.phase()).isEqualTo("Failed");
    assertThat(c.message()).isEqualTo("Stopped with strategy 'Stop'");
    assertThat(c.node("wf").getMessage()).isEqualTo("workflow shutdown with strategy:  Stop");
    assertThat(c.node("wf.onExit").getPhase()).isEqualTo("Succeeded");
  }

  @Test
  void terminateSkipsTheExitHandler() {
    FakeCluster c =
        new FakeCluster()
            .behave(r -> Behaviour.succeed().taking(Duration.ofMinutes(5)))
            .submit(
                """
                metadata: {name: wf}
                spec:
                  entrypoint: main
                  onExit: exit
                  templates:
                  - name: main
                    container: {image: alpine}
                  - name: exit
                    container: {image: alpine}
                """);
    c.reconcileOnce();
    c.reconcileOnce();
    c.shutdown("Terminate").run();

    assertThat(c.phase()).isEqualTo("Failed");
    assertThat(c.message()).isEqualTo("Stopped with strategy 'Terminate'");
    assertThat(c.displayNames()).doesNotContain("wf.onExit");
  }

  @Test
  void terminateWhileTheExitHandlerRunsFailsItAndTheWorkflow() {
    FakeCluster c =
        new FakeCluster()
            .behave(
                r ->
                    r.template().getName().equals("sleep")
                        ? Behaviour.succeed().taking(Duration.ofMinutes(10))
                        : Behaviour.succeed())
            .submit(
                """
                metadata: {name: wf}
                spec:
                  entrypoint: main
                  onExit: exit
                  templates:
                  - name: main
                    container: {image: alpine}
                  - name: sleep
                    container: {image: alpine}
                  - name: exit
                    steps:
                    - - name: task
                        template: sleep
                """);
    c.reconcileOnce();
    for (int i = 0; i < 20 && !running(c, "task"); i++) {
      c.tick(Duration.ofSeconds(1));
      c.reconcileOnce();
      c.run2Pods();
    }
    assertThat(running(c, "task")).as(c.displayNames() + " " + c.phase()).isTrue();

    c.shutdown("Terminate").run();

    // Argo's TestTerminateWorkflowWhileOnExitHandlerRunning.
    assertThat(c.phase()).isEqualTo("Failed");
    assertThat(c.node("task").getMessage())
        .isEqualTo("workflow shutdown with strategy:  Terminate");
    assertThat(c.node("wf.onExit").getPhase()).isEqualTo("Failed");
    assertThat(c.node("[0]").getPhase()).isEqualTo("Failed");
  }

  private static boolean running(FakeCluster c, String displayName) {
    return c.displayNames().contains(displayName)
        && "Running".equals(c.node(displayName).getPhase());
  }

  @Test
  void stopFailsARunningSuspendNode() {
    FakeCluster c = new FakeCluster().submit(SUSPEND.formatted("")).run();
    c.shutdown("Stop").run();

    assertThat(c.phase()).isEqualTo("Failed");
    assertThat(c.node("wait").getPhase()).isEqualTo("Failed");
    assertThat(c.node("wait").getMessage()).isEqualTo("Stopped with strategy 'Stop'");
  }

  @Test
  void pendingPodPastTemplateTimeoutFails() {
    FakeCluster c =
        new FakeCluster()
            .submit(
                """
                metadata: {name: wf}
                spec:
                  entrypoint: main
                  templates:
                  - name: main
                    steps:
                    - - {name: a, template: t}
                  - name: t
                    timeout: 5s
                    container: {image: alpine}
                """);
    c.reconcileOnce(); // creates pod; the fake pod stays Pending because we never advance it
    c.reconcileOnce();
    c.tick(Duration.ofSeconds(6));
    c.reconcileOnce();

    assertThat(c.node("a").getPhase()).isEqualTo("Failed");
    assertThat(c.node("a").getMessage()).isEqualTo("timeout");
  }
}
