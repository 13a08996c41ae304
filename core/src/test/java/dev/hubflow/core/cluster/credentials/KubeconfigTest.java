package dev.hubflow.core.cluster.credentials;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.hubflow.core.spi.ClusterConnection;
import dev.hubflow.core.spi.Credentials;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Base64;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class KubeconfigTest {
  @TempDir Path dir;
  final FakeClock clock = new FakeClock(Instant.parse("2026-01-01T00:00:00Z"));

  static String b64(String text) {
    return Base64.getEncoder().encodeToString(text.getBytes(StandardCharsets.UTF_8));
  }

  @Test
  void readsClustersUsersAndContextsWithDataAndFileReferences() throws Exception {
    Files.writeString(dir.resolve("ca.pem"), "CA FROM FILE");
    Files.writeString(dir.resolve("client.crt"), "CERT FROM FILE");
    Files.writeString(dir.resolve("client.key"), "KEY FROM FILE");
    Files.writeString(dir.resolve("token"), "token-from-file");
    Path file = dir.resolve("config");
    Files.writeString(
        file,
        """
        apiVersion: v1
        kind: Config
        current-context: hub
        clusters:
        - name: hub-cluster
          cluster:
            server: https://hub.example:6443
            certificate-authority-data: %s
        - name: spoke-cluster
          cluster:
            server: https://spoke.example
            certificate-authority: ca.pem
        - name: dev-cluster
          cluster:
            server: https://127.0.0.1:9443
            insecure-skip-tls-verify: true
        users:
        - name: hub-user
          user:
            client-certificate-data: %s
            client-key-data: %s
        - name: spoke-user
          user:
            client-certificate: client.crt
            client-key: client.key
            token: static-token
        - name: dev-user
          user:
            tokenFile: token
        contexts:
        - name: hub
          context: {cluster: hub-cluster, user: hub-user, namespace: argo}
        - name: spoke
          context: {cluster: spoke-cluster, user: spoke-user}
        - name: dev
          context: {cluster: dev-cluster, user: dev-user}
        """
            .formatted(b64("CA DATA"), b64("CERT DATA"), b64("KEY DATA")));

    Kubeconfig kubeconfig = Kubeconfig.load(file);
    assertThat(kubeconfig.currentContext()).contains("hub");
    assertThat(kubeconfig.contexts())
        .extracting(Kubeconfig.Context::name)
        .containsExactly("hub", "spoke", "dev");
    assertThat(kubeconfig.context("hub").orElseThrow().namespace()).contains("argo");

    KubeconfigCredentialProvider provider = new KubeconfigCredentialProvider(kubeconfig, clock);
    ClusterConnection hub = provider.connectCurrent();
    assertThat(hub.name()).isEqualTo("hub");
    assertThat(hub.server()).isEqualTo("https://hub.example:6443");
    assertThat(hub.caCertificatePem()).contains("CA DATA");
    assertThat(hub.insecureSkipTlsVerify()).isFalse();
    Credentials hubCredentials = hub.credentials().current();
    assertThat(hubCredentials.clientCertificatePem()).contains("CERT DATA");
    assertThat(hubCredentials.clientKeyPem()).contains("KEY DATA");
    assertThat(hubCredentials.bearerToken()).isEmpty();

    ClusterConnection spoke = provider.connect("spoke").orElseThrow();
    assertThat(spoke.caCertificatePem()).contains("CA FROM FILE");
    Credentials spokeCredentials = spoke.credentials().current();
    assertThat(spokeCredentials.clientCertificatePem()).contains("CERT FROM FILE");
    assertThat(spokeCredentials.clientKeyPem()).contains("KEY FROM FILE");
    assertThat(spokeCredentials.bearerToken()).contains("static-token");

    ClusterConnection dev = provider.connect("dev").orElseThrow();
    assertThat(dev.insecureSkipTlsVerify()).isTrue();
    assertThat(dev.caCertificatePem()).isEmpty();
    assertThat(dev.credentials().current().bearerToken()).contains("token-from-file");

    assertThat(provider.connect("nope")).isEmpty();
    assertThat(kubeconfig.toString()).doesNotContain("static-token");
    assertThat(kubeconfig.users().get("spoke-user").toString()).doesNotContain("static-token");
  }

  @Test
  void readsExecEntriesWithArgsEnvAndApiVersion() {
    Kubeconfig kubeconfig =
        Kubeconfig.parse(
            """
            clusters: [{name: c, cluster: {server: "https://x"}}]
            users:
            - name: u
              user:
                exec:
                  apiVersion: client.authentication.k8s.io/v1beta1
                  command: aws
                  args: [--region, eu-west-1, eks, get-token, --cluster-name, spoke-eu, --output, json]
                  env:
                  - {name: AWS_PROFILE, value: spoke}
                  provideClusterInfo: true
            contexts: [{name: c, context: {cluster: c, user: u}}]
            """,
            dir,
            "inline");
    ExecPlugin exec = kubeconfig.users().get("u").exec().orElseThrow();
    assertThat(exec.command()).isEqualTo("aws");
    assertThat(exec.args()).startsWith("--region", "eu-west-1", "eks", "get-token");
    assertThat(exec.env()).containsEntry("AWS_PROFILE", "spoke");
    assertThat(exec.apiVersion()).isEqualTo(ExecPlugin.V1BETA1);
    assertThat(exec.provideClusterInfo()).isTrue();
    assertThat(exec.baseDir()).contains(dir);
  }

  @Test
  void errorsNameTheFileAndTheField() {
    assertThatThrownBy(
            () ->
                Kubeconfig.parse(
                    "clusters: [{name: c, cluster: {}}]", dir, "/home/me/.kube/config"))
        .hasMessage("/home/me/.kube/config: clusters[0].cluster.server is required");
    assertThatThrownBy(
            () ->
                Kubeconfig.parse(
                    "clusters: [{name: c, cluster: {server: x, certificate-authority: nope.pem}}]",
                    dir,
                    "cfg"))
        .hasMessageContaining("cfg: clusters[0].cluster.certificate-authority: cannot read")
        .hasMessageContaining("nope.pem");
    assertThatThrownBy(
            () ->
                Kubeconfig.parse(
                    "clusters: [{name: c, cluster: {server: x, insecure-skip-tls-verify: maybe}}]",
                    dir,
                    "cfg"))
        .hasMessage("cfg: clusters[0].cluster.insecure-skip-tls-verify must be true or false");
    assertThatThrownBy(() -> Kubeconfig.parse("- a\n- b\n", dir, "cfg"))
        .hasMessageContaining("cfg: a kubeconfig must be a YAML mapping");
    assertThatThrownBy(() -> Kubeconfig.parse("clusters: [\n", dir, "cfg"))
        .hasMessageContaining("cfg: not valid YAML");

    Kubeconfig dangling =
        Kubeconfig.parse(
            "contexts: [{name: a, context: {cluster: missing, user: u}}]\ncurrent-context: a",
            dir,
            "cfg");
    KubeconfigCredentialProvider provider = new KubeconfigCredentialProvider(dangling, clock);
    assertThatThrownBy(provider::connectCurrent)
        .hasMessageContaining("context \"a\" names cluster \"missing\"");
  }

  @Test
  void inProcessHandlerServesAwsEksGetTokenWithoutRunningTheCli() {
    Kubeconfig kubeconfig =
        Kubeconfig.parse(
            """
            clusters: [{name: c, cluster: {server: "https://x"}}]
            users:
            - name: u
              user:
                exec:
                  apiVersion: client.authentication.k8s.io/v1beta1
                  command: /definitely/not/installed/aws
                  args: [--region, eu-west-1, eks, get-token, --cluster-name, spoke-eu, --role-arn, "arn:aws:iam::1:role/r", --output, json]
            contexts: [{name: spoke, context: {cluster: c, user: u}}]
            """,
            dir,
            "inline");
    List<AwsEksGetToken> requests = new java.util.ArrayList<>();
    KubeconfigCredentialProvider provider =
        new KubeconfigCredentialProvider(kubeconfig, clock)
            .serving(
                InProcessExec.awsEksGetToken(
                    request -> {
                      requests.add(request);
                      return new StaticToken("k8s-aws-v1.abc");
                    }));
    ClusterConnection spoke = provider.connect("spoke").orElseThrow();
    assertThat(spoke.credentials().current().bearerToken()).contains("k8s-aws-v1.abc");
    assertThat(requests)
        .containsExactly(
            new AwsEksGetToken(
                "spoke-eu",
                Optional.of("arn:aws:iam::1:role/r"),
                Optional.of("eu-west-1"),
                Optional.empty()));
  }
}
