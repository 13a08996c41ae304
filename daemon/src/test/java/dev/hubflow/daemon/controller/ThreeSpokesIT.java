package dev.hubflow.daemon.controller;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.hubflow.daemon.testing.LogCapture;
import dev.hubflow.model.Codec;
import dev.hubflow.model.v1alpha1.Workflow;
import dev.hubflow.testkit.apiserver.ApiServer;
import dev.hubflow.testkit.apiserver.store.ResourceStore;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * One controller, three spokes: {@code a} from a kubeconfig flag, {@code c} from a Secret at start,
 * {@code b} from a Secret created while running. While {@code c} is out of reach the others run at
 * full speed and {@code c}'s running workflow is held, not failed; when {@code c} is back its
 * workflows finish. No pod is ever created twice.
 */
class ThreeSpokesIT {
  @TempDir Path dir;
  LogCapture logs;
  ApiServer hubServer;
  Spoke a;
  Spoke b;
  Spoke c;
  Hub hub;

  @BeforeEach
  void start() throws Exception {
    logs = new LogCapture();
    hubServer = ApiServer.builder("hub").start();
    a = new Spoke(ApiServer.builder("a").start());
    b = new Spoke(ApiServer.builder("b").start());
    c = new Spoke(ApiServer.builder("c").https(true).start());
    Fixtures.namespace(hubServer.apiClient(), "hubflow");
  }

  @AfterEach
  void stop() {
    if (hub != null) {
      hub.close();
    }
    a.close();
    b.close();
    c.close();
    hubServer.close();
    logs.close();
  }

  @Test
  void spokesComeAndGoWhileOthersRunAndNoWorkflowIsFailedOrDuplicated() throws Exception {
    String cConfig = Fixtures.tokenConfig(c.server);
    Fixtures.createSecret(
        hubServer.apiClient(), Fixtures.registration("cluster-c", "c", c.server, cConfig));
    hub =
        Controllers.start(
            "--kubeconfig", hubServer.writeKubeconfig(dir.resolve("hub.kubeconfig")).toString(),
            "--spoke-kubeconfig", "a=" + a.server.writeKubeconfig(dir.resolve("a.kubeconfig")),
            "--cluster-secrets-namespace", "hubflow",
            "--namespace", "default",
            "--health-port", "0",
            "--metrics-port", "0",
            "--probe-period", "PT0.2S");
    await().atMost(Duration.ofSeconds(30)).until(() -> synced("a") && synced("c"));

    // c's workflow is running when c goes away.
    String inC =
        Fixtures.create(c.server.apiClient(), Fixtures.sleeper("in-c-", "4s"))
            .getMetadata()
            .getName();
    await()
        .atMost(Duration.ofSeconds(20))
        .until(() -> "Running".equals(phase("c", inC)) && !c.podCreations.isEmpty());
    c.server.faults().unreachable();
    await()
        .atMost(Duration.ofSeconds(10))
        .until(
            () ->
                Controllers.get(hub.healthPort(), "/readyz")
                    .body()
                    .contains("\"c\":{\"connected\":false"));
    assertThat(Controllers.get(hub.healthPort(), "/readyz").statusCode()).isEqualTo(200);
    assertThat(Controllers.get(hub.metricsPort(), "/metrics").body())
        .contains("hubflow_cluster_connected{cluster=\"c\"} 0.0");
    await()
        .atMost(Duration.ofSeconds(10))
        .until(
            () ->
                Fixtures.events(hubServer.apiClient(), "cluster-c").stream()
                    .anyMatch(e -> "ClusterUnreachable".equals(e.getReason())));

    // Meanwhile: b is registered at run time, and a and b run workflows at full speed.
    String bConfig = Fixtures.tokenConfig(b.server);
    Fixtures.createSecret(
        hubServer.apiClient(), Fixtures.registration("cluster-b", "b", b.server, bConfig));
    await().atMost(Duration.ofSeconds(30)).until(() -> synced("b"));
    String inA =
        Fixtures.create(a.server.apiClient(), Fixtures.sleeper("in-a-", "1s"))
            .getMetadata()
            .getName();
    String inB =
        Fixtures.create(b.server.apiClient(), Fixtures.sleeper("in-b-", "1s"))
            .getMetadata()
            .getName();
    // One created in c while it is away (straight into its store): picked up when c is back.
    Workflow late = Fixtures.sleeper("late-c-", "1s");
    late.getMetadata().setGenerateName(null);
    late.getMetadata().setName("late-c");
    ResourceStore cStore = c.server.store();
    cStore.create(
        cStore.type("argoproj.io", "v1alpha1", "workflows").orElseThrow(),
        "default",
        Codec.toTree(late).getAsJsonObject());
    await()
        .atMost(Duration.ofSeconds(30))
        .until(() -> "Succeeded".equals(phase("a", inA)) && "Succeeded".equals(phase("b", inB)));
    // c's running workflow was held, not failed for its pod "vanishing".
    assertThat(phase("c", inC)).isEqualTo("Running");

    c.server.faults().reachable();
    await()
        .atMost(Duration.ofSeconds(60))
        .until(
            () -> "Succeeded".equals(phase("c", inC)) && "Succeeded".equals(phase("c", "late-c")));
    assertThat(Controllers.get(hub.metricsPort(), "/metrics").body())
        .contains("hubflow_cluster_connected{cluster=\"c\"} 1.0");

    for (Spoke spoke : List.of(a, b, c)) {
      assertThat(spoke.podCreations.values()).allMatch(n -> n.get() == 1);
    }
    assertThat(a.podCreations).hasSize(1);
    assertThat(b.podCreations).hasSize(1);
    assertThat(c.podCreations).hasSize(2);

    // Removing b's Secret stops b and nothing else.
    new io.kubernetes.client.openapi.apis.CoreV1Api(hubServer.apiClient())
        .deleteNamespacedSecret("cluster-b", "hubflow", null, null, null, null, null, null, null);
    await()
        .atMost(Duration.ofSeconds(10))
        .until(() -> hub.controller().orElseThrow().cluster("b").isEmpty());
    assertThat(synced("a") && synced("c")).isTrue();

    hub.close();
    hub = null;
    NoSecretsLogged.check(
        logs,
        List.of(
            a.server.adminToken(),
            b.server.adminToken(),
            c.server.adminToken(),
            hubServer.adminToken(),
            cConfig,
            bConfig),
        List.of());
  }

  private boolean synced(String cluster) {
    return hub.controller()
        .flatMap(ctl -> ctl.cluster(cluster))
        .map(cl -> cl.synced() && cl.connected())
        .orElse(false);
  }

  private String phase(String cluster, String name) {
    return Controllers.workflow(hub, cluster, "default", name).map(Controllers::phase).orElse("");
  }
}
