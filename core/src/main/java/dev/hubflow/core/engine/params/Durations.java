package dev.hubflow.core.engine.params;

import java.time.Duration;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Go's duration syntax ({@code 1h2m3.5s}, {@code 500ms}) and Argo's "bare number = seconds". */
public final class Durations {
  private static final Pattern PART =
      Pattern.compile("(\\d+(?:\\.\\d*)?|\\.\\d+)(ns|us|µs|ms|s|m|h)");

  private Durations() {}

  /** Argo's {@code parseStringToDuration}: an integer is seconds, else a Go duration. */
  public static Duration argo(String text) {
    String s = text == null ? "" : text.trim();
    if (s.matches("-?\\d+")) {
      return Duration.ofSeconds(Long.parseLong(s));
    }
    return go(s);
  }

  /** Go's {@code time.ParseDuration}. */
  public static Duration go(String text) {
    String s = text == null ? "" : text.trim();
    boolean negative = s.startsWith("-");
    if (negative || s.startsWith("+")) {
      s = s.substring(1);
    }
    if (s.equals("0")) {
      return Duration.ZERO;
    }
    if (s.isEmpty()) {
      throw new IllegalArgumentException("invalid duration \"" + text + "\"");
    }
    Matcher m = PART.matcher(s);
    int at = 0;
    double nanos = 0;
    while (at < s.length()) {
      if (!m.find(at) || m.start() != at) {
        throw new IllegalArgumentException("invalid duration \"" + text + "\"");
      }
      double n = Double.parseDouble(m.group(1));
      nanos += n * unit(m.group(2));
      at = m.end();
    }
    Duration d = Duration.ofNanos((long) nanos);
    return negative ? d.negated() : d;
  }

  private static double unit(String u) {
    switch (u) {
      case "ns":
        return 1;
      case "us":
      case "µs":
        return 1e3;
      case "ms":
        return 1e6;
      case "s":
        return 1e9;
      case "m":
        return 60e9;
      default:
        return 3600e9;
    }
  }

  /** Go's {@code Duration.String()}, e.g. {@code 1m30s}. */
  public static String format(Duration d) {
    long seconds = d.getSeconds();
    long h = seconds / 3600;
    long m = (seconds % 3600) / 60;
    double s = (seconds % 60) + d.getNano() / 1e9;
    String sec = s == Math.rint(s) ? String.valueOf((long) s) : String.valueOf(s);
    if (h > 0) {
      return h + "h" + m + "m" + sec + "s";
    }
    if (m > 0) {
      return m + "m" + sec + "s";
    }
    return sec + "s";
  }
}
