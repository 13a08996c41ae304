package dev.hubflow.daemon.eks;

import static org.assertj.core.api.Assertions.assertThat;

import dev.hubflow.core.cluster.credentials.ClusterApiClient;
import dev.hubflow.core.cluster.credentials.Kubeconfig;
import dev.hubflow.core.cluster.credentials.KubeconfigCredentialProvider;
import dev.hubflow.core.cluster.credentials.StaticToken;
import dev.hubflow.core.spi.Clock;
import dev.hubflow.core.spi.ClusterConnection;
import dev.hubflow.daemon.testing.LogCapture;
import dev.hubflow.testkit.apiserver.ApiServer;
import dev.hubflow.testkit.apiserver.auth.UserInfo;
import dev.hubflow.testkit.aws.AwsKeys;
import dev.hubflow.testkit.aws.EksAuthenticator;
import dev.hubflow.testkit.aws.EksTokenVerifier;
import dev.hubflow.testkit.aws.FakeEks;
import dev.hubflow.testkit.aws.FakePodIdentityAgent;
import dev.hubflow.testkit.aws.FakeSts;
import io.kubernetes.client.openapi.ApiClient;
import io.kubernetes.client.openapi.ApiException;
import io.kubernetes.client.openapi.apis.CoreV1Api;
import io.kubernetes.client.openapi.models.V1ConfigMap;
import io.kubernetes.client.openapi.models.V1ObjectMeta;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.auth.credentials.DefaultCredentialsProvider;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;

/**
 * The hub reaching a spoke the way it does on AWS, every part real except AWS itself: Pod Identity
 * agent → AssumeRole into the spoke role → DescribeCluster → token → the spoke's API server
 * (emulator) accepts it because its STS does; tampered or expired tokens get 401, and client-java
 * heals from an expired token by itself.
 */
class EksSpokeIT {
  static final String POD_ROLE = "arn:aws:iam::111122223333:role/hubflow-hub";
  static final String SPOKE_ROLE = "arn:aws:iam::222233334444:role/hubflow-spoke";

  @TempDir Path dir;
  final AtomicReference<Instant> now =
      new AtomicReference<>(Instant.now().truncatedTo(ChronoUnit.SECONDS));
  final Clock clock = now::get;
  final List<String> secrets = new ArrayList<>();
  FakeSts sts;
  FakeEks eks;
  FakePodIdentityAgent agent;
  ApiServer spoke;
  EksAccess access;
  LogCapture logs;

  @BeforeEach
  void start() throws Exception {
    logs = new LogCapture();
    sts = new FakeSts(clock);
    AwsKeys podKeys = sts.createSessionKeys(POD_ROLE, "eks-pod-identity");
    Path tokenFile = Files.writeString(dir.resolve("pod-identity-token"), "pod-sa-token-abc");
    agent = new FakePodIdentityAgent(tokenFile, podKeys);
    secrets.addAll(
        List.of(
            podKeys.secretAccessKey(), podKeys.sessionToken().orElseThrow(), "pod-sa-token-abc"));
    spoke =
        ApiServer.builder("spoke-eu")
            .https(true)
            .authenticator(
                EksAuthenticator.mappingRoles(
                    new EksTokenVerifier(sts.uri(), "spoke-eu"),
                    Map.of(SPOKE_ROLE, new UserInfo("hubflow", List.of("system:masters")))))
            .start();
    eks = new FakeEks(sts.keyring());
    eks.addCluster("spoke-eu", spoke.url(), spoke.certificateAuthority().certificatePem());
    System.setProperty("aws.containerCredentialsFullUri", agent.fullUri());
    System.setProperty("aws.containerAuthorizationTokenFile", tokenFile.toString());
    System.setProperty("aws.disableEc2Metadata", "true");
    access =
        new EksAccess(
            EksSettings.defaults()
                .withStsEndpoint(sts.uri())
                .withEksEndpoint(eks.uri())
                .withDefaultRegion("eu-west-1"),
            DefaultCredentialsProvider.builder().build(),
            clock,
            UrlConnectionHttpClient.create());
  }

  @AfterEach
  void stop() {
    System.clearProperty("aws.containerCredentialsFullUri");
    System.clearProperty("aws.containerAuthorizationTokenFile");
    System.clearProperty("aws.disableEc2Metadata");
    access.close();
    spoke.close();
    eks.close();
    agent.close();
    sts.close();
    logs.close();
  }

  static List<String> namespaces(ApiClient client) throws ApiException {
    return new CoreV1Api(client)
            .listNamespace(null, null, null, null, null, null, null, null, null, null, null)
            .getItems()
            .stream()
            .map(n -> n.getMetadata().getName())
            .toList();
  }

  int statusWith(String token, ClusterConnection like) {
    try {
      namespaces(
          ClusterApiClient.create(
              new ClusterConnection(
                  like.name(),
                  like.server(),
                  like.caCertificatePem(),
                  false,
                  new StaticToken(token))));
      return 200;
    } catch (ApiException e) {
      return e.getCode();
    }
  }

  @Test
  void hubReachesTheSpokeThroughPodIdentityAssumeRoleAndDescribeCluster() throws Exception {
    EksCluster cluster =
        new EksCluster(
            "spoke",
            "spoke-eu",
            Optional.of("eu-west-1"),
            Optional.of(SPOKE_ROLE),
            Optional.empty(),
            Optional.empty(),
            Optional.empty());
    ClusterConnection connection = access.connect(cluster);
    assertThat(connection.server()).isEqualTo(spoke.url());
    ApiClient client = ClusterApiClient.create(connection);

    assertThat(namespaces(client)).contains("default");
    new CoreV1Api(client)
        .createNamespacedConfigMap(
            "default",
            new V1ConfigMap().metadata(new V1ObjectMeta().name("from-hub")).putDataItem("k", "v"),
            null,
            null,
            null,
            null);
    assertThat(
            spoke
                .store()
                .find(
                    spoke.store().type("", "v1", "configmaps").orElseThrow(),
                    "default",
                    "from-hub"))
        .isPresent();
    String first = connection.credentials().current().bearerToken().orElseThrow();
    secrets.add(first);

    // A tampered token (one signature digit changed) and the same token expired: 401.
    String url =
        new String(
            Base64.getUrlDecoder().decode(first.substring("k8s-aws-v1.".length())),
            StandardCharsets.UTF_8);
    int at = url.indexOf("X-Amz-Signature=") + "X-Amz-Signature=".length();
    String flipped =
        url.substring(0, at) + (url.charAt(at) == '0' ? '1' : '0') + url.substring(at + 1);
    String tampered =
        "k8s-aws-v1."
            + Base64.getUrlEncoder()
                .withoutPadding()
                .encodeToString(flipped.getBytes(StandardCharsets.UTF_8));
    assertThat(statusWith(tampered, connection)).isEqualTo(401);
    assertThat(statusWith(first, connection)).isEqualTo(200);

    now.set(now.get().plusSeconds(61));
    assertThat(statusWith(first, connection)).isEqualTo(401);

    // The same ApiClient heals: its cached token is refused, it is invalidated and re-minted.
    assertThat(namespaces(client)).contains("default");
    String second = connection.credentials().current().bearerToken().orElseThrow();
    secrets.add(second);
    assertThat(second).isNotEqualTo(first);
    assertThat(sts.assumeRoleCalls()).hasSize(1);
    assertThat(eks.describeCalls()).hasSize(1);

    assertNoSecretLogged();
  }

  @Test
  void seedModeKubeconfigWithAwsEksGetTokenWorksWithoutTheAwsCli() throws Exception {
    Path kubeconfig = dir.resolve("spoke.kubeconfig");
    Files.writeString(
        kubeconfig,
        """
        apiVersion: v1
        kind: Config
        clusters:
        - name: spoke-eu
          cluster:
            server: %s
            certificate-authority-data: %s
        users:
        - name: spoke-eu
          user:
            exec:
              apiVersion: client.authentication.k8s.io/v1beta1
              command: aws
              args: [--region, eu-west-1, eks, get-token, --cluster-name, spoke-eu, --role-arn, %s, --output, json]
        contexts:
        - name: spoke-eu
          context: {cluster: spoke-eu, user: spoke-eu}
        current-context: spoke-eu
        """
            .formatted(
                spoke.url(),
                Base64.getEncoder()
                    .encodeToString(
                        spoke
                            .certificateAuthority()
                            .certificatePem()
                            .getBytes(StandardCharsets.UTF_8)),
                SPOKE_ROLE));
    ClusterConnection connection =
        new KubeconfigCredentialProvider(Kubeconfig.load(kubeconfig), clock)
            .serving(access.awsEksGetToken())
            .connectCurrent();
    assertThat(namespaces(ClusterApiClient.create(connection))).contains("default");
    secrets.add(connection.credentials().current().bearerToken().orElseThrow());
    assertNoSecretLogged();
  }

  void assertNoSecretLogged() {
    List<String> lines = logs.lines();
    assertThat(lines).isNotEmpty();
    for (String secret : secrets) {
      assertThat(lines).noneMatch(line -> line.contains(secret));
    }
    assertThat(lines).noneMatch(line -> line.contains("k8s-aws-v1."));
  }
}
