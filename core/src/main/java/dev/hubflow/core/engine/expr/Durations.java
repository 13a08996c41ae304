package dev.hubflow.core.engine.expr;

import java.math.BigDecimal;
import java.time.Duration;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Go's {@code time.Duration} text form ({@code 1h2m3.5s}), parsed and printed. */
final class Durations {
  private Durations() {}

  private static final Pattern PART =
      Pattern.compile("([0-9]*(?:\\.[0-9]*)?)(ns|us|µs|μs|ms|s|m|h)");
  private static final Map<String, Long> NANOS =
      Map.of(
          "ns", 1L,
          "us", 1_000L,
          "µs", 1_000L,
          "μs", 1_000L,
          "ms", 1_000_000L,
          "s", 1_000_000_000L,
          "m", 60_000_000_000L,
          "h", 3_600_000_000_000L);

  static Duration parse(String text) {
    String s = text;
    boolean negative = false;
    if (s.startsWith("-") || s.startsWith("+")) {
      negative = s.startsWith("-");
      s = s.substring(1);
    }
    if (s.equals("0")) {
      return Duration.ZERO;
    }
    if (s.isEmpty()) {
      throw new ExpressionException("time: invalid duration \"" + text + "\"");
    }
    Matcher m = PART.matcher(s);
    int pos = 0;
    BigDecimal total = BigDecimal.ZERO;
    while (pos < s.length()) {
      if (!m.find(pos) || m.start() != pos || m.group(1).isEmpty() || m.group(1).equals(".")) {
        throw new ExpressionException("time: invalid duration \"" + text + "\"");
      }
      total =
          total.add(new BigDecimal(m.group(1)).multiply(BigDecimal.valueOf(NANOS.get(m.group(2)))));
      pos = m.end();
    }
    long nanos = total.longValue();
    return Duration.ofNanos(negative ? -nanos : nanos);
  }

  static String format(Duration d) {
    long n = d.toNanos();
    if (n == 0) {
      return "0s";
    }
    String sign = n < 0 ? "-" : "";
    long u = Math.abs(n);
    if (u < 1_000_000_000L) {
      if (u < 1_000L) {
        return sign + u + "ns";
      }
      if (u < 1_000_000L) {
        return sign + fraction(u, 1_000L) + "µs";
      }
      return sign + fraction(u, 1_000_000L) + "ms";
    }
    StringBuilder b = new StringBuilder(sign);
    long hours = u / 3_600_000_000_000L;
    u %= 3_600_000_000_000L;
    long minutes = u / 60_000_000_000L;
    u %= 60_000_000_000L;
    if (hours > 0) {
      b.append(hours).append('h');
    }
    if (hours > 0 || minutes > 0) {
      b.append(minutes).append('m');
    }
    b.append(fraction(u, 1_000_000_000L)).append('s');
    return b.toString();
  }

  private static String fraction(long value, long unit) {
    return BigDecimal.valueOf(value)
        .divide(BigDecimal.valueOf(unit))
        .stripTrailingZeros()
        .toPlainString();
  }
}
