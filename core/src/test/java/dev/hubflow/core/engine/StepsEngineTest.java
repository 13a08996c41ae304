package dev.hubflow.core.engine;

import static org.assertj.core.api.Assertions.assertThat;

import dev.hubflow.core.argo.ArgoNames;
import dev.hubflow.core.engine.FakeCluster.Behaviour;
import dev.hubflow.model.v1alpha1.NodeStatus;
import java.util.Map;
import org.junit.jupiter.api.Test;

class StepsEngineTest {

  static final String HELLO =
      """
      metadata: {name: hello}
      spec:
        entrypoint: main
        templates:
        - name: main
          container: {image: busybox, command: [echo, hi]}
      """;

  @Test
  void singleContainerWorkflowSucceedsWithArgoStatusShape() {
    FakeCluster c = new FakeCluster().submit(HELLO).run();

    assertThat(c.phase()).isEqualTo("Succeeded");
    NodeStatus root = c.workflow.getStatus().getNodes().get("hello");
    assertThat(root.getType()).isEqualTo("Pod");
    assertThat(root.getDisplayName()).isEqualTo("hello");
    assertThat(root.getTemplateName()).isEqualTo("main");
    assertThat(root.getProgress()).isEqualTo("1/1");
    assertThat(root.getOutputs().getExitCode()).isEqualTo("0");
    assertThat(c.created)
        .singleElement()
        .satisfies(r -> assertThat(r.podName()).isEqualTo("hello"));
    assertThat(c.workflow.getStatus().getProgress()).isEqualTo("1/1");
    assertThat(c.workflow.getStatus().getStartedAt()).isNotNull();
    assertThat(c.workflow.getStatus().getFinishedAt()).isNotNull();
    assertThat(c.workflow.getMetadata().getLabels())
        .containsEntry(ArgoNames.LABEL_PHASE, "Succeeded")
        .containsEntry(ArgoNames.LABEL_COMPLETED, "true");
    assertThat(c.workflow.getStatus().getConditions())
        .anySatisfy(
            cond -> {
              assertThat(cond.getType()).isEqualTo("Completed");
              assertThat(cond.getStatus()).isEqualTo("True");
            })
        .anySatisfy(cond -> assertThat(cond.getType()).isEqualTo("PodRunning"));
  }

  @Test
  void finishedWorkflowIsLeftAlone() {
    FakeCluster c = new FakeCluster().submit(HELLO).run();
    assertThat(c.reconcileOnce()).isEqualTo(Reconciliation.nothing());
  }

  @Test
  void sameObservationGivesSameReconciliation() {
    FakeCluster c = new FakeCluster().submit(HELLO);
    c.reconcileOnce();
    Observation o = new Observation(c.workflow, Map.copyOf(c.pods), Map.of(), c.now);
    Reconciliation a = c.engine.reconcile(o);
    Reconciliation b = c.engine.reconcile(o);
    assertThat(dev.hubflow.model.Codec.toJson(a.workflow().orElseThrow()))
        .isEqualTo(dev.hubflow.model.Codec.toJson(b.workflow().orElseThrow()));
    assertThat(a.actions()).isEmpty(); // the pod exists already: not created twice
  }

  static final String STEPS =
      """
      metadata: {name: wf}
      spec:
        entrypoint: main
        arguments:
          parameters: [{name: who, value: world}]
        templates:
        - name: main
          steps:
          - - name: a
              template: gen
              arguments:
                parameters: [{name: msg, value: "hello {{workflow.parameters.who}}"}]
          - - name: b
              template: print
              arguments:
                parameters:
                - {name: msg, value: "{{steps.a.outputs.parameters.out}}"}
                - {name: res, value: "{{steps.a.outputs.result}}"}
                - {name: code, value: "{{steps.a.exitCode}}"}
            - name: c
              template: print
              arguments:
                parameters:
                - {name: msg, value: "{{workflow.name}}-{{workflow.namespace}}"}
                - {name: res, value: "x"}
                - {name: code, value: "0"}
        - name: gen
          inputs:
            parameters: [{name: msg}]
          script:
            image: python
            source: print("{{inputs.parameters.msg}}")
          outputs:
            parameters:
            - name: out
              valueFrom: {path: /tmp/out}
        - name: print
          inputs:
            parameters: [{name: msg}, {name: res}, {name: code}]
          container:
            image: busybox
            args: ["{{inputs.parameters.msg}}", "{{inputs.parameters.res}}", "{{pod.name}}"]
      """;

  @Test
  void stepsPassOutputsResultsAndExitCodesToLaterSteps() {
    FakeCluster c =
        new FakeCluster()
            .behave(
                r ->
                    r.nodeName().endsWith(".a")
                        ? new Behaviour(
                            java.time.Duration.ofSeconds(2), 0, Map.of("out", "O"), "R", null)
                        : Behaviour.succeed())
            .submit(STEPS)
            .run();

    assertThat(c.phase()).isEqualTo("Succeeded");
    assertThat(c.request("a").template().getScript().getSource())
        .isEqualTo("print(\"hello world\")");
    assertThat(c.request("b").template().getContainer().getArgs())
        .containsExactly("O", "R", c.request("b").podName());
    assertThat(c.request("b").template().getInputs().getParameters().get(2).getValue())
        .isEqualTo("0");
    assertThat(c.request("c").template().getContainer().getArgs().get(0)).isEqualTo("wf-argo");

    NodeStatus root = c.node("wf");
    assertThat(root.getType()).isEqualTo("Steps");
    NodeStatus sg0 = c.node("[0]");
    assertThat(sg0.getType()).isEqualTo("StepGroup");
    assertThat(sg0.getBoundaryID()).isEqualTo("wf");
    NodeStatus a = c.node("a");
    assertThat(a.getName()).isEqualTo("wf[0].a");
    assertThat(a.getId()).isEqualTo(ArgoNames.nodeId("wf", "wf[0].a"));
    assertThat(a.getChildren()).containsExactly(c.node("[1]").getId());
    assertThat(root.getOutboundNodes())
        .containsExactlyInAnyOrder(c.node("b").getId(), c.node("c").getId());
    assertThat(root.getProgress()).isEqualTo("3/3");
    assertThat(a.getOutputs().getResult()).isEqualTo("R");
    assertThat(c.request("a").podName()).isEqualTo(ArgoNames.podName("wf", "wf[0].a", "gen"));
  }

  @Test
  void whenFalseSkipsTheStep() {
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
                    - - {name: flip, template: t}
                    - - {name: heads, template: t, when: "{{steps.flip.outputs.result}} == heads"}
                      - {name: tails, template: t, when: "{{steps.flip.outputs.result}} == tails"}
                  - name: t
                    script: {image: alpine, source: echo}
                """)
            .behave(r -> Behaviour.output("tails"))
            .run();

    assertThat(c.phase()).isEqualTo("Succeeded");
    assertThat(c.node("heads").getPhase()).isEqualTo("Skipped");
    assertThat(c.node("heads").getType()).isEqualTo("Skipped");
    assertThat(c.node("heads").getMessage()).isEqualTo("when 'tails == heads' evaluated false");
    assertThat(c.node("tails").getPhase()).isEqualTo("Succeeded");
  }

  @Test
  void failingStepFailsTheWorkflowWithArgoMessages() {
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
                    - - {name: b, template: t}
                  - name: t
                    container: {image: alpine}
                """)
            .behave(r -> Behaviour.exit(3))
            .run();

    assertThat(c.phase()).isEqualTo("Failed");
    assertThat(c.node("a").getMessage()).isEqualTo("Error (exit code 3)");
    assertThat(c.node("a").getOutputs().getExitCode()).isEqualTo("3");
    assertThat(c.node("[0]").getMessage()).isEqualTo("child '" + c.node("a").getId() + "' failed");
    assertThat(c.message()).isEqualTo("child '" + c.node("a").getId() + "' failed");
    assertThat(c.displayNames()).doesNotContain("b");
  }

  @Test
  void continueOnFailedLetsTheNextGroupRun() {
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
                    - - {name: a, template: fail, continueOn: {failed: true}}
                    - - {name: b, template: ok}
                  - name: fail
                    container: {image: alpine}
                  - name: ok
                    container: {image: alpine}
                """)
            .behave(
                r ->
                    r.template().getName().equals("fail") ? Behaviour.exit(1) : Behaviour.succeed())
            .run();

    assertThat(c.phase()).isEqualTo("Succeeded");
    assertThat(c.node("a").getPhase()).isEqualTo("Failed");
    assertThat(c.node("b").getPhase()).isEqualTo("Succeeded");
  }
}
