package dev.hubflow.core.engine;

import static org.assertj.core.api.Assertions.assertThat;

import dev.hubflow.core.engine.FakeCluster.Behaviour;
import java.util.Map;
import org.junit.jupiter.api.Test;

class LoopsEngineTest {

  private static String loop(String loop, String arg) {
    return """
        metadata: {name: wf}
        spec:
          entrypoint: main
          templates:
          - name: main
            steps:
            - - name: p
                template: print
                arguments: {parameters: [{name: m, value: "%s"}]}
                %s
          - name: print
            inputs: {parameters: [{name: m}]}
            container: {image: alpine, args: ["{{inputs.parameters.m}}"]}
        """
        .formatted(arg, loop);
  }

  private static String arg(FakeCluster c, String display) {
    return c.request(display).template().getInputs().getParameters().get(0).getValue();
  }

  @Test
  void withItemsOfScalarsNamesEachIteration() {
    FakeCluster c = new FakeCluster().submit(loop("withItems: [a, 2, true]", "{{item}}")).run();

    assertThat(c.phase()).isEqualTo("Succeeded");
    assertThat(arg(c, "p(0:a)")).isEqualTo("a");
    assertThat(arg(c, "p(1:2)")).isEqualTo("2");
    assertThat(arg(c, "p(2:true)")).isEqualTo("true");
    assertThat(c.node("p(0:a)").getName()).isEqualTo("wf[0].p(0:a)");
  }

  @Test
  void withItemsOfMapsExposesFields() {
    FakeCluster c =
        new FakeCluster()
            .submit(
                loop(
                    "withItems: [{os: debian, v: 9}, {os: ubuntu, v: 20}]",
                    "{{item.os}}-{{item.v}}"))
            .run();

    assertThat(c.phase()).isEqualTo("Succeeded");
    assertThat(arg(c, "p(0:os:debian,v:9)")).isEqualTo("debian-9");
    assertThat(arg(c, "p(1:os:ubuntu,v:20)")).isEqualTo("ubuntu-20");
  }

  @Test
  void withItemsOfListsPassesJson() {
    FakeCluster c = new FakeCluster().submit(loop("withItems: [[1, 2]]", "{{item}}")).run();

    assertThat(arg(c, "p(0:[1 2])")).isEqualTo("[1,2]");
  }

  @Test
  void withSequenceCountsWithFormat() {
    FakeCluster c =
        new FakeCluster()
            .submit(loop("withSequence: {start: \"2\", end: \"4\", format: \"n%02d\"}", "{{item}}"))
            .run();

    assertThat(arg(c, "p(0:n02)")).isEqualTo("n02");
    assertThat(arg(c, "p(2:n04)")).isEqualTo("n04");
  }

  @Test
  void withSequenceCountZeroSkipsTheStep() {
    FakeCluster c =
        new FakeCluster().submit(loop("withSequence: {count: \"0\"}", "{{item}}")).run();

    assertThat(c.phase()).isEqualTo("Succeeded");
    assertThat(c.node("p").getPhase()).isEqualTo("Skipped");
    assertThat(c.node("p").getMessage()).isEqualTo("Skipped, empty params");
  }

  @Test
  void withParamFansOutOverAnEarlierStepsJsonOutput() {
    FakeCluster c =
        new FakeCluster()
            .behave(
                r ->
                    r.template().getName().equals("gen")
                        ? Behaviour.output("[\"x\", \"y\"]")
                        : Behaviour.succeed())
            .submit(
                """
                metadata: {name: wf}
                spec:
                  entrypoint: main
                  templates:
                  - name: main
                    steps:
                    - - {name: gen, template: gen}
                    - - name: p
                        template: print
                        arguments: {parameters: [{name: m, value: "{{item}}"}]}
                        withParam: "{{steps.gen.outputs.result}}"
                  - name: gen
                    script: {image: python, source: "print(1)"}
                  - name: print
                    inputs: {parameters: [{name: m}]}
                    container: {image: alpine}
                """)
            .run();

    assertThat(c.phase()).isEqualTo("Succeeded");
    assertThat(arg(c, "p(0:x)")).isEqualTo("x");
    assertThat(arg(c, "p(1:y)")).isEqualTo("y");
  }

  @Test
  void loopOutputsAggregateInIterationOrder() {
    FakeCluster c =
        new FakeCluster()
            .behave(
                r ->
                    Behaviour.params(
                        Map.of(
                            "o",
                            r.template().getInputs() == null
                                ? ""
                                : r.template().getInputs().getParameters().get(0).getValue())))
            .submit(
                """
                metadata: {name: wf}
                spec:
                  entrypoint: main
                  templates:
                  - name: main
                    steps:
                    - - name: p
                        template: out
                        arguments: {parameters: [{name: m, value: "{{item}}"}]}
                        withItems: [a, b]
                    - - name: q
                        template: out
                        arguments: {parameters: [{name: m, value: "{{steps.p.outputs.parameters.o}}"}]}
                  - name: out
                    inputs: {parameters: [{name: m}]}
                    container: {image: alpine}
                    outputs:
                      parameters: [{name: o, valueFrom: {path: /o}}]
                """)
            .run();

    assertThat(c.phase()).isEqualTo("Succeeded");
    assertThat(arg(c, "q")).isEqualTo("[\"a\",\"b\"]");
  }

  @Test
  void badWithParamErrorsTheStepGroup() {
    FakeCluster c = new FakeCluster().submit(loop("withParam: \"not json\"", "{{item}}")).run();

    assertThat(c.phase()).isEqualTo("Failed");
    assertThat(c.node("[0]").getPhase()).isEqualTo("Error");
    assertThat(c.node("[0]").getMessage())
        .isEqualTo("withParam value could not be parsed as a JSON list: not json");
  }

  private static String filteredLoop(String kind) {
    String loop =
        """
            when: "{{= item.k == inputs.parameters.keep }}"
            withItems: [{k: a}, {k: b}]
            arguments: {parameters: [{name: m, value: "{{item.k}}-{{inputs.parameters.tag}}"}]}
        """;
    String body =
        kind.equals("steps")
            ? "steps:\n    - - name: p\n        template: print\n" + loop.indent(4)
            : "dag:\n      tasks:\n      - name: p\n        template: print\n" + loop.indent(4);
    return """
        metadata: {name: wf}
        spec:
          entrypoint: main
          templates:
          - name: main
            inputs:
              parameters:
              - {name: tag, value: t}
              - {name: keep, value: a}
            %s
          - name: print
            inputs: {parameters: [{name: m}]}
            container: {image: alpine, args: ["{{inputs.parameters.m}}"]}
        """
        .formatted(body);
  }

  @Test
  void loopIterationsSeeTheTemplatesInputsInWhenAndArguments() {
    for (String kind : new String[] {"steps", "dag"}) {
      FakeCluster c = new FakeCluster().submit(filteredLoop(kind)).run();

      assertThat(c.phase()).as(kind + ": " + c.message()).isEqualTo("Succeeded");
      assertThat(c.node("p(0:k:a)").getPhase()).as(kind).isEqualTo("Succeeded");
      assertThat(c.node("p(1:k:b)").getPhase()).as(kind).isEqualTo("Skipped");
      assertThat(arg(c, "p(0:k:a)")).as(kind).isEqualTo("a-t");
    }
  }
}
