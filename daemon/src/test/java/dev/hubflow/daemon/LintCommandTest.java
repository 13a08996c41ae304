package dev.hubflow.daemon;

import static org.assertj.core.api.Assertions.assertThat;

import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import dev.hubflow.model.Codec;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code hubflow lint} end to end, through {@link Hubflow#run}, on Argo's fixtures and ours. */
class LintCommandTest {
  private static final Path SHARED = Path.of(System.getProperty("hubflow.shared", "../shared"));
  private static final Path ARGO = SHARED.resolve("argo/v3.7.18");
  private static final Path E2E = ARGO.resolve("test/e2e");

  /** The exit code and what the command printed. */
  record Run(int code, String out) {}

  private static synchronized Run lint(Object... paths) {
    String[] args = new String[paths.length + 1];
    args[0] = "lint";
    for (int i = 0; i < paths.length; i++) {
      args[i + 1] = paths[i].toString();
    }
    PrintStream stdout = System.out;
    PrintStream stderr = System.err;
    ByteArrayOutputStream buffer = new ByteArrayOutputStream();
    PrintStream capture = new PrintStream(buffer, true, StandardCharsets.UTF_8);
    System.setOut(capture);
    System.setErr(capture);
    try {
      int code = Hubflow.run(args);
      return new Run(code, buffer.toString(StandardCharsets.UTF_8));
    } finally {
      System.setOut(stdout);
      System.setErr(stderr);
    }
  }

  @Test
  void allOfArgosExamplesLintClean() {
    Run run = lint(ARGO.resolve("examples"));

    assertThat(run.out()).contains("no linting errors found!");
    assertThat(run.code()).isZero();
  }

  @Test
  void theFilesArgosCliTestsLintCleanLintClean() {
    // Argo's test creates the WorkflowTemplate these refer to first; lint reads it beside them.
    Path whalesay = E2E.resolve("smoke/workflow-template-whalesay-template.yaml");
    for (Path file :
        new Path[] {
          E2E.resolve("smoke/basic.yaml"),
          E2E.resolve("smoke/empty-template-steps.yaml"),
          E2E.resolve("smoke/hello-world-workflow-tmpl.yaml"),
          E2E.resolve("testdata/workflow-template-nested-template.yaml")
        }) {
      Run run = lint(file, whalesay);
      assertThat(run.code()).as(file + ": " + run.out()).isZero();
    }
  }

  @Test
  void expectedFailuresAreAcceptedUnlessArgoRejectsThem() throws IOException {
    Map<String, String> rejected = lintRejected();
    int accepted = 0;
    try (Stream<Path> files = Files.list(E2E.resolve("expectedfailures"))) {
      for (Path file : files.filter(p -> p.toString().endsWith(".yaml")).sorted().toList()) {
        String name = ARGO.relativize(file).toString();
        Run run = lint(file);
        if (rejected.containsKey(name)) {
          assertThat(run.code()).as(name).isEqualTo(1);
          assertThat(run.out()).as(name).contains(file + ": ").contains(rejected.get(name));
        } else {
          assertThat(run.code()).as(name + ": " + run.out()).isZero();
          accepted++;
        }
      }
    }
    assertThat(rejected.keySet()).anyMatch(f -> f.contains("expectedfailures"));
    assertThat(accepted).isGreaterThan(20);
  }

  @Test
  void malformedManifestsAreRejected() throws IOException {
    Run run = lint(E2E.resolve("testdata/malformed"));

    assertThat(run.code()).isEqualTo(1);
    assertThat(run.out())
        .contains(
            "malformed-workflowtemplate-2.yaml: spec.templates[0].name: spec.templates[0].name is"
                + " required")
        .contains(
            "malformed-workflow.yaml: spec.arguments.parameters: spec.arguments.parameters:"
                + " expected a list but found an object")
        .contains("malformed-cronworkflow.yaml: spec.workflowSpec.arguments.parameters");
  }

  @Test
  void aYamlSyntaxErrorNamesItsLine(@TempDir Path dir) throws IOException {
    Path bad = write(dir, "bad.yaml", "kind: Workflow\nspec:\n  entrypoint: [a\n  templates: x\n");

    Run run = lint(bad);

    assertThat(run.code()).isEqualTo(1);
    assertThat(run.out())
        .containsPattern(
            java.util.regex.Pattern.quote(bad.toString()) + ":\\d+:\\d+: invalid YAML");
  }

  @Test
  void eachRuleIsReportedAsFilePathMessage(@TempDir Path dir) throws IOException {
    Path file =
        write(
            dir,
            "rules.yaml",
            """
            apiVersion: v1
            kind: ConfigMap
            metadata: {name: skipped}
            data: {anything: goes}
            ---
            apiVersion: argoproj.io/v1alpha1
            kind: Workflow
            metadata: {generateName: rules-}
            spec:
              entrypoint: main
              templates:
              - name: main
                dag:
                  tasks:
                  - {name: a, template: echo, dependencies: [b]}
                  - {name: b, template: echo, dependencies: [a]}
                  - {name: c, template: nope}
              - name: echo
                container: {image: alpine, imagePullPolicyy: Always}
            ---
            apiVersion: argoproj.io/v1alpha1
            kind: WorkflowTemplate
            metadata: {name: no-entrypoint-is-fine-here}
            spec:
              templates:
              - {name: t, container: {image: alpine, args: ["{{inputs.parameters.x}}"]}}
            """);

    Run run = lint(file);

    assertThat(run.code()).isEqualTo(1);
    assertThat(run.out())
        .contains(
            file
                + ": spec.templates[0].dag.tasks[2].template: templates.main.tasks.c template name"
                + " 'nope' undefined")
        .contains(
            file
                + ": spec.templates[0].dag.tasks: templates.main.tasks dependency cycle detected:"
                + " b->a->b")
        .contains(
            file
                + ": spec.templates[1].container.imagePullPolicyy: unknown field"
                + " \"spec.templates[1].container.imagePullPolicyy\"")
        .contains(
            file
                + ": spec.templates[0].container.args[0]: templates.t: failed to resolve"
                + " {{inputs.parameters.x}}")
        .contains("4 problems found")
        .doesNotContain("ConfigMap");
  }

  @Test
  void aValidJsonFileInADirectoryLintsClean(@TempDir Path dir) throws IOException {
    Files.createDirectories(dir.resolve("sub"));
    write(
        dir.resolve("sub"),
        "wf.json",
        "{\"apiVersion\":\"argoproj.io/v1alpha1\",\"kind\":\"Workflow\",\"metadata\":{\"name\":"
            + "\"j\"},\"spec\":{\"entrypoint\":\"m\",\"templates\":[{\"name\":\"m\","
            + "\"container\":{\"image\":\"alpine\"}}]}}");
    write(dir, "notes.txt", "not a manifest");

    Run run = lint(dir);

    assertThat(run.out()).contains("no linting errors found! (1 manifests)");
    assertThat(run.code()).isZero();
  }

  @Test
  void aMissingFileOrNothingToLintFails(@TempDir Path dir) throws IOException {
    Path configMaps =
        write(dir, "cm.yaml", "apiVersion: v1\nkind: ConfigMap\nmetadata: {name: x}\n");

    Run missing = lint(dir.resolve("absent.yaml"));
    Run nothing = lint(configMaps);

    assertThat(missing.code()).isEqualTo(1);
    assertThat(missing.out()).contains("absent.yaml: no such file or directory");
    assertThat(nothing.code()).isEqualTo(1);
    assertThat(nothing.out()).contains("found nothing to lint in the specified paths");
  }

  @Test
  void unknownFieldsFailOnlyStrictLint() {
    Path file = E2E.resolve("functional/continue-on-failed.yaml");

    Run strict = lint(file);
    Run lenient = lint("--no-strict", file);

    assertThat(strict.code()).isEqualTo(1);
    assertThat(strict.out())
        .contains("unknown field \"spec.templates[0].steps[1][0].dependencies\"");
    assertThat(lenient.code()).as(lenient.out()).isZero();
  }

  private static Path write(Path dir, String name, String text) throws IOException {
    Path file = dir.resolve(name);
    Files.writeString(file, text);
    return file;
  }

  /** file → lintMessage of the conformance expectations marked {@code lint: rejected}. */
  private static Map<String, String> lintRejected() {
    Map<String, String> rejected = new LinkedHashMap<>();
    JsonElement all = Codec.readTrees(SHARED.resolve("conformance/expectations.yaml")).get(0);
    for (JsonElement e : all.getAsJsonArray()) {
      JsonObject entry = e.getAsJsonObject();
      if (entry.has("lint") && entry.get("lint").getAsString().equals("rejected")) {
        rejected.put(entry.get("file").getAsString(), entry.get("lintMessage").getAsString());
      }
    }
    return rejected;
  }
}
