package dev.hubflow.core.engine.expr;

import static dev.hubflow.core.engine.expr.ExprInterpreter.fail;

import java.time.Duration;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;

/** The Go methods expressions call on {@code time.Time} and {@code time.Duration} values. */
final class TimeMethods {
  private TimeMethods() {}

  static ExprFunction method(Object receiver, String name) {
    if (receiver instanceof Duration d) {
      return switch (name) {
        case "Seconds" -> args -> d.toNanos() / 1e9;
        case "Minutes" -> args -> d.toNanos() / 6e10;
        case "Hours" -> args -> d.toNanos() / 3.6e12;
        case "Milliseconds" -> args -> d.toMillis();
        case "Microseconds" -> args -> d.toNanos() / 1000;
        case "Nanoseconds" -> args -> d.toNanos();
        case "String" -> args -> Durations.format(d);
        case "Abs" -> args -> d.abs();
        default -> throw fail("cannot fetch " + name + " from time.Duration");
      };
    }
    OffsetDateTime t = (OffsetDateTime) receiver;
    return switch (name) {
      case "Unix" -> args -> t.toEpochSecond();
      case "UnixMilli" -> args -> t.toInstant().toEpochMilli();
      case "Year" -> args -> (long) t.getYear();
      case "Month" -> args -> (long) t.getMonthValue();
      case "Day" -> args -> (long) t.getDayOfMonth();
      case "Hour" -> args -> (long) t.getHour();
      case "Minute" -> args -> (long) t.getMinute();
      case "Second" -> args -> (long) t.getSecond();
      case "Weekday" -> args -> (long) (t.getDayOfWeek().getValue() % 7);
      case "UTC" -> args -> t.withOffsetSameInstant(ZoneOffset.UTC);
      case "String" -> args -> t.format(DateTimeFormatter.ISO_OFFSET_DATE_TIME);
      case "Format" -> args -> GoTime.format(t, (String) args.get(0));
      case "Sub" -> args -> Duration.between((OffsetDateTime) args.get(0), t);
      case "Add" -> args -> t.plus((Duration) args.get(0));
      case "Before" -> args -> t.isBefore((OffsetDateTime) args.get(0));
      case "After" -> args -> t.isAfter((OffsetDateTime) args.get(0));
      case "Equal" -> args -> t.isEqual((OffsetDateTime) args.get(0));
      default -> throw fail("cannot fetch " + name + " from time.Time");
    };
  }
}
