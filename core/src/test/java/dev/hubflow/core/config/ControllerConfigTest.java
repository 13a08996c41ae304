package dev.hubflow.core.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.Set;
import org.junit.jupiter.api.Test;

class ControllerConfigTest {

  @Test
  void defaultsWatchEveryNamespace() {
    ControllerConfig config = ControllerConfig.defaults();
    assertThat(config.watches("anything")).isTrue();
    assertThat(config.workers()).isPositive();
  }

  @Test
  void namespacesRestrictWhatIsWatched() {
    ControllerConfig config = ControllerConfig.defaults().withNamespaces(Set.of("argo"));
    assertThat(config.watches("argo")).isTrue();
    assertThat(config.watches("default")).isFalse();
  }

  @Test
  void badValuesAreRejectedNamingTheField() {
    assertThatThrownBy(() -> ControllerConfig.defaults().withWorkers(0))
        .hasMessageContaining("workers");
    assertThatThrownBy(
            () ->
                ControllerConfig.defaults()
                    .withRetryDelays(Duration.ofSeconds(2), Duration.ofSeconds(1)))
        .hasMessageContaining("retryMaxDelay");
    assertThatThrownBy(() -> ControllerConfig.defaults().withResyncPeriod(Duration.ofSeconds(-1)))
        .hasMessageContaining("resyncPeriod");
  }
}
