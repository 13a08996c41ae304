package dev.hubflow.testkit.runtime;

import java.math.BigDecimal;
import java.time.Duration;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** {@code sleep}'s arguments: {@code 10}, {@code 0.5}, {@code 2m}, {@code 1d}, {@code 1m30s}. */
public final class Durations {
  private static final Pattern PART =
      Pattern.compile("(\\d+(?:\\.\\d*)?|\\.\\d+)(ms|us|ns|s|m|h|d)?");

  private Durations() {}

  /** The duration, or empty when the text is not one. */
  public static java.util.Optional<Duration> parse(String text) {
    if (text == null || text.isEmpty()) {
      return java.util.Optional.empty();
    }
    Matcher m = PART.matcher(text);
    int at = 0;
    BigDecimal nanos = BigDecimal.ZERO;
    while (at < text.length()) {
      if (!m.find(at) || m.start() != at) {
        return java.util.Optional.empty();
      }
      BigDecimal n = new BigDecimal(m.group(1).startsWith(".") ? "0" + m.group(1) : m.group(1));
      String unit = m.group(2) == null ? "s" : m.group(2);
      long scale =
          switch (unit) {
            case "ns" -> 1L;
            case "us" -> 1_000L;
            case "ms" -> 1_000_000L;
            case "s" -> 1_000_000_000L;
            case "m" -> 60_000_000_000L;
            case "h" -> 3_600_000_000_000L;
            case "d" -> 86_400_000_000_000L;
            default -> throw new IllegalStateException(unit);
          };
      nanos = nanos.add(n.multiply(BigDecimal.valueOf(scale)));
      at = m.end();
    }
    return java.util.Optional.of(Duration.ofNanos(nanos.longValue()));
  }
}
