package dev.hubflow.testkit.runtime;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import org.junit.jupiter.api.Test;

class DurationsTest {
  @Test
  void parsesSleepAndGoDurations() {
    assertThat(Durations.parse("10")).contains(Duration.ofSeconds(10));
    assertThat(Durations.parse("1.5s")).contains(Duration.ofMillis(1500));
    assertThat(Durations.parse("1m30s")).contains(Duration.ofSeconds(90));
    assertThat(Durations.parse("2h")).contains(Duration.ofHours(2));
    assertThat(Durations.parse("1d")).contains(Duration.ofDays(1));
    assertThat(Durations.parse("100ms")).contains(Duration.ofMillis(100));
  }

  @Test
  void rejectsWhatIsNoDuration() {
    assertThat(Durations.parse("soon")).isEmpty();
    assertThat(Durations.parse("")).isEmpty();
    assertThat(Durations.parse("5x")).isEmpty();
  }
}
