package dev.hubflow.core.cluster.credentials;

import dev.hubflow.core.spi.Clock;
import dev.hubflow.core.spi.CredentialSource;
import dev.hubflow.core.spi.Credentials;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Objects;

/**
 * A bearer token read from a file that something else rotates (a projected service-account token, a
 * kubeconfig {@code tokenFile}). The file is read again once {@code rereadAfter} has passed, and at
 * once after {@link #invalidate()}, like client-go's cached token file source.
 */
public final class TokenFile implements CredentialSource {
  /** client-go re-reads projected tokens every minute; kubelet rotates them long before expiry. */
  public static final Duration DEFAULT_REREAD_AFTER = Duration.ofMinutes(1);

  private final Path file;
  private final Clock clock;
  private final Duration rereadAfter;
  private Credentials cached;
  private Instant readAt;

  public TokenFile(Path file, Clock clock) {
    this(file, clock, DEFAULT_REREAD_AFTER);
  }

  public TokenFile(Path file, Clock clock, Duration rereadAfter) {
    this.file = Objects.requireNonNull(file, "file");
    this.clock = Objects.requireNonNull(clock, "clock");
    this.rereadAfter = Objects.requireNonNull(rereadAfter, "rereadAfter");
  }

  @Override
  public synchronized Credentials current() {
    Instant now = clock.now();
    if (cached == null || !now.isBefore(readAt.plus(rereadAfter))) {
      cached = Credentials.bearer(read(), null);
      readAt = now;
    }
    return cached;
  }

  @Override
  public synchronized void invalidate() {
    cached = null;
  }

  private String read() {
    String token;
    try {
      token = Files.readString(file, StandardCharsets.UTF_8).trim();
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read token file " + file + ": " + e.getMessage(), e);
    }
    if (token.isEmpty()) {
      throw new IllegalStateException("token file " + file + " is empty");
    }
    return token;
  }

  @Override
  public String toString() {
    return "TokenFile[" + file + "]";
  }
}
