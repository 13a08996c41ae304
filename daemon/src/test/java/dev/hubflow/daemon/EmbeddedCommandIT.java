package dev.hubflow.daemon;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/** {@code hubflow embedded}: clusters the real kubectl can use, running workflows and pods. */
class EmbeddedCommandIT {
  private static final Path KUBECTL = Path.of("/usr/bin/kubectl");
  private static final Path HELLO = Path.of("..", "examples", "hello-world.yaml");

  @Test
  void kubectlCreatesAWorkflowThatSucceedsWithItsPodsTwoContainersCompleted(@TempDir Path dir)
      throws Exception {
    Assumptions.assumeTrue(Files.isExecutable(KUBECTL), "kubectl is not installed");
    EmbeddedCommand command = new EmbeddedCommand();
    StringWriter out = new StringWriter();
    CompletableFuture<Integer> exit =
        CompletableFuture.supplyAsync(
            () ->
                new CommandLine(command)
                    .setOut(new PrintWriter(out, true))
                    .setErr(new PrintWriter(out, true))
                    .execute("--clusters", "hub,spoke-1", "--dir", dir.toString()));
    try {
      Map<String, Path> kubeconfigs = command.awaitStarted();
      assertThat(kubeconfigs.keySet()).containsExactly("hub", "spoke-1");
      assertThat(dir.resolve("hub.kubeconfig")).exists();
      assertThat(dir.resolve("spoke-1.kubeconfig")).exists();
      assertThat(out.toString()).contains("kubectl --kubeconfig " + dir.resolve("hub.kubeconfig"));
      Path hub = kubeconfigs.get("hub");

      kubectl(hub, "create", "namespace", "argo");
      assertThat(kubectl(hub, "-n", "argo", "create", "-f", HELLO.toString()))
          .contains("workflow.argoproj.io/hello-world-");

      await()
          .atMost(Duration.ofSeconds(90))
          .pollInterval(Duration.ofMillis(250))
          .until(
              () ->
                  kubectl(
                      hub,
                      "-n",
                      "argo",
                      "get",
                      "workflows",
                      "-o",
                      "jsonpath={.items[0].status.phase}"),
              "Succeeded"::equals);
      String pods = kubectl(hub, "-n", "argo", "get", "pods");
      assertThat(pods).containsPattern("hello-world-[a-z0-9]{5} +0/2 +Completed");
      String reasons =
          kubectl(
              hub,
              "-n",
              "argo",
              "get",
              "pods",
              "-o",
              "jsonpath={.items[0].status.containerStatuses[*].state.terminated.reason}");
      assertThat(reasons.split(" ")).containsExactly("Completed", "Completed");
      // The extra cluster answers too.
      assertThat(kubectl(kubeconfigs.get("spoke-1"), "get", "namespaces")).contains("default");
    } finally {
      command.stop();
    }
    assertThat(exit.get(60, TimeUnit.SECONDS)).isZero();
    assertThat(out.toString()).contains("hubflow: stopping");
  }

  @Test
  void sigtermStopsTheRunnableJarGracefully(@TempDir Path dir) throws Exception {
    Path jar = Path.of("target", "hubflow.jar");
    Assumptions.assumeTrue(Files.exists(jar), "target/hubflow.jar is built by package");
    Path java = Path.of(System.getProperty("java.home"), "bin", "java");
    Path log = dir.resolve("out.txt");
    Process p =
        new ProcessBuilder(
                java.toString(),
                "-jar",
                jar.toString(),
                "embedded",
                "--runtime",
                "simulated",
                "--dir",
                dir.resolve("kc").toString())
            .redirectErrorStream(true)
            .redirectOutput(log.toFile())
            .start();
    try {
      await()
          .atMost(Duration.ofSeconds(90))
          .until(() -> Files.readString(log).contains("Ctrl-C stops the clusters."));
      assertThat(dir.resolve("kc").resolve("hub.kubeconfig")).exists();

      p.destroy(); // SIGTERM

      assertThat(p.waitFor(60, TimeUnit.SECONDS)).isTrue();
      assertThat(Files.readString(log)).contains("hubflow: stopping");
    } finally {
      p.destroyForcibly();
    }
  }

  private static String kubectl(Path kubeconfig, String... args)
      throws IOException, InterruptedException {
    List<String> argv =
        new ArrayList<>(List.of(KUBECTL.toString(), "--kubeconfig", kubeconfig.toString()));
    argv.addAll(List.of(args));
    Process p = new ProcessBuilder(argv).redirectErrorStream(true).start();
    String text = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    if (!p.waitFor(60, TimeUnit.SECONDS)) {
      p.destroyForcibly();
      throw new AssertionError("kubectl " + argv + " did not end");
    }
    if (p.exitValue() != 0) {
      throw new AssertionError("kubectl " + argv + " exited " + p.exitValue() + ": " + text);
    }
    return text.trim();
  }
}
