package dev.hubflow.daemon.eks;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class EksClusterTest {
  @Test
  void readsArgoCdClusterSecretConfigWithAwsAuth() {
    String ca = Base64.getEncoder().encodeToString("PEM".getBytes(StandardCharsets.UTF_8));
    Optional<EksCluster> cluster =
        EksCluster.fromArgoCdSecret(
            "spoke",
            "https://ABC123.gr7.eu-west-1.eks.amazonaws.com",
            """
            {"awsAuthConfig": {"clusterName": "spoke-eu", "roleARN": "arn:aws:iam::2:role/r"},
             "tlsClientConfig": {"insecure": false, "caData": "%s"}}
            """
                .formatted(ca));
    assertThat(cluster)
        .contains(
            new EksCluster(
                "spoke",
                "spoke-eu",
                Optional.of("eu-west-1"),
                Optional.of("arn:aws:iam::2:role/r"),
                Optional.empty(),
                Optional.of("https://ABC123.gr7.eu-west-1.eks.amazonaws.com"),
                Optional.of("PEM")));
  }

  @Test
  void otherAuthKindsAreNotEks() {
    assertThat(EksCluster.fromArgoCdSecret("c", "https://x", "{\"bearerToken\": \"t\"}")).isEmpty();
  }

  @Test
  void malformedConfigNamesClusterAndField() {
    assertThatThrownBy(() -> EksCluster.fromArgoCdSecret("spoke", "https://x", "{"))
        .hasMessageContaining("cluster spoke: config is not JSON");
    assertThatThrownBy(
            () -> EksCluster.fromArgoCdSecret("spoke", "https://x", "{\"awsAuthConfig\": {}}"))
        .hasMessage("cluster spoke: config.awsAuthConfig.clusterName is required");
  }
}
