package dev.hubflow.core.cluster.credentials;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class TokenFileTest {
  @TempDir Path dir;
  final FakeClock clock = new FakeClock(Instant.parse("2026-01-01T00:00:00Z"));

  @Test
  void rotatedTokenIsPickedUpAfterTheRereadInterval() throws Exception {
    Path file = Files.writeString(dir.resolve("token"), "first\n");
    TokenFile source = new TokenFile(file, clock);
    assertThat(source.current().bearerToken()).contains("first");

    Files.writeString(file, "second");
    clock.advance(Duration.ofSeconds(59));
    assertThat(source.current().bearerToken()).as("cached within a minute").contains("first");

    clock.advance(Duration.ofSeconds(1));
    assertThat(source.current().bearerToken()).contains("second");
  }

  @Test
  void invalidateRereadsAtOnce() throws Exception {
    Path file = Files.writeString(dir.resolve("token"), "first");
    TokenFile source = new TokenFile(file, clock);
    source.current();
    Files.writeString(file, "second");
    source.invalidate();
    assertThat(source.current().bearerToken()).contains("second");
  }

  @Test
  void missingOrEmptyFileNamesTheFile() throws Exception {
    Path missing = dir.resolve("missing");
    assertThatThrownBy(() -> new TokenFile(missing, clock).current())
        .hasMessageContaining(missing.toString());
    Path empty = Files.writeString(dir.resolve("empty"), "  \n");
    assertThatThrownBy(() -> new TokenFile(empty, clock).current())
        .hasMessageContaining("empty")
        .hasMessageContaining(empty.toString());
  }

  @Test
  void toStringNeverShowsTheToken() throws Exception {
    Path file = Files.writeString(dir.resolve("token"), "s3cr3t");
    TokenFile source = new TokenFile(file, clock);
    assertThat(source + " " + source.current()).doesNotContain("s3cr3t");
    assertThat(new StaticToken("s3cr3t").toString()).doesNotContain("s3cr3t");
  }
}
