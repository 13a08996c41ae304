package dev.hubflow.testkit.junit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.hubflow.model.v1alpha1.Workflow;
import dev.hubflow.testkit.ClusterObjects;
import dev.hubflow.testkit.EmbeddedHubflow;
import dev.hubflow.testkit.PodRuntimeKind;
import dev.hubflow.testkit.apiserver.ApiServer;
import dev.hubflow.testkit.kubelet.ClientKubeletApi;
import dev.hubflow.testkit.kubelet.Kubelet;
import dev.hubflow.testkit.runtime.SimulatedRuntime;
import dev.hubflow.testkit.time.SystemScheduler;
import io.kubernetes.client.openapi.apis.CoreV1Api;
import io.kubernetes.client.openapi.models.V1Pod;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;

@HubflowTest(runtime = PodRuntimeKind.SIMULATED)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class HubflowExtensionIT {
  private static final Path HELLO = Path.of("..", "examples", "hello-world.yaml");

  static final String FAILING =
      """
      apiVersion: argoproj.io/v1alpha1
      kind: Workflow
      metadata: {generateName: fails-}
      spec:
        entrypoint: main
        templates:
        - name: main
          container: {image: argoproj/argosay:v2, args: [exit, "3"]}
      """;

  /** Names of the workflows earlier tests of this class submitted. */
  private static final List<String> submittedEarlier = new ArrayList<>();

  @Test
  void helloWorldFromAFileSucceedsAndItsPodCompletes(HubflowCluster cluster) {
    Workflow wf = cluster.submit(HELLO);
    submittedEarlier.add(wf.getMetadata().getName());

    Workflow done = cluster.awaitPhase(wf, "Succeeded");

    assertThat(done.getMetadata().getNamespace()).isEqualTo("argo");
    List<V1Pod> pods = cluster.awaitPods(wf, p -> p.size() == 1);
    assertThat(pods.get(0).getStatus().getPhase()).isEqualTo("Succeeded");
  }

  @Test
  void failingWorkflowFromYamlReachesFailedAndAwaitingSuccessFailsFast(HubflowCluster cluster) {
    Workflow wf = cluster.submit(FAILING);
    submittedEarlier.add(wf.getMetadata().getName());

    assertThat(cluster.awaitPhase(wf, "Failed").getStatus().getPhase()).isEqualTo("Failed");
    assertThatThrownBy(() -> cluster.awaitPhase(wf, "Succeeded"))
        .hasMessageContaining("finished in another phase than Succeeded");
  }

  @Test
  @Order(Integer.MAX_VALUE) // after the tests that submit workflows
  void eachTestGetsAFreshClusterWithoutEarlierWorkflows(HubflowCluster cluster) {
    assertThat(submittedEarlier).isNotEmpty();
    Workflow wf = cluster.submit(FAILING);
    for (String earlier : submittedEarlier) {
      assertThat(cluster.objects().workflow("argo", earlier)).isEmpty();
    }
    submittedEarlier.add(wf.getMetadata().getName());
  }

  @Test
  void kubeconfigAndClientReachTheClusterAndTheKubeletIsThere(HubflowCluster cluster)
      throws Exception {
    assertThat(cluster.isEmbedded()).isTrue();
    assertThat(cluster.kubelet().runtime().name()).isEqualTo("simulated");
    var viaKubeconfig = ClusterObjects.client(cluster.kubeconfig(), null);
    assertThat(new CoreV1Api(viaKubeconfig).readNamespace("argo", null).getMetadata().getName())
        .isEqualTo("argo");
    assertThat(new CoreV1Api(cluster.apiClient()).readNamespace("argo", null)).isNotNull();
  }

  @Test
  @HubflowTest(clusters = {"hub", "spoke-a"})
  void methodAnnotationGivesMoreClusters(HubflowCluster cluster) throws Exception {
    assertThat(cluster.name()).isEqualTo("hub");
    assertThat(cluster.server("spoke-a").isReachable()).isTrue();
  }

  @Test
  void setupObjectsAreAppliedToTheTestNamespace(HubflowCluster cluster) throws Exception {
    cluster.apply(
        """
        apiVersion: v1
        kind: ConfigMap
        metadata: {name: settings}
        data: {greeting: hi}
        """);
    assertThat(
            new CoreV1Api(cluster.apiClient())
                .readNamespacedConfigMap("settings", "argo", null)
                .getData())
        .containsEntry("greeting", "hi");
  }

  @Test
  void aWarmClusterStartsInUnderASecond() {
    // The first start in a JVM pays for class loading; measure one after it.
    EmbeddedHubflow.builder().runtime(PodRuntimeKind.SIMULATED).start().close();
    long t0 = System.nanoTime();
    try (EmbeddedHubflow hubflow =
        EmbeddedHubflow.builder().runtime(PodRuntimeKind.SIMULATED).start()) {
      long millis = (System.nanoTime() - t0) / 1_000_000;
      System.out.println("embedded cluster start-up: " + millis + " ms");
      assertThat(hubflow.hub().isReachable()).isTrue();
      assertThat(millis).isLessThan(1000);
    }
  }

  /** With HUBFLOW_KUBECONFIG set, no emulator is started: here the "real" one is another. */
  @Nested
  class AgainstARealCluster {
    static ApiServer server;
    static SystemScheduler scheduler;
    static Kubelet kubelet;

    @BeforeAll
    static void startOutsideCluster() throws Exception {
      server = ApiServer.builder("outside").start();
      scheduler = new SystemScheduler();
      kubelet =
          Kubelet.builder()
              .api(new ClientKubeletApi(server.apiClient()))
              .runtime(new SimulatedRuntime(scheduler))
              .scheduler(scheduler)
              .build()
              .start();
      Path kubeconfig = server.writeKubeconfig(Files.createTempFile("outside-", ".kubeconfig"));
      System.setProperty(HubflowExtension.KUBECONFIG, kubeconfig.toString());
    }

    @AfterAll
    static void stopOutsideCluster() {
      System.clearProperty(HubflowExtension.KUBECONFIG);
      kubelet.close();
      scheduler.close();
      server.close();
    }

    @Test
    void workflowRunsInAFreshNamespaceOfThatCluster(HubflowCluster cluster) {
      assertThat(cluster.isEmbedded()).isFalse();
      assertThat(cluster.namespace()).startsWith("argo-");
      assertThatThrownBy(cluster::kubelet).isInstanceOf(IllegalStateException.class);

      Workflow done = cluster.awaitPhase(cluster.submit(HELLO), "Succeeded");

      assertThat(done.getMetadata().getNamespace()).isEqualTo(cluster.namespace());
      assertThat(server.store().type("argoproj.io", "v1alpha1", "workflows")).isPresent();
    }
  }
}
