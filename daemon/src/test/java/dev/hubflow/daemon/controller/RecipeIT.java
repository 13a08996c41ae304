package dev.hubflow.daemon.controller;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.hubflow.core.cluster.Cluster;
import dev.hubflow.daemon.testing.LogCapture;
import dev.hubflow.model.v1alpha1.Workflow;
import dev.hubflow.testkit.apiserver.ApiServer;
import dev.hubflow.testkit.apiserver.KubeconfigUser;
import dev.hubflow.testkit.apiserver.auth.Authenticator;
import dev.hubflow.testkit.apiserver.auth.UserInfo;
import dev.hubflow.testkit.aws.AwsKeys;
import dev.hubflow.testkit.aws.EksAuthenticator;
import dev.hubflow.testkit.aws.EksTokenVerifier;
import dev.hubflow.testkit.aws.FakePodIdentityAgent;
import dev.hubflow.testkit.aws.FakeSts;
import io.kubernetes.client.openapi.models.V1ContainerStatus;
import io.kubernetes.client.openapi.models.V1Pod;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The hub-and-spoke recipe, every part real but AWS and the clusters: the controller in the hub
 * reaches the spoke with a kubeconfig whose user runs {@code aws eks get-token} (made in-process:
 * Pod Identity agent → AssumeRole into the spoke role → signed token the spoke's STS checks); a
 * user creates Argo's hello-world in the spoke with kubectl; it runs there and succeeds.
 */
class RecipeIT {
  static final String POD_ROLE = "arn:aws:iam::111122223333:role/hubflow-hub";
  static final String SPOKE_ROLE = "arn:aws:iam::222233334444:role/hubflow-spoke";

  @TempDir Path dir;
  final Set<String> tokensSeen = ConcurrentHashMap.newKeySet();
  LogCapture logs;
  FakeSts sts;
  FakePodIdentityAgent agent;
  ApiServer hubServer;
  Spoke spoke;
  Hub hub;
  List<String> secrets;

  @BeforeEach
  void start() throws IOException {
    logs = new LogCapture();
    sts = new FakeSts(java.time.Instant::now);
    AwsKeys podKeys = sts.createSessionKeys(POD_ROLE, "eks-pod-identity");
    Path tokenFile = Files.writeString(dir.resolve("pod-identity-token"), "pod-sa-token-recipe");
    agent = new FakePodIdentityAgent(tokenFile, podKeys);
    System.setProperty("aws.containerCredentialsFullUri", agent.fullUri());
    System.setProperty("aws.containerAuthorizationTokenFile", tokenFile.toString());
    System.setProperty("aws.disableEc2Metadata", "true");
    Authenticator eks =
        EksAuthenticator.mappingRoles(
            new EksTokenVerifier(sts.uri(), "spoke-eu"),
            Map.of(SPOKE_ROLE, new UserInfo("hubflow", List.of("system:masters"))));
    Authenticator recording =
        request -> {
          request.bearerToken().ifPresent(tokensSeen::add);
          return eks.authenticate(request);
        };
    spoke = new Spoke(ApiServer.builder("spoke-eu").https(true).authenticator(recording).start());
    hubServer = ApiServer.builder("hub").start();
    secrets =
        List.of(
            podKeys.secretAccessKey(),
            podKeys.sessionToken().orElseThrow(),
            "pod-sa-token-recipe",
            spoke.server.adminToken(),
            hubServer.adminToken());
  }

  @AfterEach
  void stop() {
    if (hub != null) {
      hub.close();
    }
    System.clearProperty("aws.containerCredentialsFullUri");
    System.clearProperty("aws.containerAuthorizationTokenFile");
    System.clearProperty("aws.disableEc2Metadata");
    spoke.close();
    hubServer.close();
    agent.close();
    sts.close();
    logs.close();
  }

  @Test
  void helloWorldCreatedInTheSpokeWithKubectlRunsThereThroughPodIdentityAndEksTokens()
      throws Exception {
    Path hubKubeconfig = hubServer.writeKubeconfig(dir.resolve("hub.kubeconfig"));
    Path spokeKubeconfig =
        spoke.server.writeKubeconfig(
            dir.resolve("spoke-eks.kubeconfig"),
            KubeconfigUser.exec(
                "aws",
                List.of(
                    "--region",
                    "eu-west-1",
                    "eks",
                    "get-token",
                    "--cluster-name",
                    "spoke-eu",
                    "--role-arn",
                    SPOKE_ROLE,
                    "--output",
                    "json"),
                Map.of()));
    hub =
        Controllers.start(
            "--kubeconfig", hubKubeconfig.toString(),
            "--spoke-kubeconfig", "spoke=" + spokeKubeconfig,
            "--sts-endpoint", sts.uri().toString(),
            "--region", "eu-west-1",
            "--health-port", "0",
            "--metrics-port", "0",
            "--probe-period", "PT0.2S");

    await()
        .atMost(Duration.ofSeconds(30))
        .until(() -> Controllers.get(hub.healthPort(), "/readyz").statusCode() == 200);

    // A user submits in the spoke with kubectl and the spoke's admin kubeconfig.
    Path userKubeconfig = spoke.server.writeKubeconfig(dir.resolve("user.kubeconfig"));
    Path example =
        Path.of(System.getProperty("hubflow.shared"), "argo/v3.7.18/examples/hello-world.yaml");
    Process kubectl =
        new ProcessBuilder(
                "/usr/bin/kubectl",
                "--kubeconfig",
                userKubeconfig.toString(),
                "-n",
                "default",
                "create",
                "-f",
                example.toString(),
                "-o",
                "name")
            .redirectErrorStream(true)
            .start();
    String out = new String(kubectl.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertThat(kubectl.waitFor()).as(out).isZero();
    String name = out.trim().substring(out.trim().lastIndexOf('/') + 1);

    Workflow done =
        await()
            .atMost(Duration.ofSeconds(60))
            .until(
                () -> Controllers.workflow(hub, "spoke", "default", name).orElse(null),
                w -> w != null && "Succeeded".equals(Controllers.phase(w)));
    assertThat(done.getStatus().getNodes()).hasSize(1);

    Cluster spokeCluster = Controllers.cluster(hub, "spoke");
    List<V1Pod> pods = spokeCluster.pods("default", name);
    assertThat(pods).hasSize(1);
    V1Pod pod = pods.get(0);
    await()
        .atMost(Duration.ofSeconds(10))
        .until(
            () ->
                spokeCluster.pods("default", name).get(0).getStatus().getContainerStatuses() != null
                    && spokeCluster
                        .pods("default", name)
                        .get(0)
                        .getStatus()
                        .getContainerStatuses()
                        .stream()
                        .allMatch(s -> s.getState().getTerminated() != null));
    pod = spokeCluster.pods("default", name).get(0);
    assertThat(pod.getStatus().getPhase()).isEqualTo("Succeeded");
    assertThat(pod.getStatus().getContainerStatuses())
        .extracting(V1ContainerStatus::getName)
        .containsExactlyInAnyOrder("wait", "main");
    assertThat(pod.getStatus().getContainerStatuses())
        .allMatch(s -> "Completed".equals(s.getState().getTerminated().getReason()));
    assertThat(pod.getMetadata().getOwnerReferences())
        .extracting(r -> r.getKind())
        .containsExactly("Workflow");
    assertThat(spoke.podCreations.values()).allMatch(n -> n.get() == 1);

    // The spoke saw EKS tokens only: every request of the controller was authenticated by STS.
    assertThat(tokensSeen).anyMatch(t -> t.startsWith("k8s-aws-v1."));
    assertThat(sts.assumeRoleCalls()).isNotEmpty();

    String ready = Controllers.get(hub.healthPort(), "/readyz").body();
    assertThat(ready).contains("\"spoke\":{\"connected\":true,\"synced\":true}");
    String metrics = Controllers.get(hub.metricsPort(), "/metrics").body();
    assertThat(metrics).contains("hubflow_cluster_connected{cluster=\"spoke\"} 1.0");
    assertThat(metrics).contains("argo_workflows_count{status=\"Succeeded\"} 1.0");

    hub.close();
    hub = null;
    NoSecretsLogged.check(logs, secrets, tokensSeen);
  }

  @Test
  void spokeRegisteredByASecretWithAwsAuthConfigRunsHubSubmittedWorkflows() throws Exception {
    Fixtures.namespace(hubServer.apiClient(), "hubflow");
    String ca =
        java.util.Base64.getEncoder()
            .encodeToString(
                spoke
                    .server
                    .certificateAuthority()
                    .certificatePem()
                    .getBytes(StandardCharsets.UTF_8));
    Fixtures.createSecret(
        hubServer.apiClient(),
        Fixtures.registration(
            "spoke-eu",
            "spoke",
            spoke.server,
            "{\"awsAuthConfig\": {\"clusterName\": \"spoke-eu\", \"roleARN\": \""
                + SPOKE_ROLE
                + "\"}, \"tlsClientConfig\": {\"caData\": \""
                + ca
                + "\"}}"));
    hub =
        Controllers.start(
            "--kubeconfig", hubServer.writeKubeconfig(dir.resolve("hub.kubeconfig")).toString(),
            "--cluster-secrets-namespace", "hubflow",
            "--sts-endpoint", sts.uri().toString(),
            "--region", "eu-west-1",
            "--probe-period", "PT0.2S");
    await()
        .atMost(Duration.ofSeconds(30))
        .until(
            () ->
                hub.controller()
                    .flatMap(c -> c.cluster("spoke"))
                    .map(c -> c.synced() && c.connected())
                    .orElse(false));

    Workflow submitted = Fixtures.sleeper("from-hub-", "1s");
    submitted.getMetadata().putAnnotationsItem("workflows.hubflow.dev/cluster", "spoke");
    String name = Fixtures.create(hubServer.apiClient(), submitted).getMetadata().getName();
    await()
        .atMost(Duration.ofSeconds(60))
        .until(
            () ->
                Controllers.workflow(hub, "hub", "default", name)
                    .map(Controllers::phase)
                    .orElse("")
                    .equals("Succeeded"));
    assertThat(spoke.podCreations).hasSize(1);
    assertThat(tokensSeen).anyMatch(t -> t.startsWith("k8s-aws-v1."));
    assertThat(sts.assumeRoleCalls()).isNotEmpty();

    hub.close();
    hub = null;
    NoSecretsLogged.check(logs, secrets, tokensSeen);
  }
}
