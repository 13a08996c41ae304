package dev.hubflow.daemon.controller;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.hubflow.core.cluster.Cluster;
import dev.hubflow.daemon.testing.LogCapture;
import dev.hubflow.model.v1alpha1.Workflow;
import dev.hubflow.testkit.apiserver.ApiServer;
import dev.hubflow.testkit.apiserver.store.ListOptions;
import dev.hubflow.testkit.apiserver.store.ResourceStore;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A workflow submitted to the hub with {@code workflows.hubflow.dev/cluster} runs its pod in the
 * spoke registered by a Secret, keeps its status in the hub, and leaves nothing in the spoke.
 */
class HubSubmittedIT {
  @TempDir Path dir;
  LogCapture logs;
  ApiServer hubServer;
  Spoke spoke;
  Hub hub;

  @BeforeEach
  void start() throws Exception {
    logs = new LogCapture();
    hubServer = ApiServer.builder("hub").start();
    spoke = new Spoke(ApiServer.builder("spoke-a").https(true).start());
    Fixtures.namespace(hubServer.apiClient(), "hubflow");
  }

  @AfterEach
  void stop() {
    if (hub != null) {
      hub.close();
    }
    spoke.close();
    hubServer.close();
    logs.close();
  }

  @Test
  void hubWorkflowRunsItsPodInTheSpokeKeepsStatusInTheHubAndCleansTheSpokeUp() throws Exception {
    String config = Fixtures.tokenConfig(spoke.server);
    Fixtures.createSecret(
        hubServer.apiClient(), Fixtures.registration("spoke-a", "spoke-a", spoke.server, config));
    // A broken registration is reported on its Secret and disturbs nothing else.
    Fixtures.createSecret(
        hubServer.apiClient(),
        Fixtures.registration("broken", "broken", spoke.server, "{\"bearerToken\": \"s3cr3t-x"));
    hub =
        Controllers.start(
            "--kubeconfig", hubServer.writeKubeconfig(dir.resolve("hub.kubeconfig")).toString(),
            "--cluster-secrets-namespace", "hubflow",
            "--probe-period", "PT0.2S");
    await()
        .atMost(Duration.ofSeconds(30))
        .until(
            () ->
                hub.controller()
                    .flatMap(c -> c.cluster("spoke-a"))
                    .map(Cluster::synced)
                    .orElse(false));
    await()
        .atMost(Duration.ofSeconds(10))
        .until(() -> !Fixtures.events(hubServer.apiClient(), "broken").isEmpty());
    assertThat(Fixtures.events(hubServer.apiClient(), "broken").get(0).getReason())
        .isEqualTo("InvalidClusterSecret");
    assertThat(hub.controller().orElseThrow().cluster("broken")).isEmpty();

    Workflow submitted = Fixtures.sleeper("to-spoke-", "1s");
    submitted.getMetadata().putAnnotationsItem("workflows.hubflow.dev/cluster", "spoke-a");
    submitted.getMetadata().putAnnotationsItem("workflows.hubflow.dev/namespace", "default");
    Workflow created = Fixtures.create(hubServer.apiClient(), submitted);
    String name = created.getMetadata().getName();

    Workflow done =
        await()
            .atMost(Duration.ofSeconds(60))
            .until(
                () -> Controllers.workflow(hub, "hub", "default", name).orElse(null),
                w -> w != null && "Succeeded".equals(Controllers.phase(w)));
    assertThat(done.getStatus().getNodes()).hasSize(1);

    // The pod ran in the spoke (once, without an ownerReference to a workflow it cannot see).
    assertThat(spoke.podCreations).hasSize(1);
    assertThat(spoke.podCreations.values()).allMatch(n -> n.get() == 1);
    assertThat(spoke.ownerless).containsAll(spoke.podCreations.keySet());
    ResourceStore hubStore = hubServer.store();
    assertThat(
            hubStore
                .list(hubStore.type("", "v1", "pods").orElseThrow(), null, ListOptions.all())
                .items())
        .isEmpty();
    // Nothing is left behind in the spoke.
    ResourceStore store = spoke.server.store();
    await()
        .atMost(Duration.ofSeconds(20))
        .until(
            () ->
                store
                        .list(store.type("", "v1", "pods").orElseThrow(), null, ListOptions.all())
                        .items()
                        .isEmpty()
                    && store
                        .list(
                            store
                                .type("argoproj.io", "v1alpha1", "workflowtaskresults")
                                .orElseThrow(),
                            null,
                            ListOptions.all())
                        .items()
                        .isEmpty());
    assertThat(
            store
                .list(
                    store.type("argoproj.io", "v1alpha1", "workflows").orElseThrow(),
                    null,
                    ListOptions.all())
                .items())
        .isEmpty();

    hub.close();
    hub = null;
    NoSecretsLogged.check(
        logs,
        List.of(spoke.server.adminToken(), hubServer.adminToken(), "s3cr3t-x", config),
        List.of());
  }

  @Test
  void aHubWorkflowForASpokeNotRegisteredYetSaysWhatItWaitsForThenRunsOnceItIs() throws Exception {
    hub =
        Controllers.start(
            "--kubeconfig", hubServer.writeKubeconfig(dir.resolve("hub.kubeconfig")).toString(),
            "--cluster-secrets-namespace", "hubflow",
            "--probe-period", "PT0.2S");
    Workflow submitted = Fixtures.sleeper("later-", "1s");
    submitted.getMetadata().putAnnotationsItem("workflows.hubflow.dev/cluster", "spoke-a");
    submitted.getMetadata().putAnnotationsItem("workflows.hubflow.dev/namespace", "default");
    String name = Fixtures.create(hubServer.apiClient(), submitted).getMetadata().getName();

    await()
        .atMost(Duration.ofSeconds(20))
        .until(() -> !Fixtures.events(hubServer.apiClient(), "default", name).isEmpty());
    var event = Fixtures.events(hubServer.apiClient(), "default", name).get(0);
    assertThat(event.getType()).isEqualTo("Warning");
    assertThat(event.getReason()).isEqualTo("WaitingForCluster");
    assertThat(event.getMessage())
        .isEqualTo("the workflow waits: cluster \"spoke-a\" is not registered");
    assertThat(logs.lines())
        .anyMatch(l -> l.contains("workflow=" + name) && l.contains("is not registered"));

    Fixtures.createSecret(
        hubServer.apiClient(),
        Fixtures.registration(
            "spoke-a", "spoke-a", spoke.server, Fixtures.tokenConfig(spoke.server)));
    await()
        .atMost(Duration.ofSeconds(60))
        .until(
            () -> Controllers.workflow(hub, "hub", "default", name).orElse(null),
            w -> w != null && "Succeeded".equals(Controllers.phase(w)));
    // Told once, not on every retry while it waited.
    assertThat(Fixtures.events(hubServer.apiClient(), "default", name)).hasSize(1);
  }
}
