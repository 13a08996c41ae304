package dev.hubflow.core.engine;

import static org.assertj.core.api.Assertions.assertThat;

import dev.hubflow.core.engine.FakeCluster.Behaviour;
import org.junit.jupiter.api.Test;

class DagEngineTest {

  static final String DIAMOND =
      """
      metadata: {name: dag}
      spec:
        entrypoint: main
        templates:
        - name: main
          dag:
            tasks:
            - {name: A, template: echo, arguments: {parameters: [{name: m, value: A}]}}
            - {name: B, template: echo, dependencies: [A], arguments: {parameters: [{name: m, value: "{{tasks.A.outputs.result}}"}]}}
            - {name: C, template: echo, dependencies: [A], arguments: {parameters: [{name: m, value: C}]}}
            - {name: D, template: echo, dependencies: [B, C], arguments: {parameters: [{name: m, value: "{{tasks.B.outputs.result}}{{tasks.C.outputs.result}}"}]}}
        - name: echo
          inputs: {parameters: [{name: m}]}
          script: {image: alpine, source: "echo {{inputs.parameters.m}}"}
      """;

  @Test
  void diamondRunsEachTaskAfterItsDependencies() {
    FakeCluster c =
        new FakeCluster()
            .behave(
                r -> Behaviour.output(r.template().getInputs().getParameters().get(0).getValue()))
            .submit(DIAMOND)
            .run();

    assertThat(c.phase()).as(c.message()).isEqualTo("Succeeded");
    assertThat(c.created.stream().map(r -> r.nodeName()))
        .containsExactly("dag.A", "dag.B", "dag.C", "dag.D");
    assertThat(c.request("D").template().getInputs().getParameters().get(0).getValue())
        .isEqualTo("AC");
    assertThat(c.node("dag").getType()).isEqualTo("DAG");
    assertThat(c.node("A").getChildren())
        .containsExactlyInAnyOrder(c.node("B").getId(), c.node("C").getId());
    assertThat(c.node("B").getChildren()).containsExactly(c.node("D").getId());
    assertThat(c.node("dag").getChildren()).containsExactly(c.node("A").getId());
    assertThat(c.node("dag").getOutboundNodes()).containsExactly(c.node("D").getId());
    assertThat(c.node("D").getBoundaryID()).isEqualTo("dag");
  }

  @Test
  void dependsOnFailureRunsTheHandlerAndOmitsTheRest() {
    FakeCluster c =
        new FakeCluster()
            .behave(r -> r.nodeName().equals("dag.A") ? Behaviour.exit(1) : Behaviour.succeed())
            .submit(
                """
                metadata: {name: dag}
                spec:
                  entrypoint: main
                  templates:
                  - name: main
                    dag:
                      tasks:
                      - {name: A, template: t}
                      - {name: on-fail, template: t, depends: A.Failed}
                      - {name: on-ok, template: t, depends: A.Succeeded}
                  - name: t
                    container: {image: alpine}
                """)
            .run();

    assertThat(c.phase()).isEqualTo("Failed");
    assertThat(c.node("on-fail").getPhase()).isEqualTo("Succeeded");
    assertThat(c.node("on-ok").getPhase()).isEqualTo("Omitted");
    assertThat(c.node("on-ok").getMessage()).isEqualTo("omitted: depends condition not met");
    assertThat(c.node("on-ok").getType()).isEqualTo("Skipped");
  }

  @Test
  void continueOnFailedTaskCountsAsDone() {
    FakeCluster c =
        new FakeCluster()
            .behave(r -> r.nodeName().equals("dag.A") ? Behaviour.exit(1) : Behaviour.succeed())
            .submit(
                """
                metadata: {name: dag}
                spec:
                  entrypoint: main
                  templates:
                  - name: main
                    dag:
                      tasks:
                      - {name: A, template: t, continueOn: {failed: true}}
                      - {name: B, template: t, dependencies: [A]}
                  - name: t
                    container: {image: alpine}
                """)
            .run();

    assertThat(c.phase()).isEqualTo("Succeeded");
    assertThat(c.node("B").getPhase()).isEqualTo("Succeeded");
  }

  @Test
  void failedBranchFailsTheDagOnceTheOtherBranchesEnd() {
    FakeCluster c =
        new FakeCluster()
            .behave(
                r ->
                    r.nodeName().equals("dag.fail")
                        ? Behaviour.exit(1)
                        : Behaviour.succeed().taking(java.time.Duration.ofSeconds(10)))
            .submit(
                """
                metadata: {name: dag}
                spec:
                  entrypoint: main
                  templates:
                  - name: main
                    dag:
                      tasks:
                      - {name: fail, template: t}
                      - {name: long, template: t}
                      - {name: after-long, template: t, dependencies: [long]}
                  - name: t
                    container: {image: alpine}
                """)
            .run();

    assertThat(c.phase()).isEqualTo("Failed");
    // Argo v3.5 keeps scheduling independent branches (dag.failFast only decides the phase).
    assertThat(c.node("long").getPhase()).isEqualTo("Succeeded");
    assertThat(c.node("after-long").getPhase()).isEqualTo("Succeeded");
    assertThat(c.node("dag").getPhase()).isEqualTo("Failed");
  }

  @Test
  void dagLoopsMakeATaskGroupAndAggregateResults() {
    FakeCluster c =
        new FakeCluster()
            .behave(
                r ->
                    Behaviour.output(
                        r.template().getInputs() == null
                            ? ""
                            : r.template().getInputs().getParameters().get(0).getValue()))
            .submit(
                """
                metadata: {name: dag}
                spec:
                  entrypoint: main
                  templates:
                  - name: main
                    dag:
                      tasks:
                      - name: gen
                        template: echo
                        arguments: {parameters: [{name: m, value: "{{item}}"}]}
                        withItems: [1, 2, 3]
                      - name: sum
                        template: echo
                        depends: gen
                        arguments: {parameters: [{name: m, value: "{{tasks.gen.outputs.result}}"}]}
                  - name: echo
                    inputs: {parameters: [{name: m}]}
                    script: {image: alpine, source: "echo {{inputs.parameters.m}}"}
                """)
            .run();

    assertThat(c.phase()).isEqualTo("Succeeded");
    assertThat(c.node("gen").getType()).isEqualTo("TaskGroup");
    assertThat(c.node("gen(0:1)").getPhase()).isEqualTo("Succeeded");
    assertThat(c.node("gen").getChildren()).hasSize(3);
    assertThat(c.request("sum").template().getInputs().getParameters().get(0).getValue())
        .isEqualTo("[1,2,3]");
  }

  private static String skippedProducer(String fallback, String consumer) {
    return """
        metadata: {name: skip}
        spec:
          entrypoint: main
          templates:
          - name: main
            dag:
              tasks:
              - {name: p, template: produce, when: "false"}
              - name: c
                template: consume
                depends: "p.Succeeded || p.Skipped"
                %s
          - name: produce
            outputs:
              parameters:
              - name: out
                valueFrom: {path: /tmp/out%s}
            container: {image: alpine}
          - name: consume
            inputs: {parameters: [{name: in}]}
            container: {image: alpine, args: ["{{inputs.parameters.in}}"]}
        """
        .formatted(consumer, fallback);
  }

  @Test
  void aSkippedTasksOutputWithoutDefaultIsAnErrorWhereReferenced() {
    FakeCluster c =
        new FakeCluster()
            .submit(
                skippedProducer(
                    "",
                    "arguments: {parameters: [{name: in, value: \"{{tasks.p.outputs.parameters.out}}\"}]}"))
            .run();

    assertThat(c.node("p").getPhase()).isEqualTo("Skipped");
    assertThat(c.node("c").getPhase()).isEqualTo("Error");
    assertThat(c.phase()).isEqualTo("Error");
  }

  @Test
  void aSkippedTasksOutputDefaultFeedsWithParam() {
    FakeCluster c =
        new FakeCluster()
            .submit(
                skippedProducer(
                    ", default: '[\"a\",\"b\"]'",
                    "withParam: \"{{tasks.p.outputs.parameters.out}}\"\n"
                        + "        arguments: {parameters: [{name: in, value: \"{{item}}\"}]}"))
            .run();

    assertThat(c.phase()).as(c.message()).isEqualTo("Succeeded");
    assertThat(c.node("c(0:a)").getPhase()).isEqualTo("Succeeded");
    assertThat(c.node("c(1:b)").getPhase()).isEqualTo("Succeeded");
  }

  @Test
  void aReferenceToASkippedTasksOutputGivesWayToTheConsumersInputDefault() {
    FakeCluster c =
        new FakeCluster()
            .submit(
                skippedProducer(
                        "",
                        "arguments: {parameters: [{name: in, value: \"{{tasks.p.outputs.parameters.out}}\"}]}")
                    .replace(
                        "inputs: {parameters: [{name: in}]}",
                        "inputs: {parameters: [{name: in, default: fb}]}"))
            .run();

    assertThat(c.phase()).as(c.message()).isEqualTo("Succeeded");
    assertThat(c.request("c").template().getInputs().getParameters().get(0).getValue())
        .isEqualTo("fb");
  }
}
