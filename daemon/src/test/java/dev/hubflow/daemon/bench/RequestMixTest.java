package dev.hubflow.daemon.bench;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import org.junit.jupiter.api.Test;

class RequestMixTest {
  private static final Map<String, Long> COUNTS =
      Map.of(
          "create pods", 10L,
          "create pods/binding", 10L,
          "patch pods/status", 30L,
          "create workflowtaskresults", 10L,
          "create workflows", 1L,
          "patch workflows", 12L,
          "delete pods", 2L,
          "get workflows", 3L,
          "watch pods", 1L);

  @Test
  void readsAndWritesSplitByVerb() {
    assertThat(RequestMix.reads(COUNTS)).isEqualTo(4);
    assertThat(RequestMix.writes(COUNTS)).isEqualTo(75);
  }

  @Test
  void controllerWritesLeaveOutTheKubeletsAndTheBenchsSubmission() {
    assertThat(RequestMix.ownWrites(COUNTS)).isEqualTo(10 + 12 + 2);
  }

  @Test
  void byVerbSumsOverResources() {
    assertThat(RequestMix.byVerb(COUNTS))
        .containsEntry("create", 31L)
        .containsEntry("patch", 42L)
        .containsEntry("delete", 2L)
        .containsEntry("get", 3L)
        .containsEntry("watch", 1L);
  }
}
