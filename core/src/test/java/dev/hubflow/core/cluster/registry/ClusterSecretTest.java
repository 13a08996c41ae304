package dev.hubflow.core.cluster.registry;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.hubflow.core.spi.ClusterConnection;
import io.kubernetes.client.openapi.models.V1ObjectMeta;
import io.kubernetes.client.openapi.models.V1Secret;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ClusterSecretTest {
  private static V1Secret secret(Map<String, String> data) {
    Map<String, byte[]> bytes = new LinkedHashMap<>();
    data.forEach((k, v) -> bytes.put(k, v.getBytes(StandardCharsets.UTF_8)));
    return new V1Secret()
        .metadata(new V1ObjectMeta().namespace("hubflow").name("spoke-secret"))
        .data(bytes);
  }

  @Test
  void argoCdShapedSecretGivesNameServerNamespacesAndConfig() {
    ClusterSecret parsed =
        ClusterSecret.parse(
            secret(
                Map.of(
                    "name", "spoke-a",
                    "server", "https://abc.gr7.eu-west-1.eks.amazonaws.com",
                    "namespaces", "argo, jobs",
                    "config",
                        "{\"awsAuthConfig\":{\"clusterName\":\"spoke-a\",\"roleARN\":\"arn:aws:iam::1:role/r\"}}")));
    assertThat(parsed.name()).isEqualTo("spoke-a");
    assertThat(parsed.namespaces()).containsExactlyInAnyOrder("argo", "jobs");
    assertThat(parsed.object("awsAuthConfig")).isPresent();
  }

  @Test
  void awsAuthConfigIsLeftToTheEksConnector() {
    ClusterSecret parsed =
        ClusterSecret.parse(
            secret(Map.of("name", "x", "config", "{\"awsAuthConfig\":{\"clusterName\":\"x\"}}")));
    assertThat(new StandardSecretConnector(Instant::now).connect(parsed)).isEmpty();
  }

  @Test
  void bearerTokenAndCaBecomeAConnectionThatNeverShowsTheToken() {
    String ca = "-----BEGIN CERTIFICATE-----\nMIIB\n-----END CERTIFICATE-----\n";
    ClusterSecret parsed =
        ClusterSecret.parse(
            secret(
                Map.of(
                    "name", "b",
                    "server", "https://10.0.0.1:6443",
                    "config",
                        "{\"bearerToken\":\"tok-123\",\"tlsClientConfig\":{\"caData\":\""
                            + Base64.getEncoder()
                                .encodeToString(ca.getBytes(StandardCharsets.UTF_8))
                            + "\"}}")));
    ClusterConnection connection =
        new StandardSecretConnector(Instant::now).connect(parsed).orElseThrow();
    assertThat(connection.caCertificatePem()).contains(ca);
    assertThat(connection.credentials().current().bearerToken()).contains("tok-123");
    assertThat(parsed.toString()).doesNotContain("tok-123");
    assertThat(connection.credentials().current().toString()).doesNotContain("tok-123");
  }

  @Test
  void malformedSecretsAreRejectedNamingTheSecretAndFieldButNoValue() {
    assertThatThrownBy(
            () ->
                ClusterSecret.parse(
                    secret(Map.of("server", "https://x", "config", "{\"bearerToken\": \"s3cr3t"))))
        .hasMessageContaining("Secret hubflow/spoke-secret")
        .hasMessageContaining("data.config")
        .message()
        .doesNotContain("s3cr3t");
    assertThatThrownBy(() -> ClusterSecret.parse(secret(Map.of("config", "{}"))))
        .hasMessageContaining("data.server is required");
    assertThatThrownBy(
            () -> ClusterSecret.parse(secret(Map.of("config", "{\"awsAuthConfig\":{}}"))))
        .hasMessageContaining("awsAuthConfig.clusterName is required");
    assertThatThrownBy(
            () -> ClusterSecret.parse(secret(Map.of("name", "Bad_Name", "server", "https://x"))))
        .hasMessageContaining("data.name");
  }

  @Test
  void fingerprintChangesOnlyWhenTheRegistrationDoes() {
    Map<String, String> data = Map.of("server", "https://x", "config", "{\"bearerToken\":\"a\"}");
    assertThat(ClusterSecret.parse(secret(data)).fingerprint())
        .isEqualTo(ClusterSecret.parse(secret(data)).fingerprint())
        .isNotEqualTo(
            ClusterSecret.parse(
                    secret(Map.of("server", "https://x", "config", "{\"bearerToken\":\"b\"}")))
                .fingerprint());
  }
}
