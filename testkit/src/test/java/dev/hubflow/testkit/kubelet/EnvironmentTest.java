package dev.hubflow.testkit.kubelet;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import org.junit.jupiter.api.Test;

class EnvironmentTest {
  @Test
  void expandsDefinedVariablesKeepsUnknownOnesAndUnescapesDollars() {
    Map<String, String> env = Map.of("A", "1", "B", "two");

    assertThat(Environment.expand("$(A)-$(B)", env)).isEqualTo("1-two");
    assertThat(Environment.expand("$(C) stays", env)).isEqualTo("$(C) stays");
    assertThat(Environment.expand("$$(A) escaped", env)).isEqualTo("$(A) escaped");
    assertThat(Environment.expand("plain $HOME and $(", env)).isEqualTo("plain $HOME and $(");
  }
}
