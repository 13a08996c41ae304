package dev.hubflow.core.engine.validate;

import static org.assertj.core.api.Assertions.assertThat;

import dev.hubflow.model.Codec;
import dev.hubflow.model.v1alpha1.Workflow;
import dev.hubflow.model.v1alpha1.WorkflowSpec;
import java.util.Map;
import org.junit.jupiter.api.Test;

class WorkflowValidatorTest {
  private static final String HEAD =
      "apiVersion: argoproj.io/v1alpha1\nkind: Workflow\nmetadata: {name: w}\nspec:\n";

  private static Validation validate(String spec) {
    return validate(spec, TemplateLookup.none());
  }

  private static Validation validate(String spec, TemplateLookup lookup) {
    return new WorkflowValidator(lookup, true)
        .validate(Codec.readTrees(HEAD + spec, "test").get(0));
  }

  @Test
  void aValidWorkflowHasNoProblems() {
    Validation v =
        validate(
            "  entrypoint: main\n  arguments: {parameters: [{name: p, value: 1}]}\n  templates:\n"
                + "  - name: main\n    steps:\n    - - {name: a, template: echo, arguments:"
                + " {parameters: [{name: m, value: '{{workflow.parameters.p}}'}]}}\n"
                + "    - - {name: b, template: echo, arguments: {parameters: [{name: m,"
                + " value: '{{steps.a.outputs.result}}'}]}}\n"
                + "  - name: echo\n    inputs: {parameters: [{name: m}]}\n"
                + "    container: {image: alpine, args: ['{{inputs.parameters.m}}']}\n");

    assertThat(v.problems()).isEmpty();
    assertThat(v.valid()).isTrue();
  }

  @Test
  void aMissingEntrypointIsReported() {
    Validation v = validate("  templates:\n  - name: main\n    container: {image: alpine}\n");

    assertThat(v.problems())
        .containsExactly(new Problem("spec.entrypoint", "spec.entrypoint is required"));
    assertThat(v.failureMessage()).isEqualTo("invalid spec: spec.entrypoint is required");
  }

  @Test
  void anEntrypointThatIsNoTemplateIsReported() {
    Validation v =
        validate("  entrypoint: nope\n  templates:\n  - name: main\n    container: {image: a}\n");

    assertThat(v.problems())
        .containsExactly(new Problem("spec.entrypoint", "template name 'nope' undefined"));
  }

  @Test
  void templateNamesAreRequiredAndUnique() {
    Validation v =
        validate(
            "  entrypoint: a\n  templates:\n  - container: {image: x}\n"
                + "  - {name: a, container: {image: x}}\n  - {name: a, container: {image: x}}\n");

    assertThat(v.problems())
        .containsExactly(
            new Problem("spec.templates[0].name", "spec.templates[0].name is required"),
            new Problem("spec.templates[2].name", "spec.templates[2].name 'a' is not unique"));
  }

  @Test
  void aTemplateNeedsExactlyOneType() {
    Validation v =
        validate(
            "  entrypoint: a\n  templates:\n  - {name: a}\n"
                + "  - {name: b, container: {image: x}, script: {image: x, source: x}}\n");

    assertThat(v.problems())
        .extracting(Problem::message)
        .containsExactly(
            "templates.a template type unspecified. choose one of: container, containerSet, steps,"
                + " script, resource, dag, suspend, template, template ref",
            "templates.b multiple template types specified. choose one of: container, containerSet,"
                + " steps, script, resource, dag, suspend, template, template ref");
  }

  @Test
  void stepNamesMustBeUniqueAndRefersToExistingTemplates() {
    Validation v =
        validate(
            "  entrypoint: main\n  templates:\n  - name: main\n    steps:\n"
                + "    - - {name: a, template: t}\n    - - {name: a, template: tt}\n"
                + "  - {name: t, container: {image: x}}\n");

    assertThat(v.problems())
        .containsExactly(
            new Problem(
                "spec.templates[0].steps[1][0].name",
                "templates.main.steps[1].name 'a' is not unique"),
            new Problem(
                "spec.templates[0].steps[1][0].template",
                "templates.main.steps[1].a template name 'tt' undefined"));
  }

  @Test
  void dagDependenciesMustExistAndHaveNoCycle() {
    Validation v =
        validate(
            "  entrypoint: d\n  templates:\n  - name: d\n    dag:\n      tasks:\n"
                + "      - {name: a, template: t, dependencies: [c]}\n"
                + "      - {name: c, template: t, dependencies: [a]}\n"
                + "      - {name: e, template: t, dependencies: [zz]}\n"
                + "  - {name: t, container: {image: x}}\n");

    assertThat(v.problems())
        .containsExactly(
            new Problem(
                "spec.templates[0].dag.tasks[2].dependencies",
                "templates.d.tasks.e dependency 'zz' not defined"),
            new Problem(
                "spec.templates[0].dag.tasks",
                "templates.d.tasks dependency cycle detected: c->a->c"));
  }

  @Test
  void dependsExpressionsMustNameExistingTasks() {
    Validation v =
        validate(
            "  entrypoint: d\n  templates:\n  - name: d\n    dag:\n      tasks:\n"
                + "      - {name: task-a, template: t}\n"
                + "      - {name: b, template: t, depends: 'task-a.Succeeded && (missing ||"
                + " !task-a.Failed)'}\n"
                + "  - {name: t, container: {image: x}}\n");

    assertThat(v.problems())
        .containsExactly(
            new Problem(
                "spec.templates[0].dag.tasks[1].depends",
                "templates.d.tasks.b dependency 'missing' not defined"));
  }

  @Test
  void variablesNothingDefinesAreReported() {
    Validation v =
        validate(
            "  entrypoint: main\n  templates:\n  - name: main\n    steps:\n"
                + "    - - {name: a, template: t, arguments: {parameters: [{name: m, value:"
                + " '{{steps.b.outputs.result}}'}]}}\n"
                + "    - - {name: b, template: t, arguments: {parameters: [{name: m, value:"
                + " '{{workflow.parameters.nope}}'}]}}\n"
                + "  - name: t\n    inputs: {parameters: [{name: m}]}\n"
                + "    container: {image: x, args: ['{{inputs.parameters.other}}', '{{tasks.x.id}}',"
                + " '{{=inputs.parameters.any}}', '{{pod.name}}']}\n");

    assertThat(v.problems())
        .extracting(Problem::toString)
        .containsExactly(
            "spec.templates[0].steps[0][0].arguments.parameters[0].value: templates.main: failed"
                + " to resolve {{steps.b.outputs.result}}",
            "spec.templates[0].steps[1][0].arguments.parameters[0].value: templates.main: failed"
                + " to resolve {{workflow.parameters.nope}}",
            "spec.templates[1].container.args[0]: templates.t: failed to resolve"
                + " {{inputs.parameters.other}}",
            "spec.templates[1].container.args[1]: templates.t: failed to resolve {{tasks.x.id}}");
  }

  @Test
  void inputsWithoutValueMustBeSupplied() {
    Validation v =
        validate(
            "  entrypoint: main\n  templates:\n  - name: main\n    dag:\n      tasks:\n"
                + "      - {name: a, template: t}\n"
                + "  - name: t\n    inputs: {parameters: [{name: m}, {name: d, default: x}]}\n"
                + "    container: {image: x}\n");

    assertThat(v.summary())
        .isEqualTo("templates.main.tasks.a templates.t inputs.parameters.m was not supplied");
  }

  @Test
  void withSequenceMustBeCountOrEndOfIntegers() {
    Validation v =
        validate(
            "  entrypoint: main\n  templates:\n  - name: main\n    steps:\n"
                + "    - - {name: a, template: t, withSequence: {count: '3', end: '5'}}\n"
                + "    - - {name: b, template: t, withSequence: {count: three}}\n"
                + "    - - {name: c, template: t, withItems: [1], withParam: '[1]'}\n"
                + "  - {name: t, container: {image: x}}\n");

    assertThat(v.problems())
        .extracting(Problem::message)
        .containsExactly(
            "templates.main.steps[0].a only one of count or end can be defined in withSequence",
            "templates.main.steps[1].b withSequence.count must be an integer or a {{variable}},"
                + " not 'three'",
            "templates.main.steps[2].c only one of withItems, withParam, withSequence can be"
                + " specified");
  }

  @Test
  void templateRefsMustNameAKnownTemplate() {
    TemplateLookup lookup =
        TemplateLookup.of(
            Map.of(
                "lib",
                Codec.read("templates: [{name: echo, container: {image: x}}]", WorkflowSpec.class)),
            Map.of());
    Validation v =
        validate(
            "  entrypoint: main\n  templates:\n  - name: main\n    steps:\n"
                + "    - - {name: a, templateRef: {name: lib, template: echo}}\n"
                + "    - - {name: b, templateRef: {name: lib, template: nope}}\n"
                + "    - - {name: c, templateRef: {name: other, template: echo}}\n"
                + "    - - {name: d, templateRef: {name: lib, template: echo, clusterScope: true}}\n",
            lookup);

    assertThat(v.problems())
        .extracting(Problem::message)
        .containsExactly(
            "templates.main.steps[1].b template reference lib.nope not found",
            "templates.main.steps[2].c workflowtemplates.argoproj.io \"other\" not found",
            "templates.main.steps[3].d clusterworkflowtemplates.argoproj.io \"lib\" not found");
  }

  @Test
  void unknownFieldsAreReportedWithTheirPathOnlyWhenStrict() {
    String text =
        HEAD
            + "  entrypoint: main\n  entrypoints: x\n  templates:\n  - name: main\n"
            + "    container: {image: x, imagePullPolicyy: Always, resources: {limits: {cpu: 1}}}\n";

    Validation strict =
        new WorkflowValidator(TemplateLookup.none(), true)
            .validate(Codec.readTrees(text, "t").get(0));
    Validation lenient =
        new WorkflowValidator(TemplateLookup.none(), false)
            .validate(Codec.read(text, Workflow.class));

    assertThat(strict.problems())
        .containsExactly(
            new Problem("spec.entrypoints", "unknown field \"spec.entrypoints\""),
            new Problem(
                "spec.templates[0].container.imagePullPolicyy",
                "unknown field \"spec.templates[0].container.imagePullPolicyy\""));
    assertThat(lenient.valid()).isTrue();
  }

  @Test
  void aValueOfTheWrongShapeNamesTheField() {
    Validation v = validate("  entrypoint: 1\n  arguments: {parameters: {a: b}}\n");

    assertThat(v.problems())
        .containsExactly(
            new Problem(
                "spec.arguments.parameters",
                "spec.arguments.parameters: expected a list but found an object"));
  }

  @Test
  void otherKindsAreNotValidated() {
    Validation v =
        new WorkflowValidator(TemplateLookup.none(), true)
            .validate(Codec.readTrees("kind: ConfigMap\n", "t").get(0));

    assertThat(v.valid()).isFalse();
    assertThat(v.summary()).contains("ConfigMap");
  }

  @Test
  void templateFieldsAreCheckedAsArgoDoes() {
    Validation v =
        validate(
            "  entrypoint: s\n  templates:\n"
                + "  - {name: s, steps: [[{name: a, template: c}]], timeout: 1m}\n"
                + "  - {name: c, container: {args: [x]}, parallelism: 2, timeout: '30',"
                + " retryStrategy: {retryPolicy: Sometimes}, activeDeadlineSeconds: -1}\n"
                + "  - {name: r, resource: {action: explode}}\n"
                + "  - {name: k, resource: {action: create}}\n");

    assertThat(v.problems())
        .extracting(Problem::message)
        .containsExactly(
            "Steps template doesn't support timeout field.",
            "templates.c.container.image may not be empty",
            "templates.c.parallelism is only valid for steps and dag templates",
            "templates.c.activeDeadlineSeconds must be a positive integer > 0 or an argo variable",
            "c has invalid duration format in timeout.",
            "Sometimes is not a valid RetryPolicy",
            "templates.r.resource.action must be one of: get, create, apply, delete, replace, patch",
            "either templates.r.resource.manifest or templates.r.resource.manifestFrom must be"
                + " specified",
            "either templates.k.resource.manifest or templates.k.resource.manifestFrom must be"
                + " specified");
  }

  @Test
  void templateDefaultsMaySupplyTheImage() {
    Validation v =
        validate(
            "  entrypoint: c\n  templateDefaults: {container: {image: alpine}}\n"
                + "  templates:\n  - {name: c, container: {args: [x]}}\n");

    assertThat(v.problems()).isEmpty();
  }

  @Test
  void hooksNeedAnExpressionAndExistingTemplates() {
    Validation v =
        validate(
            "  entrypoint: main\n  onExit: gone\n  hooks: {running: {template: t}}\n"
                + "  templates:\n  - name: main\n    steps:\n"
                + "    - - {name: a, template: t, onExit: nope, hooks: {exit: {template: missing}}}\n"
                + "  - {name: t, container: {image: x}}\n");

    assertThat(v.problems())
        .extracting(Problem::toString)
        .containsExactly(
            "spec.onExit: template name 'gone' undefined",
            "spec.hooks.running.expression: hooks.running Expression required",
            "spec.templates[0].steps[0][0].hooks.exit.template: templates.main.steps[0].a.hooks.exit"
                + " template name 'missing' undefined",
            "spec.templates[0].steps[0][0].onExit: templates.main.steps[0].a template name 'nope'"
                + " undefined");
  }

  @Test
  void theEntrypointsInputsMustComeFromTheWorkflowsArguments() {
    String templates =
        "  templates:\n  - name: main\n    inputs: {parameters: [{name: m}]}\n"
            + "    container: {image: x}\n";

    Validation missing = validate("  entrypoint: main\n" + templates);
    Validation given =
        validate(
            "  entrypoint: main\n  arguments: {parameters: [{name: m, value: x}]}\n" + templates);

    assertThat(missing.problems())
        .containsExactly(
            new Problem(
                "spec.arguments.parameters",
                "templates.main inputs.parameters.m was not supplied"));
    assertThat(given.valid()).isTrue();
  }

  @Test
  void dagTaskNamesMayNotStartWithADigitWhenDependedOn() {
    Validation v =
        validate(
            "  entrypoint: d\n  templates:\n  - name: d\n    dag:\n      tasks:\n"
                + "      - {name: 1a, template: t}\n      - {name: b, template: t, depends: 1a}\n"
                + "  - {name: t, container: {image: x}}\n");

    assertThat(v.summary())
        .startsWith(
            "templates.d.tasks.1a name cannot begin with a digit when using either 'depends' or"
                + " 'dependencies'");
  }

  @Test
  void aParameterValueOfAnyShapeIsNoUnknownField() {
    Validation v =
        validate(
            "  entrypoint: c\n  arguments: {parameters: [{name: files, value: {a: 1}}]}\n"
                + "  templates:\n  - {name: c, container: {image: x}}\n");

    assertThat(v.problems()).isEmpty();
  }

  @Test
  void aTaskTakingAnotherTasksOutputMustDependOnIt() {
    Validation v =
        validate(
            "  entrypoint: d\n  templates:\n  - name: d\n    dag:\n      tasks:\n"
                + "      - {name: a, template: t}\n"
                + "      - {name: b, template: t, dependencies: [a]}\n"
                + "      - {name: c, template: p, dependencies: [b], arguments: {parameters:"
                + " [{name: m, value: '{{tasks.a.outputs.result}}'}]}}\n"
                + "      - {name: e, template: p, arguments: {parameters:"
                + " [{name: m, value: '{{tasks.b.outputs.result}}'}]}}\n"
                + "  - {name: t, container: {image: x}}\n"
                + "  - {name: p, inputs: {parameters: [{name: m}]}, container: {image: x}}\n");

    assertThat(v.problems())
        .containsExactly(
            new Problem(
                "spec.templates[0].dag.tasks[3].arguments.parameters[0].value",
                "templates.d.tasks.e missing dependency 'b' for parameter 'm'"));
  }

  @Test
  void workflowArgumentNamesAreRequiredAndUnique() {
    Validation v =
        validate(
            "  entrypoint: c\n  arguments: {parameters: [{value: x}, {name: a}, {name: a}]}\n"
                + "  templates:\n  - {name: c, container: {image: x}}\n");

    assertThat(v.problems())
        .extracting(Problem::message)
        .containsExactly(
            "spec.arguments.parameters[0].name is required",
            "spec.arguments.parameters[2].name 'a' is not unique");
  }
}
