package dev.hubflow.model.v1alpha1;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.hubflow.model.Codec;
import dev.hubflow.model.ManifestException;
import java.time.OffsetDateTime;
import org.junit.jupiter.api.Test;

class TimeTextTest {
  @Test
  void wholeSecondsAreWrittenAsKubernetesWritesThem() {
    NodeStatus node = Codec.read("startedAt: '2024-01-01T00:00:01Z'\n", NodeStatus.class);

    assertThat(Codec.toJson(node)).isEqualTo("{\"startedAt\":\"2024-01-01T00:00:01Z\"}");
  }

  @Test
  void aFractionIsKeptWhenThereIsOne() {
    NodeStatus node = Codec.read("finishedAt: '2024-01-01T00:00:01.123456Z'\n", NodeStatus.class);

    assertThat(Codec.toJson(node)).isEqualTo("{\"finishedAt\":\"2024-01-01T00:00:01.123456Z\"}");
  }

  @Test
  void anOffsetIsHonouredAndWrittenInUtc() {
    NodeStatus node = Codec.read("startedAt: '2024-01-01T10:00:00+02:00'\n", NodeStatus.class);

    assertThat(node.getStartedAt().toInstant())
        .isEqualTo(OffsetDateTime.parse("2024-01-01T08:00:00Z").toInstant());
    assertThat(Codec.toJson(node)).isEqualTo("{\"startedAt\":\"2024-01-01T08:00:00Z\"}");
  }

  @Test
  void aTimeThatIsNoTimeNamesTheProblem() {
    assertThatThrownBy(() -> Codec.read("startedAt: yesterday\n", NodeStatus.class))
        .isInstanceOf(ManifestException.class)
        .hasMessageContaining("not an RFC 3339 time: 'yesterday'");
  }
}
