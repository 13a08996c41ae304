package dev.hubflow.daemon.eks;

import static org.assertj.core.api.Assertions.assertThat;

import dev.hubflow.core.cluster.credentials.Kubeconfig;
import dev.hubflow.core.cluster.credentials.KubeconfigCredentialProvider;
import dev.hubflow.core.spi.Clock;
import dev.hubflow.core.spi.ClusterConnection;
import dev.hubflow.core.spi.Credentials;
import dev.hubflow.daemon.testing.LogCapture;
import dev.hubflow.testkit.aws.AwsKeys;
import dev.hubflow.testkit.aws.EksTokenVerifier;
import dev.hubflow.testkit.aws.FakeEks;
import dev.hubflow.testkit.aws.FakePodIdentityAgent;
import dev.hubflow.testkit.aws.FakeSts;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;

/**
 * The whole EKS credential chain against the testkit fakes: the SDK's default chain finds the Pod
 * Identity agent, AssumeRole goes into the spoke's role, tokens made from those keys pass the
 * authenticator's STS check, DescribeCluster supplies endpoint and CA — and nothing secret is
 * logged on the way.
 */
class EksChainIT {
  static final String POD_ROLE = "arn:aws:iam::111122223333:role/hubflow-hub";
  static final String SPOKE_ROLE = "arn:aws:iam::222233334444:role/hubflow-spoke";
  static final String SPOKE_ARN = "arn:aws:sts::222233334444:assumed-role/hubflow-spoke/hubflow";
  static final String CA = "-----BEGIN CERTIFICATE-----\nMIIBspoke\n-----END CERTIFICATE-----\n";

  @TempDir Path dir;
  final AtomicReference<Instant> now =
      new AtomicReference<>(Instant.now().truncatedTo(ChronoUnit.SECONDS));
  final Clock clock = now::get;
  final List<String> secrets = new ArrayList<>();
  FakeSts sts;
  FakeEks eks;
  FakePodIdentityAgent agent;
  EksAccess access;
  LogCapture logs;

  @BeforeEach
  void start() throws Exception {
    logs = new LogCapture();
    sts = new FakeSts(clock);
    sts.requireExternalId(SPOKE_ROLE, "hub-123");
    eks = new FakeEks(sts.keyring());
    eks.addCluster("spoke-eu", "https://spoke-eu.example:443", CA);
    AwsKeys podKeys = sts.createSessionKeys(POD_ROLE, "eks-pod-identity");
    Path tokenFile = Files.writeString(dir.resolve("eks-pod-identity-token"), "pod-sa-token-xyz");
    agent = new FakePodIdentityAgent(tokenFile, podKeys);
    secrets.add(podKeys.secretAccessKey());
    secrets.add(podKeys.sessionToken().orElseThrow());
    secrets.add("pod-sa-token-xyz");
    // What EKS Pod Identity injects into the pod, as the SDK's system-property equivalents.
    System.setProperty("aws.containerCredentialsFullUri", agent.fullUri());
    System.setProperty("aws.containerAuthorizationTokenFile", tokenFile.toString());
    System.setProperty("aws.disableEc2Metadata", "true");
    access =
        new EksAccess(
            EksSettings.defaults()
                .withStsEndpoint(sts.uri())
                .withEksEndpoint(eks.uri())
                .withDefaultRegion("eu-west-1"),
            software.amazon.awssdk.auth.credentials.DefaultCredentialsProvider.builder().build(),
            clock,
            UrlConnectionHttpClient.create());
  }

  @AfterEach
  void stop() {
    System.clearProperty("aws.containerCredentialsFullUri");
    System.clearProperty("aws.containerAuthorizationTokenFile");
    System.clearProperty("aws.disableEc2Metadata");
    access.close();
    agent.close();
    eks.close();
    sts.close();
    logs.close();
  }

  EksCluster spoke() {
    return new EksCluster(
        "spoke",
        "spoke-eu",
        Optional.empty(),
        Optional.of(SPOKE_ROLE),
        Optional.of("hub-123"),
        Optional.empty(),
        Optional.empty());
  }

  @Test
  void podIdentityThenAssumeRoleGivesTokensTheAuthenticatorAccepts() {
    ClusterConnection connection = access.connect(spoke());
    assertThat(connection.server()).isEqualTo("https://spoke-eu.example:443");
    assertThat(connection.caCertificatePem()).contains(CA);

    Credentials credentials = connection.credentials().current();
    String token = credentials.bearerToken().orElseThrow();
    secrets.add(token);
    assertThat(credentials.expiresAt()).contains(now.get().plus(Duration.ofMinutes(14)));
    assertThat(new EksTokenVerifier(sts.uri(), "spoke-eu").verify(token)).contains(SPOKE_ARN);
    assertThat(new EksTokenVerifier(sts.uri(), "other-cluster").verify(token)).isEmpty();

    assertThat(agent.served()).isGreaterThanOrEqualTo(1);
    assertThat(agent.refused()).isZero();
    assertThat(sts.assumeRoleCalls())
        .singleElement()
        .satisfies(
            call -> {
              assertThat(call.callerArn())
                  .isEqualTo("arn:aws:sts::111122223333:assumed-role/hubflow-hub/eks-pod-identity");
              assertThat(call.roleArn()).isEqualTo(SPOKE_ROLE);
              assertThat(call.sessionName()).isEqualTo("hubflow");
              assertThat(call.externalId()).contains("hub-123");
            });
    // DescribeCluster ran once, as the spoke role, and is cached.
    access.connect(spoke());
    assertThat(eks.describeCalls()).containsExactly(SPOKE_ARN + " spoke-eu");

    assertNoSecretLogged();
  }

  @Test
  void tokensAreCachedAndRefreshedAMinuteBeforeTheirReportedExpiry() {
    var source = access.tokens(spoke());
    String first = source.current().bearerToken().orElseThrow();
    now.set(now.get().plus(Duration.ofMinutes(12)).plusSeconds(59));
    assertThat(source.current().bearerToken()).contains(first);
    now.set(now.get().plusSeconds(1));
    String second = source.current().bearerToken().orElseThrow();
    assertThat(second).isNotEqualTo(first);
    assertThat(new EksTokenVerifier(sts.uri(), "spoke-eu").verify(second)).contains(SPOKE_ARN);
    // A presigned URL lives 60 s at this STS: the first token is long dead.
    assertThat(new EksTokenVerifier(sts.uri(), "spoke-eu").check(first).reason())
        .contains("expired");
    // SigV4 is deterministic: a second later, a forced refresh gives a different token.
    now.set(now.get().plusSeconds(1));
    assertThat(source.current().bearerToken()).as("still cached").contains(second);
    source.invalidate();
    assertThat(source.current().bearerToken()).isNotEqualTo(Optional.of(second));
    secrets.add(first);
    secrets.add(second);
    assertNoSecretLogged();
  }

  @Test
  void podIdentityAgentRefusesAWrongServiceAccountToken() throws Exception {
    Files.writeString(dir.resolve("eks-pod-identity-token"), "pod-sa-token-xyz");
    Path wrong = Files.writeString(dir.resolve("wrong-token"), "not-the-token");
    System.setProperty("aws.containerAuthorizationTokenFile", wrong.toString());
    try (EksAccess other =
        new EksAccess(
            EksSettings.defaults().withStsEndpoint(sts.uri()).withDefaultRegion("eu-west-1"),
            software.amazon.awssdk.auth.credentials.DefaultCredentialsProvider.builder().build(),
            clock,
            UrlConnectionHttpClient.create())) {
      var source = other.tokens(EksCluster.named("spoke-eu"));
      org.assertj.core.api.Assertions.assertThatThrownBy(source::current)
          .hasMessageContaining("EKS cluster spoke-eu: cannot get AWS credentials");
    }
    assertThat(agent.refused()).isPositive();
  }

  @Test
  void kubeconfigAwsEksGetTokenEntryIsServedInProcessWithoutTheAwsCli() {
    Kubeconfig kubeconfig =
        Kubeconfig.parse(
            """
            clusters:
            - name: arn:aws:eks:eu-west-1:222233334444:cluster/spoke-eu
              cluster: {server: "https://spoke-eu.example", certificate-authority-data: %s}
            users:
            - name: spoke
              user:
                exec:
                  apiVersion: client.authentication.k8s.io/v1beta1
                  command: aws
                  args: [--region, eu-west-1, eks, get-token, --cluster-name, spoke-eu, --output, json]
            contexts:
            - name: spoke
              context: {cluster: "arn:aws:eks:eu-west-1:222233334444:cluster/spoke-eu", user: spoke}
            current-context: spoke
            """
                .formatted(
                    java.util.Base64.getEncoder()
                        .encodeToString(CA.getBytes(java.nio.charset.StandardCharsets.UTF_8))),
            dir,
            "kubeconfig");
    ClusterConnection connection =
        new KubeconfigCredentialProvider(kubeconfig, clock)
            .serving(access.awsEksGetToken())
            .connectCurrent();
    String token = connection.credentials().current().bearerToken().orElseThrow();
    secrets.add(token);
    // No role in the entry: the token is the pod's own identity.
    assertThat(new EksTokenVerifier(sts.uri(), "spoke-eu").verify(token))
        .contains("arn:aws:sts::111122223333:assumed-role/hubflow-hub/eks-pod-identity");
    assertNoSecretLogged();
  }

  @Test
  void providerUsesConfiguredEndpointWithoutDescribeClusterAndForgetsUnregisteredClusters() {
    EksCredentialProvider provider = new EksCredentialProvider(access);
    EksCluster configured =
        new EksCluster(
            "spoke",
            "spoke-eu",
            Optional.of("eu-west-1"),
            Optional.of(SPOKE_ROLE),
            Optional.of("hub-123"),
            Optional.of("https://configured.example"),
            Optional.of(CA));
    provider.register(configured);
    ClusterConnection connection = provider.connect("spoke").orElseThrow();
    assertThat(connection.server()).isEqualTo("https://configured.example");
    assertThat(connection.caCertificatePem()).contains(CA);
    String token = connection.credentials().current().bearerToken().orElseThrow();
    secrets.add(token);
    assertThat(new EksTokenVerifier(sts.uri(), "spoke-eu").verify(token)).contains(SPOKE_ARN);
    assertThat(eks.describeCalls()).isEmpty();
    assertThat(provider.connect("other")).isEmpty();
    provider.unregister("spoke");
    assertThat(provider.connect("spoke")).isEmpty();
    assertNoSecretLogged();
  }

  void assertNoSecretLogged() {
    List<String> lines = logs.lines();
    assertThat(lines).as("the chain logs something, so the check is real").isNotEmpty();
    for (String secret : secrets) {
      assertThat(lines).noneMatch(line -> line.contains(secret));
    }
    assertThat(lines).noneMatch(line -> line.contains("k8s-aws-v1."));
    assertThat(lines).noneMatch(line -> line.toLowerCase().contains("secretaccesskey\":"));
  }
}
