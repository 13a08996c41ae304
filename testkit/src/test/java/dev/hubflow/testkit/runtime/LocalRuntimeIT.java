package dev.hubflow.testkit.runtime;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Real processes under bubblewrap (needs bwrap and busybox, as CI installs them). */
class LocalRuntimeIT {
  private static LocalRuntime runtime;

  @BeforeAll
  static void start() {
    runtime = LocalRuntime.create();
  }

  @AfterAll
  static void stop() {
    runtime.close();
  }

  private record Result(ContainerExit exit, String stdout, String stderr) {}

  private static PodSandbox pod(String name, Map<String, VolumeData> volumes) {
    return runtime.open(new SandboxSpec("ns", name, name + "-uid", volumes));
  }

  private static Result run(
      PodSandbox pod,
      String image,
      List<String> command,
      List<String> args,
      Map<String, String> env,
      List<Mount> mounts)
      throws Exception {
    StringBuffer out = new StringBuffer();
    StringBuffer err = new StringBuffer();
    RunningContainer c =
        pod.start(
            new ContainerRun(
                "main", image, command, args, env, null, mounts, out::append, err::append));
    ContainerExit exit = c.exit().get(30, TimeUnit.SECONDS);
    return new Result(exit, out.toString(), err.toString());
  }

  private static Result sh(PodSandbox pod, String image, String script) throws Exception {
    return run(pod, image, List.of("sh", "-c"), List.of(script), Map.of(), List.of());
  }

  @Test
  void alpineShellIsBusyboxAshWithBashisms() throws Exception {
    try (PodSandbox pod = pod("ash", Map.of())) {
      Result r =
          sh(
              pod,
              "alpine:3.7",
              "[[ 1 == 1 ]] && echo yes; r=$RANDOM; [ -n \"$r\" ] && echo random; echo -n no-newline");
      assertThat(r.exit().exitCode()).isZero();
      assertThat(r.stdout()).isEqualTo("yes\nrandom\nno-newline");
    }
  }

  @Test
  void exitCodeAndKillBySignalAreReportedAsKubernetesDoes() throws Exception {
    try (PodSandbox pod = pod("codes", Map.of())) {
      assertThat(sh(pod, "alpine", "exit 3").exit()).isEqualTo(ContainerExit.of(3));
      StringBuffer out = new StringBuffer();
      RunningContainer c =
          pod.start(
              new ContainerRun(
                  "main",
                  "alpine",
                  List.of("sh", "-c"),
                  List.of("echo started; sleep 60"),
                  Map.of(),
                  null,
                  List.of(),
                  out::append,
                  s -> {}));
      org.awaitility.Awaitility.await().until(() -> out.toString().contains("started"));
      c.kill(Duration.ofSeconds(10));
      assertThat(c.exit().get(20, TimeUnit.SECONDS).exitCode()).isEqualTo(143);
    }
  }

  @Test
  void missingCommandFailsLikeTheEmissary() throws Exception {
    try (PodSandbox pod = pod("missing", Map.of())) {
      Result r = run(pod, "alpine", List.of("no-such-tool"), List.of(), Map.of(), List.of());
      assertThat(r.exit().exitCode()).isEqualTo(64);
      assertThat(r.exit().message()).contains("executable file not found");
    }
  }

  @Test
  void podsHaveTheirOwnFilesAndShareClaims() throws Exception {
    Map<String, VolumeData> vols = Map.of("work", new VolumeData.Claim("ns/workdir"));
    List<Mount> mounts = List.of(new Mount("work", "/mnt/work", "", false));
    try (PodSandbox a = pod("a", vols);
        PodSandbox b = pod("b", vols)) {
      assertThat(
              run(
                      a,
                      "alpine",
                      List.of("sh", "-c"),
                      List.of(
                          "echo secret > /tmp/f; mkdir -p /a; echo x > /a/b; echo shared > /mnt/work/s"),
                      Map.of(),
                      mounts)
                  .exit()
                  .exitCode())
          .isZero();
      Result r =
          run(
              b,
              "alpine",
              List.of("sh", "-c"),
              List.of(
                  "cat /tmp/f 2>/dev/null || echo none; cat /mnt/work/s; mount | grep -c /mnt/work"),
              Map.of(),
              mounts);
      assertThat(r.stdout()).isEqualTo("none\nshared\n1\n");
      assertThat(a.readFile(List.of(), "/a/b"))
          .map(x -> new String(x, StandardCharsets.UTF_8))
          .contains("x\n");
    }
  }

  @Test
  void configMapFilesAreMountedReadOnly() throws Exception {
    Map<String, VolumeData> vols =
        Map.of("cfg", new VolumeData.Files(Map.of("k", "v".getBytes(StandardCharsets.UTF_8))));
    try (PodSandbox pod = pod("cfg", vols)) {
      Result r =
          run(
              pod,
              "alpine",
              List.of("sh", "-c"),
              List.of("cat /cfg/k; echo > /cfg/k 2>/dev/null || echo ro"),
              Map.of(),
              List.of(new Mount("cfg", "/cfg", "", false)));
      assertThat(r.stdout()).isEqualTo("vro\n");
    }
  }

  @Test
  void toolsStandInForImages() throws Exception {
    try (PodSandbox pod = pod("tools", Map.of())) {
      assertThat(
              run(
                      pod,
                      "python:alpine3.6",
                      List.of("python"),
                      List.of("-c", "print(6*7)"),
                      Map.of(),
                      List.of())
                  .stdout())
          .isEqualTo("42\n");
      assertThat(
              run(pod, "docker/whalesay", List.of("cowsay"), List.of("hello"), Map.of(), List.of())
                  .stdout())
          .startsWith(" _______\n< hello >\n -------\n");
      assertThat(
              run(
                      pod,
                      "docker/whalesay",
                      List.of("sh", "-c"),
                      List.of("echo piped | cowsay"),
                      Map.of(),
                      List.of())
                  .stdout())
          .contains("< piped >");
      assertThat(
              run(
                      pod,
                      "bash",
                      List.of("bash", "-c"),
                      List.of("(( 2 > 1 )) && echo $BASHPID | grep -c ."),
                      Map.of(),
                      List.of())
                  .stdout())
          .isEqualTo("1\n");
      assertThat(
              run(pod, "argoproj/argosay:v2", List.of(), List.of("echo", "hi"), Map.of(), List.of())
                  .stdout())
          .isEqualTo("hi\n");
      assertThat(
              run(
                      pod,
                      "argoproj/argosay:v2",
                      List.of("/argosay"),
                      List.of("dance"),
                      Map.of(),
                      List.of())
                  .exit()
                  .exitCode())
          .isEqualTo(1);
      assertThat(
              run(
                      pod,
                      "ubuntu",
                      List.of("sh", "-c"),
                      List.of("echo $GREETING; pwd; ls / | grep -c tmp"),
                      Map.of("GREETING", "hey"),
                      List.of())
                  .stdout())
          .isEqualTo("hey\n/\n1\n");
    }
  }
}
