package dev.hubflow.testkit.runtime;

import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * What a simulated container does, scripted by a test: how long it runs, what it prints and writes,
 * and how it ends. Immutable; each method returns a changed copy.
 *
 * <pre>{@code
 * runtime.script(Match.image("alpine"), Behaviour.exit(3).after(Duration.ofSeconds(5)).stdout("hi\n"));
 * }</pre>
 */
public final class Behaviour {
  enum Ending {
    EXIT,
    OOM,
    NEVER_STARTS,
    VANISHES,
    RUNS_UNTIL_KILLED
  }

  final Ending ending;
  final int exitCode;
  final Duration duration;
  final String stdout;
  final String stderr;
  final String message;
  final Map<String, String> files;
  final String waitingReason;
  final boolean ignoresSigterm;

  private Behaviour(
      Ending ending,
      int exitCode,
      Duration duration,
      String stdout,
      String stderr,
      String message,
      Map<String, String> files,
      String waitingReason,
      boolean ignoresSigterm) {
    this.ending = ending;
    this.exitCode = exitCode;
    this.duration = duration;
    this.stdout = stdout;
    this.stderr = stderr;
    this.message = message;
    this.files = Map.copyOf(files);
    this.waitingReason = waitingReason;
    this.ignoresSigterm = ignoresSigterm;
  }

  private static Behaviour of(Ending ending, int code) {
    return new Behaviour(ending, code, Duration.ZERO, "", "", null, Map.of(), null, false);
  }

  /** Exits 0 at once. */
  public static Behaviour succeed() {
    return of(Ending.EXIT, 0);
  }

  /** Exits with {@code code}. */
  public static Behaviour exit(int code) {
    return of(Ending.EXIT, code);
  }

  /** Is killed for using too much memory (exit code 137, reason {@code OOMKilled}). */
  public static Behaviour oomKilled() {
    return of(Ending.OOM, 137);
  }

  /** Never starts; the container waits with this reason (e.g. {@code ImagePullBackOff}). */
  public static Behaviour neverStarts(String reason) {
    return new Behaviour(
        Ending.NEVER_STARTS, 0, Duration.ZERO, "", "", null, Map.of(), reason, false);
  }

  /** The pod disappears from the cluster (as when its node is lost). */
  public static Behaviour vanishes() {
    return of(Ending.VANISHES, 137);
  }

  /** Runs until it is killed (a daemon or a sidecar). */
  public static Behaviour runsUntilKilled() {
    return of(Ending.RUNS_UNTIL_KILLED, 0);
  }

  /** Ends only after {@code d} has passed on the runtime's scheduler. */
  public Behaviour after(Duration d) {
    return new Behaviour(
        ending, exitCode, d, stdout, stderr, message, files, waitingReason, ignoresSigterm);
  }

  /** Prints this to stdout when it starts. */
  public Behaviour stdout(String text) {
    return new Behaviour(
        ending, exitCode, duration, text, stderr, message, files, waitingReason, ignoresSigterm);
  }

  /** Prints this to stderr when it starts. */
  public Behaviour stderr(String text) {
    return new Behaviour(
        ending, exitCode, duration, stdout, text, message, files, waitingReason, ignoresSigterm);
  }

  /** The termination message (or, for {@link #neverStarts}, the waiting message). */
  public Behaviour message(String text) {
    return new Behaviour(
        ending, exitCode, duration, stdout, stderr, text, files, waitingReason, ignoresSigterm);
  }

  /** Writes a file (e.g. an output parameter) when it starts. */
  public Behaviour writes(String path, String content) {
    Map<String, String> f = new LinkedHashMap<>(files);
    f.put(path, content);
    return new Behaviour(
        ending, exitCode, duration, stdout, stderr, message, f, waitingReason, ignoresSigterm);
  }

  /** Ignores SIGTERM, so a kill takes the grace period and ends with 137. */
  public Behaviour ignoringSigterm() {
    return new Behaviour(
        ending, exitCode, duration, stdout, stderr, message, files, waitingReason, true);
  }
}
