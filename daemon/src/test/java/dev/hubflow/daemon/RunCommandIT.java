package dev.hubflow.daemon;

import static org.assertj.core.api.Assertions.assertThat;

import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import dev.hubflow.core.config.ControllerConfig;
import dev.hubflow.model.v1alpha1.Workflow;
import dev.hubflow.testkit.EmbeddedHubflow;
import dev.hubflow.testkit.PodRuntimeKind;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code hubflow run}: submits, follows with a node tree, and exits by the final phase. */
class RunCommandIT {
  private static final Path HELLO = Path.of("..", "examples", "hello-world.yaml");

  static final String FAILING =
      """
      apiVersion: argoproj.io/v1alpha1
      kind: Workflow
      metadata: {generateName: fails-}
      spec:
        entrypoint: main
        templates:
        - name: main
          container: {image: argoproj/argosay:v2, args: [exit, "3"]}
      """;

  /** What one run printed and returned. */
  record Run(int exit, String out, String err) {}

  static Run run(String... args) {
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    int exit = Hubflow.run(new PrintWriter(out, true), new PrintWriter(err, true), args);
    return new Run(exit, out.toString(), err.toString());
  }

  @Test
  void helloWorldExampleEmbeddedPrintsTheTreeAndExitsZero() {
    Run r = run("run", HELLO.toString(), "--embedded");

    assertThat(r.exit()).as(r.out() + r.err()).isZero();
    assertThat(r.out())
        .containsPattern("pod runtime: (local|simulated)")
        .contains("Status:     Succeeded")
        .containsPattern("STEP +TEMPLATE +PODNAME +DURATION")
        .containsPattern("✔ hello-world-[a-z0-9]{5} +say-hello");
  }

  @Test
  void failingWorkflowExitsOne(@TempDir Path dir) throws Exception {
    Path file = Files.writeString(dir.resolve("fails.yaml"), FAILING);

    Run r = run("run", file.toString(), "--embedded", "--runtime", "simulated");

    assertThat(r.exit()).as(r.out() + r.err()).isEqualTo(1);
    assertThat(r.out()).contains("Status:     Failed").contains("✖");
  }

  @Test
  void jsonOutputIsTheFinishedWorkflowAloneOnStdoutWithParameterAndEntrypointApplied() {
    Run r =
        run(
            "run",
            HELLO.toString(),
            "--embedded",
            "--runtime",
            "simulated",
            "-o",
            "json",
            "-p",
            "greeting=hi there",
            "--entrypoint",
            "say-hello",
            "-n",
            "team-a");

    assertThat(r.exit()).as(r.err()).isZero();
    JsonObject wf = JsonParser.parseString(r.out()).getAsJsonObject();
    assertThat(wf.getAsJsonObject("status").get("phase").getAsString()).isEqualTo("Succeeded");
    assertThat(wf.getAsJsonObject("metadata").get("namespace").getAsString()).isEqualTo("team-a");
    assertThat(
            wf.getAsJsonObject("spec")
                .getAsJsonObject("arguments")
                .getAsJsonArray("parameters")
                .get(0)
                .getAsJsonObject()
                .get("value")
                .getAsString())
        .isEqualTo("hi there");
    assertThat(r.err()).contains("Status:     Succeeded");
  }

  @Test
  void badInputExitsTwoNamingTheFile(@TempDir Path dir) throws Exception {
    Path missing = dir.resolve("nope.yaml");
    Run absent = run("run", missing.toString(), "--embedded");
    assertThat(absent.exit()).isEqualTo(2);
    assertThat(absent.err()).contains(missing.toString()).contains("no such file");

    Path broken = Files.writeString(dir.resolve("broken.yaml"), "kind: Workflow\nspec: [\n");
    Run unparsable = run("run", broken.toString(), "--embedded");
    assertThat(unparsable.exit()).isEqualTo(2);
    assertThat(unparsable.err()).contains(broken.toString());

    Path noWorkflow =
        Files.writeString(dir.resolve("cm.yaml"), "apiVersion: v1\nkind: ConfigMap\n");
    Run none = run("run", noWorkflow.toString(), "--embedded");
    assertThat(none.exit()).isEqualTo(2);
    assertThat(none.err()).contains(noWorkflow + ": no Workflow");

    Run badParam = run("run", HELLO.toString(), "--embedded", "-p", "novalue");
    assertThat(badParam.exit()).isEqualTo(2);
    assertThat(badParam.err()).contains("NAME=VALUE");
  }

  @Test
  void kubeconfigModeAppliesSetupAndFollowsAWorkflowRunByAnotherController(@TempDir Path dir)
      throws Exception {
    Path setup =
        Files.writeString(
            dir.resolve("setup.yaml"),
            """
            apiVersion: v1
            kind: ConfigMap
            metadata: {name: settings}
            data: {greeting: hi}
            ---
            apiVersion: argoproj.io/v1alpha1
            kind: WorkflowTemplate
            metadata: {name: say}
            spec:
              templates:
              - name: main
                container: {image: argoproj/argosay:v2, args: [echo, hi]}
            """);
    try (EmbeddedHubflow other =
        EmbeddedHubflow.builder().runtime(PodRuntimeKind.SIMULATED).start()) {
      Path kubeconfig = other.writeKubeconfigs(dir).get("hub");

      Run r =
          run(
              "run",
              HELLO.toString(),
              "--kubeconfig",
              kubeconfig.toString(),
              "--setup",
              setup.toString());

      assertThat(r.exit()).as(r.out() + r.err()).isZero();
      assertThat(r.out()).contains("Status:     Succeeded").doesNotContain("embedded cluster");
      var store = other.hub().store();
      assertThat(store.find(store.type("", "v1", "configmaps").orElseThrow(), "argo", "settings"))
          .isPresent();
      assertThat(
              store.find(
                  store.type("argoproj.io", "v1alpha1", "workflowtemplates").orElseThrow(),
                  "argo",
                  "say"))
          .isPresent();
    }
  }

  @Test
  void jsonOutputHasTheNodesOfAWorkflowTheClusterStoresCompressed(@TempDir Path dir)
      throws Exception {
    Path file =
        Files.writeString(
            dir.resolve("fanout.yaml"),
            """
            apiVersion: argoproj.io/v1alpha1
            kind: Workflow
            metadata: {generateName: fanout-}
            spec:
              entrypoint: main
              templates:
              - name: main
                steps:
                - - {name: each, template: say, withSequence: {count: "12"}}
              - name: say
                container: {image: argoproj/argosay:v2, args: [echo, hi]}
            """);
    try (EmbeddedHubflow other =
        EmbeddedHubflow.builder()
            .runtime(PodRuntimeKind.SIMULATED)
            .config(ControllerConfig.defaults().withMaxWorkflowSize(3_000))
            .start()) {
      Path kubeconfig = other.writeKubeconfigs(dir).get("hub");

      Run r = run("run", file.toString(), "--kubeconfig", kubeconfig.toString(), "-o", "json");

      assertThat(r.exit()).as(r.out() + r.err()).isZero();
      JsonObject status =
          JsonParser.parseString(r.out()).getAsJsonObject().getAsJsonObject("status");
      assertThat(status.has("compressedNodes")).isFalse();
      assertThat(status.getAsJsonObject("nodes").size()).isEqualTo(14);
      assertThat(r.err()).contains("Status:     Succeeded").containsPattern("each\\(11:11\\)");
      String name =
          JsonParser.parseString(r.out())
              .getAsJsonObject()
              .getAsJsonObject("metadata")
              .get("name")
              .getAsString();
      Workflow stored = other.objects().storedWorkflow("argo", name).orElseThrow();
      assertThat(stored.getStatus().getNodes()).isNull();
      assertThat(stored.getStatus().getCompressedNodes()).isNotEmpty();
    }
  }

  @Test
  void maxWorkflowSizeIsForTheEmbeddedControllerOnly(@TempDir Path dir) {
    Run r =
        run(
            "run",
            HELLO.toString(),
            "--kubeconfig",
            dir.resolve("kubeconfig").toString(),
            "--max-workflow-size",
            "5000");
    assertThat(r.exit()).isEqualTo(2);
    assertThat(r.err()).contains("--max-workflow-size needs --embedded");
  }

  @Test
  void runnableJarRunsHelloWorldEmbedded() throws Exception {
    Path jar = Path.of("target", "hubflow.jar");
    Assumptions.assumeTrue(Files.exists(jar), "target/hubflow.jar is built by package");
    Path java = Path.of(System.getProperty("java.home"), "bin", "java");
    Process p =
        new ProcessBuilder(
                List.of(
                    java.toString(), "-jar", jar.toString(), "run", HELLO.toString(), "--embedded"))
            .redirectErrorStream(true)
            .start();
    boolean ended = p.waitFor(120, TimeUnit.SECONDS);
    if (!ended) {
      p.destroyForcibly();
    }
    String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertThat(ended).as(out).isTrue();
    assertThat(p.exitValue()).as(out).isZero();
    assertThat(out).contains("Status:     Succeeded").contains("say-hello");
  }
}
