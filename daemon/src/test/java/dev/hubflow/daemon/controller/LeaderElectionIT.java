package dev.hubflow.daemon.controller;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.google.gson.JsonObject;
import dev.hubflow.testkit.apiserver.ApiServer;
import dev.hubflow.testkit.apiserver.store.BuiltinTypes;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Two replicas with {@code --leader-elect}: one works, the other takes over when it stops. */
class LeaderElectionIT {
  @TempDir Path dir;
  Spoke cluster;
  Hub first;
  Hub second;

  @BeforeEach
  void start() throws Exception {
    cluster = new Spoke(ApiServer.builder("hub").start());
    Fixtures.namespace(cluster.server.apiClient(), "hubflow");
  }

  @AfterEach
  void stop() {
    if (first != null) {
      first.close();
    }
    if (second != null) {
      second.close();
    }
    cluster.close();
  }

  private Hub replica(String identity) {
    return replica(identity, "PT2S,PT1.5S,PT0.2S");
  }

  private Hub replica(String identity, String durations) {
    return Controllers.start(
        "--kubeconfig",
        cluster.server.writeKubeconfig(dir.resolve(identity + ".kubeconfig")).toString(),
        "--leader-elect",
        "--lease-namespace",
        "hubflow",
        "--identity",
        identity,
        "--lease-durations",
        durations,
        "--health-port",
        "0");
  }

  @Test
  void oneReplicaLeadsAndTheOtherTakesOverWhenItStops() throws Exception {
    first = replica("first");
    await().atMost(Duration.ofSeconds(20)).until(() -> first.leading());
    second = replica("second");
    String one =
        Fixtures.create(cluster.server.apiClient(), Fixtures.sleeper("one-", "1s"))
            .getMetadata()
            .getName();
    await()
        .atMost(Duration.ofSeconds(30))
        .until(
            () ->
                Controllers.workflow(first, "hub", "default", one)
                    .map(Controllers::phase)
                    .orElse("")
                    .equals("Succeeded"));
    assertThat(second.leading()).isFalse();
    assertThat(second.controller()).isEmpty();
    assertThat(Controllers.get(second.healthPort(), "/readyz").body())
        .contains("\"leading\":false");

    first.close();
    first = null;
    await().atMost(Duration.ofSeconds(20)).until(() -> second.leading());
    String two =
        Fixtures.create(cluster.server.apiClient(), Fixtures.sleeper("two-", "1s"))
            .getMetadata()
            .getName();
    await()
        .atMost(Duration.ofSeconds(30))
        .until(
            () ->
                Controllers.workflow(second, "hub", "default", two)
                    .map(Controllers::phase)
                    .orElse("")
                    .equals("Succeeded"));
    assertThat(cluster.podCreations).hasSize(2);
    assertThat(cluster.podCreations.values()).allMatch(n -> n.get() == 1);
  }

  @Test
  void aLeaderThatStopsCleanlyGivesTheLeaseUpAndTheStandbyTakesIt() throws Exception {
    // A minute-long lease: the standby must not need to wait for it to run out.
    first = replica("first", "PT60S,PT40S,PT0.2S");
    await().atMost(Duration.ofSeconds(20)).until(() -> first.leading());
    assertThat(holder()).isEqualTo("first");
    second = replica("second", "PT60S,PT40S,PT0.2S");
    await().during(Duration.ofMillis(600)).until(() -> !second.leading());

    Hub leaving = first;
    first.close();
    first = null;
    // Stopped on purpose, not because another replica took over.
    assertThat(leaving.lostLeadership()).isFalse();

    await()
        .atMost(Duration.ofSeconds(15))
        .until(() -> "second".equals(holder()) && second.leading());
    second.close();
    second = null;
    assertThat(holder()).isNull();
  }

  /** Who the Lease names as its holder, or null when nobody holds it. */
  private String holder() {
    JsonObject spec =
        cluster
            .server
            .store()
            .get(BuiltinTypes.LEASES, "hubflow", HubSettings.LEASE_NAME)
            .getAsJsonObject("spec");
    return spec.has("holderIdentity") && !spec.get("holderIdentity").isJsonNull()
        ? spec.get("holderIdentity").getAsString()
        : null;
  }
}
