package dev.hubflow.testkit;

import static org.assertj.core.api.Assertions.assertThat;

import dev.hubflow.core.HubflowController;
import dev.hubflow.core.config.ControllerConfig;
import dev.hubflow.model.Codec;
import dev.hubflow.model.v1alpha1.Workflow;
import io.kubernetes.client.openapi.ApiClient;
import io.kubernetes.client.util.Config;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The README's embedding snippet is this class's {@code runHelloWorld}, and it works. */
class ReadmeSnippetIT {
  private static final Path README = Path.of("..", "README.md");
  private static final Path SELF =
      Path.of("src", "test", "java", "dev", "hubflow", "testkit", "ReadmeSnippetIT.java");

  // README:begin
  static String runHelloWorld(Path kubeconfig, Path workflowFile) throws Exception {
    ApiClient client = Config.fromConfig(kubeconfig.toString()); // or hubflow's EKS client
    try (HubflowController hubflow =
        HubflowController.builder()
            .cluster("hub", client)
            .config(ControllerConfig.defaults().withNamespaces(Set.of("argo")))
            .build()
            .start()) {
      Workflow wf = Codec.read(Files.readString(workflowFile), Workflow.class);
      wf.getMetadata().setNamespace("argo");
      Workflow submitted = hubflow.submit(wf);
      Workflow done = hubflow.await(submitted, Duration.ofMinutes(5));
      return done.getStatus().getPhase(); // Succeeded
    }
  }

  // README:end

  @Test
  void readmeSnippetIsThisClassesCode() throws Exception {
    Matcher m =
        Pattern.compile("<!-- snippet: ReadmeSnippetIT -->\\s*```java\\n(.*?)```", Pattern.DOTALL)
            .matcher(Files.readString(README));
    assertThat(m.find()).as("README.md has the fenced snippet block").isTrue();
    String source = Files.readString(SELF);
    String code =
        source.substring(
            source.indexOf("// README:begin\n") + "// README:begin\n".length(),
            source.indexOf("  // README:end"));
    assertThat(dedent(m.group(1))).isEqualTo(dedent(code));
  }

  @Test
  void readmeSnippetRunsHelloWorldToSuccess(@TempDir Path dir) throws Exception {
    // Pods run by the kubelet; workflows by the snippet's own controller.
    try (EmbeddedHubflow cluster =
        EmbeddedHubflow.builder().controller(false).runtime(PodRuntimeKind.SIMULATED).start()) {
      cluster.objects().createNamespace("argo");
      Path kubeconfig = cluster.writeKubeconfigs(dir).get("hub");

      assertThat(runHelloWorld(kubeconfig, Path.of("..", "examples", "hello-world.yaml")))
          .isEqualTo("Succeeded");
    }
  }

  private static String dedent(String text) {
    List<String> lines = Arrays.asList(text.stripTrailing().split("\n"));
    int indent =
        lines.stream()
            .filter(l -> !l.isBlank())
            .mapToInt(l -> l.length() - l.stripLeading().length())
            .min()
            .orElse(0);
    return lines.stream()
        .map(l -> l.isBlank() ? "" : l.substring(indent))
        .collect(Collectors.joining("\n"));
  }
}
