package dev.hubflow.testkit.apiserver;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import dev.hubflow.testkit.apiserver.store.BuiltinTypes;
import dev.hubflow.testkit.apiserver.store.Json;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** The real kubectl against the emulator, over HTTP and HTTPS. */
class KubectlIT {
  private static final Path KUBECTL = Path.of("/usr/bin/kubectl");

  /**
   * Each kubectl is a fresh process (Go start-up, discovery, TLS); on a loaded 2-core CI machine
   * that alone can take many seconds, so waits are generous. Discovery is cached per test in {@code
   * --cache-dir}.
   */
  private static final Duration SLOW = Duration.ofSeconds(120);

  @TempDir Path dir;
  private ApiServer server;
  private Path kubeconfig;
  private final List<Process> started = new ArrayList<>();

  @BeforeAll
  static void needsKubectl() {
    assumeTrue(Files.isExecutable(KUBECTL), "kubectl not installed at " + KUBECTL + "; skipping");
  }

  @AfterEach
  void stop() {
    started.forEach(Process::destroyForcibly);
    if (server != null) {
      server.close();
    }
  }

  private void start(boolean https) {
    server = ApiServer.builder(https ? "kubectl-tls" : "kubectl").https(https).start();
    kubeconfig = server.writeKubeconfig(dir);
  }

  private static Path helloWorld() {
    return Path.of(System.getProperty("hubflow.shared", "../../shared"))
        .resolve("argo/v3.7.18/examples/hello-world.yaml");
  }

  record Result(int exit, String out) {}

  private Process spawn(String... args) throws IOException {
    List<String> cmd = new ArrayList<>();
    cmd.add(KUBECTL.toString());
    cmd.add("--kubeconfig=" + kubeconfig);
    cmd.add("--cache-dir=" + dir.resolve("cache"));
    cmd.addAll(List.of(args));
    Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
    started.add(p);
    return p;
  }

  private Result kubectl(String... args) throws Exception {
    Process p = spawn(args);
    String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertThat(p.waitFor(SLOW.toSeconds(), TimeUnit.SECONDS)).isTrue();
    return new Result(p.exitValue(), out);
  }

  private String ok(String... args) throws Exception {
    Result r = kubectl(args);
    assertThat(r.exit()).as("kubectl %s: %s", String.join(" ", args), r.out()).isZero();
    return r.out();
  }

  @ParameterizedTest(name = "https={0}")
  @ValueSource(booleans = {false, true})
  void createGetWatchLogsDeleteAWorkflow(boolean https) throws Exception {
    start(https);
    assertThat(ok("create", "namespace", "argo")).contains("namespace/argo created");
    assertThat(server.store().find(BuiltinTypes.NAMESPACES, null, "argo")).isPresent();

    String created = ok("-n", "argo", "create", "-f", helloWorld().toString());
    assertThat(created).matches("(?s)workflow.argoproj.io/hello-world-[a-z0-9]{5} created\\s*");
    String name = created.trim().split(" ")[0].substring("workflow.argoproj.io/".length());

    JsonObject got =
        JsonParser.parseString(ok("-n", "argo", "get", "wf", name, "-o", "json")).getAsJsonObject();
    assertThat(Json.str(Json.obj(got, "spec"), "entrypoint")).isEqualTo("hello-world");
    assertThat(ok("-n", "argo", "get", "workflows")).contains(name);

    Process watch =
        spawn(
            "-n",
            "argo",
            "get",
            "wf",
            name,
            "-w",
            "--request-timeout=180s",
            "-o",
            "jsonpath={.status.phase}{\"\\n\"}");
    StringBuffer watched = collect(watch.getInputStream());
    await().atMost(SLOW).until(() -> server.counters().count("watch", "workflows") > 0);
    server
        .store()
        .mergePatch(
            BuiltinTypes.WORKFLOWS,
            "argo",
            name,
            JsonParser.parseString("{\"status\":{\"phase\":\"Running\"}}").getAsJsonObject());
    await().atMost(SLOW).until(() -> watched.toString().contains("Running"));
    watch.destroy();

    server
        .store()
        .create(
            BuiltinTypes.PODS,
            "argo",
            JsonParser.parseString(
                    "{\"metadata\":{\"name\":\"p1\"},\"spec\":{\"nodeName\":\"n1\",\"containers\":"
                        + "[{\"name\":\"wait\",\"image\":\"argoexec\"},{\"name\":\"main\",\"image\":\"busybox\"}]}}")
                .getAsJsonObject());
    server.podLogs().append("argo", "p1", "main", "hello world\n");
    assertThat(ok("-n", "argo", "logs", "p1", "-c", "main")).isEqualTo("hello world\n");
    Result noContainer =
        kubectl(
            "-n",
            "argo",
            "logs",
            "p1",
            "--all-containers=false",
            "--ignore-errors=false",
            "-c",
            "nope");
    assertThat(noContainer.exit()).isNotZero();
    assertThat(noContainer.out()).contains("container nope is not valid for pod p1");

    Process follow = spawn("-n", "argo", "logs", "-f", "p1", "-c", "main");
    StringBuffer followed = collect(follow.getInputStream());
    await().atMost(SLOW).until(() -> followed.toString().contains("hello world"));
    server.podLogs().append("argo", "p1", "main", "second line\n");
    await().atMost(SLOW).until(() -> followed.toString().contains("second line"));
    server.podLogs().finish("argo", "p1", "main");
    assertThat(follow.waitFor(SLOW.toSeconds(), TimeUnit.SECONDS)).isTrue();
    assertThat(follow.exitValue()).isZero();

    assertThat(ok("-n", "argo", "delete", "wf", name)).contains("deleted");
    assertThat(server.store().find(BuiltinTypes.WORKFLOWS, "argo", name)).isEmpty();
    Result missing = kubectl("-n", "argo", "get", "wf", name);
    assertThat(missing.exit()).isNotZero();
    assertThat(missing.out()).contains("workflows.argoproj.io \"" + name + "\" not found");
  }

  @ParameterizedTest(name = "https={0}")
  @ValueSource(booleans = {false, true})
  void applyCreatesThenPatchesClientAndServerSide(boolean https) throws Exception {
    start(https);
    Path cm = dir.resolve("cm.yaml");
    Files.writeString(
        cm, "apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: cm1\ndata:\n  a: \"1\"\n");
    assertThat(ok("apply", "--dry-run=server", "-f", cm.toString()))
        .contains("configmap/cm1 created (server dry run)");
    assertThat(server.store().find(BuiltinTypes.CONFIGMAPS, "default", "cm1")).isEmpty();
    assertThat(ok("apply", "-f", cm.toString())).contains("configmap/cm1 created");
    Files.writeString(
        cm, "apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: cm1\ndata:\n  b: \"2\"\n");
    assertThat(ok("apply", "-f", cm.toString())).contains("configmap/cm1 configured");
    JsonObject stored = server.store().get(BuiltinTypes.CONFIGMAPS, "default", "cm1");
    assertThat(Json.obj(stored, "data").keySet()).containsExactly("b");

    Path wf = dir.resolve("wf.yaml");
    Files.writeString(
        wf, Files.readString(helloWorld()).replace("generateName: hello-world-", "name: hello"));
    assertThat(ok("apply", "-f", wf.toString())).contains("workflow.argoproj.io/hello created");
    Files.writeString(wf, Files.readString(wf).replace("hello world", "bonjour"));
    assertThat(ok("apply", "-f", wf.toString())).contains("workflow.argoproj.io/hello configured");
    assertThat(server.store().get(BuiltinTypes.WORKFLOWS, "default", "hello").toString())
        .contains("bonjour");

    Files.writeString(wf, Files.readString(wf).replace("bonjour", "hola"));
    assertThat(ok("apply", "--server-side", "-f", wf.toString())).contains("serverside-applied");
    assertThat(server.store().get(BuiltinTypes.WORKFLOWS, "default", "hello").toString())
        .contains("hola");
    assertThat(ok("delete", "-f", wf.toString())).contains("deleted");
  }

  @org.junit.jupiter.api.Test
  void clientCertificateKubeconfigAuthenticatesOverHttps() throws Exception {
    start(true);
    kubeconfig =
        server.writeKubeconfig(
            dir.resolve("bob.kubeconfig"),
            KubeconfigUser.clientCertificate(
                server.certificateAuthority().issueClient("bob", "system:masters")));
    assertThat(ok("get", "namespaces", "-o", "name")).contains("namespace/default");
    assertThat(ok("auth", "whoami", "-o", "jsonpath={.status.userInfo.username}")).isEqualTo("bob");
  }

  private static StringBuffer collect(InputStream in) {
    StringBuffer b = new StringBuffer();
    Thread t =
        new Thread(
            () -> {
              try {
                byte[] buf = new byte[4096];
                int n;
                while ((n = in.read(buf)) > 0) {
                  b.append(new String(buf, 0, n, StandardCharsets.UTF_8));
                }
              } catch (IOException ignored) {
                // process ended
              }
            });
    t.setDaemon(true);
    t.start();
    return b;
  }
}
