package dev.hubflow.testkit.runtime;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Optional;

/**
 * The verbs of Argo's test image {@code argoproj/argosay:v2}, run in-process: {@code echo [msg]
 * [file]}, {@code cat file}, {@code sleep duration}, {@code exit [code]}, {@code assert_contains
 * file text}, {@code assert_equals file text}; no verb prints the greeting, an unknown verb exits
 * 1.
 */
public final class Argosay {
  public static final String GREETING = "hello argo";

  private Argosay() {}

  /**
   * What a run does: its exit code, and how long it takes (for {@code sleep}).
   *
   * @param exitCode the exit code
   * @param duration how long before it exits
   */
  public record Outcome(int exitCode, Duration duration) {
    static Outcome exit(int code) {
      return new Outcome(code, Duration.ZERO);
    }
  }

  /** Whether {@code argv} (command and args) runs argosay in an argosay image. */
  public static boolean isArgosayImage(String image) {
    return image != null && image.contains("argoproj/argosay");
  }

  /** The verb and its arguments when {@code argv} runs argosay, else empty. */
  public static Optional<List<String>> arguments(
      String image, List<String> command, List<String> args) {
    if (command.isEmpty()) {
      return isArgosayImage(image) ? Optional.of(args) : Optional.empty();
    }
    String program = command.get(0);
    if (program.equals("/argosay") || program.equals("argosay")) {
      List<String> all = new java.util.ArrayList<>(command.subList(1, command.size()));
      all.addAll(args);
      return Optional.of(all);
    }
    return Optional.empty();
  }

  public static Outcome run(List<String> args, FileView files, OutputSink out, OutputSink err) {
    if (args.isEmpty()) {
      out.write(GREETING + "\n");
      return Outcome.exit(0);
    }
    List<String> rest = args.subList(1, args.size());
    switch (args.get(0)) {
      case "echo":
        return echo(rest, files, out);
      case "cat":
        return cat(rest, files, out, err);
      case "exit":
        return exit(rest, err);
      case "sleep":
        if (rest.isEmpty()) {
          err.write("sleep: missing operand\n");
          return Outcome.exit(1);
        }
        Optional<Duration> d = Durations.parse(rest.get(0));
        if (d.isEmpty()) {
          err.write("sleep: invalid number '" + rest.get(0) + "'\n");
          return Outcome.exit(1);
        }
        return new Outcome(0, d.get());
      case "assert_contains":
        return assertContains(rest, files, out, err);
      case "assert_equals":
        return assertEquals(rest, files, err);
      default:
        return Outcome.exit(1);
    }
  }

  private static Outcome echo(List<String> rest, FileView files, OutputSink out) {
    switch (rest.size()) {
      case 0 -> out.write(GREETING + "\n");
      case 1 -> out.write(rest.get(0) + "\n");
      case 2 -> files.write(rest.get(1), (rest.get(0) + "\n").getBytes(StandardCharsets.UTF_8));
      default -> {
        return Outcome.exit(1);
      }
    }
    return Outcome.exit(0);
  }

  private static Outcome cat(List<String> rest, FileView files, OutputSink out, OutputSink err) {
    for (String file : rest) {
      Optional<byte[]> data = files.read(file);
      if (data.isEmpty()) {
        err.write("cat: can't open '" + file + "': No such file or directory\n");
        return Outcome.exit(1);
      }
      out.write(new String(data.get(), StandardCharsets.UTF_8));
    }
    return Outcome.exit(0);
  }

  private static Outcome exit(List<String> rest, OutputSink err) {
    if (rest.isEmpty()) {
      return Outcome.exit(0);
    }
    try {
      return Outcome.exit(Integer.parseInt(rest.get(0)) & 0xff);
    } catch (NumberFormatException e) {
      err.write("sh: exit: Illegal number: " + rest.get(0) + "\n");
      return Outcome.exit(2);
    }
  }

  private static Outcome assertContains(
      List<String> rest, FileView files, OutputSink out, OutputSink err) {
    if (rest.size() < 2) {
      err.write("usage: assert_contains file string\n");
      return Outcome.exit(2);
    }
    Optional<byte[]> data = files.read(rest.get(0));
    if (data.isEmpty()) {
      err.write("grep: " + rest.get(0) + ": No such file or directory\n");
      return Outcome.exit(2);
    }
    boolean found = false;
    for (String line : new String(data.get(), StandardCharsets.UTF_8).split("\n", -1)) {
      if (line.contains(rest.get(1))) {
        out.write(line + "\n");
        found = true;
      }
    }
    return Outcome.exit(found ? 0 : 1);
  }

  private static Outcome assertEquals(List<String> rest, FileView files, OutputSink err) {
    if (rest.size() < 2) {
      err.write("usage: assert_equals file string\n");
      return Outcome.exit(2);
    }
    Optional<byte[]> data = files.read(rest.get(0));
    if (data.isEmpty()) {
      err.write(rest.get(0) + ": No such file or directory\n");
      return Outcome.exit(2);
    }
    String actual = new String(data.get(), StandardCharsets.UTF_8);
    if (actual.endsWith("\n")) {
      actual = actual.substring(0, actual.length() - 1);
    }
    if (!actual.equals(rest.get(1))) {
      err.write("expected \"" + rest.get(1) + "\", but was \"" + actual + "\"\n");
      return Outcome.exit(1);
    }
    return Outcome.exit(0);
  }
}
