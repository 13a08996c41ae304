package dev.hubflow.testkit.runtime;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class ArgosayTest {
  private final Map<String, byte[]> files = new HashMap<>();
  private final StringBuilder out = new StringBuilder();
  private final StringBuilder err = new StringBuilder();
  private final FileView view =
      new FileView() {
        @Override
        public Optional<byte[]> read(String path) {
          return Optional.ofNullable(files.get(path));
        }

        @Override
        public void write(String path, byte[] content) {
          files.put(path, content);
        }
      };

  private Argosay.Outcome say(String... args) {
    return Argosay.run(List.of(args), view, out::append, err::append);
  }

  @Test
  void noArgumentsPrintTheGreeting() {
    assertThat(say().exitCode()).isZero();
    assertThat(out).hasToString("hello argo\n");
  }

  @Test
  void echoPrintsOrWritesAFile() {
    say("echo");
    say("echo", "hi");
    say("echo", "to-file", "/tmp/x");
    assertThat(out).hasToString("hello argo\nhi\n");
    assertThat(new String(files.get("/tmp/x"), StandardCharsets.UTF_8)).isEqualTo("to-file\n");
  }

  @Test
  void catPrintsFilesAndFailsOnAMissingOne() {
    files.put("/f", "content".getBytes(StandardCharsets.UTF_8));
    assertThat(say("cat", "/f").exitCode()).isZero();
    assertThat(out).hasToString("content");
    assertThat(say("cat", "/missing").exitCode()).isEqualTo(1);
  }

  @Test
  void exitUsesItsCode() {
    assertThat(say("exit").exitCode()).isZero();
    assertThat(say("exit", "7").exitCode()).isEqualTo(7);
  }

  @Test
  void sleepTakesItsDuration() {
    assertThat(say("sleep", "2m").duration()).isEqualTo(Duration.ofMinutes(2));
    assertThat(say("sleep", "0.5").duration()).isEqualTo(Duration.ofMillis(500));
  }

  @Test
  void assertionsCompareFileContent() {
    files.put("/f", "one\ntwo\n".getBytes(StandardCharsets.UTF_8));
    assertThat(say("assert_contains", "/f", "two").exitCode()).isZero();
    assertThat(say("assert_contains", "/f", "three").exitCode()).isEqualTo(1);
    files.put("/g", "exact\n".getBytes(StandardCharsets.UTF_8));
    assertThat(say("assert_equals", "/g", "exact").exitCode()).isZero();
    assertThat(say("assert_equals", "/g", "other").exitCode()).isEqualTo(1);
  }

  @Test
  void unknownVerbExitsOne() {
    assertThat(say("dance").exitCode()).isEqualTo(1);
  }

  @Test
  void argosayRunsForItsImageOrExplicitEntrypoint() {
    assertThat(Argosay.arguments("argoproj/argosay:v2", List.of(), List.of("echo")))
        .contains(List.of("echo"));
    assertThat(Argosay.arguments("anything", List.of("/argosay", "exit"), List.of("1")))
        .contains(List.of("exit", "1"));
    assertThat(Argosay.arguments("alpine", List.of("sh"), List.of())).isEmpty();
  }
}
