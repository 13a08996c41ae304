package dev.hubflow.core.engine;

import static org.assertj.core.api.Assertions.assertThat;

import com.google.gson.Gson;
import dev.hubflow.core.engine.FakeCluster.Behaviour;
import dev.hubflow.core.pod.PodRequest;
import dev.hubflow.model.Codec;
import dev.hubflow.model.v1alpha1.Workflow;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;

/**
 * Runs Argo's own fixtures (those the engine alone can decide: no outputs from real commands, no
 * outside actions) and holds the final phase and message to what Argo's tests expect. Pods "run" as
 * their command line says: {@code exit N} exits N, {@code sleep N} takes N seconds.
 */
class ArgoFixturesTest {
  private static final Set<String> ENGINE_NEEDS =
      Set.of(
          "shell",
          "argosay",
          "steps",
          "dag",
          "parameters",
          "loops",
          "exit-handler",
          "retry",
          "when",
          "expr",
          "timeout",
          "sidecar",
          "init-container",
          "suspend");

  // Fixtures whose outcome depends on what the container really does, not on the engine.
  private static final Set<String> RUNTIME_DEPENDENT =
      Set.of(
          "test/e2e/testdata/cannot-start-workflow.yaml", // a missing executable
          "test/e2e/testdata/signaled-workflow.yaml", // a process killing itself
          "test/e2e/functional/sidecar-force-kill.yaml"); // a sidecar ignoring SIGTERM

  private static final Pattern EXIT = Pattern.compile("\\bexit\\s*\\(?\\s*(\\d+)");
  private static final Pattern SLEEP = Pattern.compile("\\bsleep\\s+(\\d+)([smhd]?)");

  @TestFactory
  Stream<DynamicTest> argoFixturesEndAsArgoSays() throws IOException {
    Path shared = Path.of(System.getProperty("hubflow.shared", "../../shared"));
    Path argo = shared.resolve("argo/v3.7.18");
    String text = Files.readString(shared.resolve("conformance/expectations.yaml"));
    @SuppressWarnings("unchecked")
    List<Map<String, Object>> expectations =
        new Gson().fromJson(Codec.readTrees(text, "expectations.yaml").get(0), List.class);
    List<DynamicTest> tests = new ArrayList<>();
    for (Map<String, Object> e : expectations) {
      String file = (String) e.get("file");
      if (!selected(e, argo.resolve(file))) {
        continue;
      }
      tests.add(DynamicTest.dynamicTest(file, () -> check(argo.resolve(file), e)));
    }
    assertThat(tests).hasSizeGreaterThan(30);
    return tests.stream();
  }

  @SuppressWarnings("unchecked")
  private static boolean selected(Map<String, Object> e, Path file) throws IOException {
    if (e.get("phase") == null
        || e.get("actions") != null
        || e.get("setup") != null
        || Boolean.TRUE.equals(e.get("random"))
        || e.get("workflows") != null
        || RUNTIME_DEPENDENT.contains((String) e.get("file"))) {
      return false;
    }
    List<String> needs = (List<String>) e.getOrDefault("needs", List.of());
    if (!ENGINE_NEEDS.containsAll(needs)) {
      return false;
    }
    String text = Files.readString(file);
    return !text.contains("outputs:")
        && !text.contains("withParam")
        && !text.contains("templateRef")
        && text.contains("kind: Workflow");
  }

  private static void check(Path file, Map<String, Object> expected) throws IOException {
    Workflow wf = Codec.readAll(Files.readString(file), Workflow.class, file.toString()).get(0);
    if (wf.getMetadata().getName() == null) {
      wf.getMetadata().setName(wf.getMetadata().getGenerateName() + "x1");
    }
    wf.getMetadata().setNamespace("argo");
    FakeCluster c = new FakeCluster().behave(ArgoFixturesTest::behaviour).submit(wf).run();

    String phase = (String) expected.get("phase");
    @SuppressWarnings("unchecked")
    List<String> orPhase = (List<String>) expected.getOrDefault("orPhase", List.of());
    List<String> phases = new ArrayList<>(orPhase);
    phases.add(phase);
    assertThat(c.phase()).as("phase of %s: %s", file, c.message()).isIn(phases);
    if (expected.get("message") != null) {
      assertThat(c.message()).isEqualTo(expected.get("message"));
    }
    if (expected.get("messageContains") != null) {
      assertThat(c.message()).contains((String) expected.get("messageContains"));
    }
    @SuppressWarnings("unchecked")
    Map<String, Map<String, String>> nodes =
        (Map<String, Map<String, String>>) expected.getOrDefault("nodes", Map.of());
    nodes.forEach(
        (name, facts) -> {
          if (facts.get("phase") != null) {
            assertThat(c.node(name).getPhase()).as("node %s", name).isEqualTo(facts.get("phase"));
          }
          if (facts.get("type") != null) {
            assertThat(c.node(name).getType()).as("node %s", name).isEqualTo(facts.get("type"));
          }
        });
  }

  private static Behaviour behaviour(PodRequest r) {
    var t = r.template();
    List<String> words = new ArrayList<>();
    if (t.getContainer() != null) {
      addAll(words, t.getContainer().getCommand());
      addAll(words, t.getContainer().getArgs());
    }
    if (t.getScript() != null) {
      addAll(words, t.getScript().getCommand());
      words.add(t.getScript().getSource());
    }
    String line = String.join(" ", words);
    int code = 0;
    Matcher exit = EXIT.matcher(line);
    if (exit.find()) {
      code = Integer.parseInt(exit.group(1));
    }
    Duration d = Duration.ofSeconds(1);
    Matcher sleep = SLEEP.matcher(line);
    if (sleep.find()) {
      long n = Math.max(1, Long.parseLong(sleep.group(1)));
      d =
          switch (sleep.group(2)) {
            case "m" -> Duration.ofMinutes(n);
            case "h" -> Duration.ofHours(n);
            case "d" -> Duration.ofDays(n);
            default -> Duration.ofSeconds(n);
          };
    }
    return new Behaviour(d, code, Map.of(), "", null);
  }

  private static void addAll(List<String> out, List<String> in) {
    if (in != null) {
      in.stream().filter(s -> s != null).forEach(out::add);
    }
  }
}
