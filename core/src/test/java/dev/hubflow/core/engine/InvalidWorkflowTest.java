package dev.hubflow.core.engine;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class InvalidWorkflowTest {

  private static FakeCluster run(String yaml) {
    return new FakeCluster().submit(yaml).run();
  }

  @Test
  void missingEntrypointTemplateFailsAsInvalidSpec() {
    FakeCluster c =
        run(
            """
            metadata: {name: wf}
            spec:
              entrypoint: nope
              templates:
              - name: main
                container: {image: alpine}
            """);

    assertThat(c.phase()).isEqualTo("Failed");
    assertThat(c.message()).isEqualTo("invalid spec: template name 'nope' undefined");
    assertThat(c.created).isEmpty();
    assertThat(c.workflow.getMetadata().getLabels())
        .containsEntry("workflows.argoproj.io/completed", "true");
  }

  @Test
  void stepReferencingNoTemplateFailsAsInvalidSpec() {
    FakeCluster c =
        run(
            """
            metadata: {name: wf}
            spec:
              entrypoint: main
              templates:
              - name: main
                steps:
                - - {name: a, template: ghost}
            """);

    assertThat(c.message())
        .isEqualTo("invalid spec: templates.main.steps[0].a template name 'ghost' undefined");
  }

  @Test
  void dagCycleFailsAsInvalidSpec() {
    FakeCluster c =
        run(
            """
            metadata: {name: wf}
            spec:
              entrypoint: main
              templates:
              - name: main
                dag:
                  tasks:
                  - {name: a, template: t, dependencies: [b]}
                  - {name: b, template: t, dependencies: [a]}
              - name: t
                container: {image: alpine}
            """);

    assertThat(c.phase()).isEqualTo("Failed");
    assertThat(c.message())
        .startsWith("invalid spec: templates.main.tasks dependency cycle detected: ");
  }

  @Test
  void unknownDependencyFailsAsInvalidSpec() {
    FakeCluster c =
        run(
            """
            metadata: {name: wf}
            spec:
              entrypoint: main
              templates:
              - name: main
                dag:
                  tasks:
                  - {name: a, template: t, dependencies: [zz]}
              - name: t
                container: {image: alpine}
            """);

    assertThat(c.message())
        .isEqualTo("invalid spec: templates.main.tasks.a dependency 'zz' not defined");
  }

  @Test
  void workflowArgumentWithoutValueFailsAsInvalidSpec() {
    FakeCluster c =
        run(
            """
            metadata: {name: wf}
            spec:
              entrypoint: main
              arguments: {parameters: [{name: x}]}
              templates:
              - name: main
                container: {image: alpine}
            """);

    assertThat(c.message()).isEqualTo("invalid spec: spec.arguments.x.value is required");
  }

  @Test
  void argumentOutsideItsEnumFailsAsInvalidSpec() {
    FakeCluster c =
        run(
            """
            metadata: {name: wf}
            spec:
              entrypoint: main
              arguments: {parameters: [{name: x, value: c, enum: [a, b]}]}
              templates:
              - name: main
                container: {image: alpine}
            """);

    assertThat(c.message())
        .isEqualTo(
            "invalid spec: spec.arguments.x.value should be present in spec.arguments.x.enum list");
  }

  @Test
  void undeclaredInputParameterFailsAsInvalidSpec() {
    FakeCluster c =
        run(
            """
            metadata: {name: wf}
            spec:
              entrypoint: main
              templates:
              - name: main
                container: {image: alpine, args: ["{{inputs.parameters.nope}}"]}
            """);

    assertThat(c.message())
        .isEqualTo("invalid spec: templates.main: failed to resolve {{inputs.parameters.nope}}");
  }

  @Test
  void inputNotSuppliedByTheStepFailsAsInvalidSpec() {
    FakeCluster c =
        run(
            """
            metadata: {name: wf}
            spec:
              entrypoint: main
              templates:
              - name: main
                steps:
                - - {name: a, template: t}
              - name: t
                inputs: {parameters: [{name: p}]}
                container: {image: alpine, args: ["{{inputs.parameters.p}}"]}
            """);

    assertThat(c.phase()).isEqualTo("Failed");
    assertThat(c.message())
        .isEqualTo(
            "invalid spec: templates.main.steps[0].a templates.t inputs.parameters.p was not supplied");
  }

  @Test
  void whenThatDoesNotParseErrorsTheStepGroup() {
    FakeCluster c =
        run(
            """
            metadata: {name: wf}
            spec:
              entrypoint: main
              templates:
              - name: main
                steps:
                - - {name: a, template: t, when: "1 +* 2 )"}
              - name: t
                container: {image: alpine}
            """);

    assertThat(c.phase()).isEqualTo("Failed");
    assertThat(c.node("[0]").getPhase()).isEqualTo("Error");
    assertThat(c.node("[0]").getMessage()).startsWith("Invalid 'when' expression '1 +* 2 )'");
    assertThat(c.created).isEmpty();
  }

  @Test
  void expressionThatDoesNotParseErrorsTheNode() {
    FakeCluster c =
        run(
            """
            metadata: {name: wf}
            spec:
              entrypoint: main
              templates:
              - name: main
                steps:
                - - name: a
                    template: t
                    arguments: {parameters: [{name: p, value: "{{=1 +* }}"}]}
              - name: t
                inputs: {parameters: [{name: p}]}
                container: {image: alpine}
            """);

    assertThat(c.phase()).isEqualTo("Failed");
    assertThat(c.message()).startsWith("invalid spec: templates.main: invalid expression '1 +* '");
    assertThat(c.created).isEmpty();
  }

  @Test
  void dependsThatDoesNotParseFailsAsInvalidSpec() {
    FakeCluster c =
        run(
            """
            metadata: {name: wf}
            spec:
              entrypoint: main
              templates:
              - name: main
                dag:
                  tasks:
                  - {name: a, template: t}
                  - {name: b, template: t, depends: "a.Bogus"}
              - name: t
                container: {image: alpine}
            """);

    assertThat(c.phase()).isEqualTo("Failed");
    assertThat(c.message())
        .isEqualTo(
            "invalid spec: templates.main.tasks.b task result 'Bogus' for task 'a' is invalid");
  }

  @Test
  void templateWithNoBodyErrors() {
    FakeCluster c =
        run(
            """
            metadata: {name: wf}
            spec:
              entrypoint: main
              templates:
              - name: main
            """);

    assertThat(c.phase()).isEqualTo("Failed");
    assertThat(c.message()).startsWith("invalid spec: templates.main ");
    assertThat(c.created).isEmpty();
  }

  @Test
  void garbageNeverEscapesReconcile() {
    FakeCluster c = new FakeCluster().submit("metadata: {name: wf}\nspec: {}\n").run();

    assertThat(c.phase()).isEqualTo("Failed");
    assertThat(c.message()).isEqualTo("invalid spec: spec.entrypoint is required");
  }
}
