package dev.hubflow.core.cluster.credentials;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.hubflow.core.spi.ClusterConnection;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class InClusterCredentialProviderTest {
  @TempDir Path dir;
  final FakeClock clock = new FakeClock(Instant.parse("2026-01-01T00:00:00Z"));

  @Test
  void connectsWithServiceEnvironmentCaAndRotatingToken() throws Exception {
    Files.writeString(dir.resolve("token"), "sa-token-1");
    Files.writeString(dir.resolve("ca.crt"), "-----BEGIN CERTIFICATE-----\nMIIB\n");
    Files.writeString(dir.resolve("namespace"), "argo\n");
    InClusterCredentialProvider provider =
        new InClusterCredentialProvider(
            "hub",
            Map.of("KUBERNETES_SERVICE_HOST", "10.0.0.1", "KUBERNETES_SERVICE_PORT", "443"),
            dir,
            clock);

    assertThat(provider.available()).isTrue();
    assertThat(provider.connect("other")).isEmpty();
    ClusterConnection connection = provider.connect("hub").orElseThrow();
    assertThat(connection.server()).isEqualTo("https://10.0.0.1:443");
    assertThat(connection.caCertificatePem()).hasValueSatisfying(pem -> pem.contains("MIIB"));
    assertThat(connection.credentials().current().bearerToken()).contains("sa-token-1");
    assertThat(provider.namespace()).contains("argo");

    Files.writeString(dir.resolve("token"), "sa-token-2");
    clock.advance(Duration.ofMinutes(1));
    assertThat(connection.credentials().current().bearerToken()).contains("sa-token-2");
  }

  @Test
  void ipv6ServiceHostIsBracketed() throws Exception {
    Files.writeString(dir.resolve("token"), "t");
    InClusterCredentialProvider provider =
        new InClusterCredentialProvider(
            "hub",
            Map.of("KUBERNETES_SERVICE_HOST", "fd00::1", "KUBERNETES_SERVICE_PORT", "6443"),
            dir,
            clock);
    assertThat(provider.connection().server()).isEqualTo("https://[fd00::1]:6443");
  }

  @Test
  void missingEnvironmentIsAClearError() {
    InClusterCredentialProvider provider =
        new InClusterCredentialProvider("hub", Map.of(), dir, clock);
    assertThat(provider.available()).isFalse();
    assertThatThrownBy(provider::connection).hasMessageContaining("KUBERNETES_SERVICE_HOST");
  }
}
