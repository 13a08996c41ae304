package dev.hubflow.daemon.controller;

import com.google.gson.JsonObject;
import dev.hubflow.core.cluster.Cluster;
import dev.hubflow.core.cluster.KubernetesCluster;
import dev.hubflow.core.cluster.credentials.ClusterApiClient;
import dev.hubflow.core.cluster.credentials.InClusterCredentialProvider;
import dev.hubflow.core.cluster.credentials.Kubeconfig;
import dev.hubflow.core.cluster.credentials.KubeconfigCredentialProvider;
import dev.hubflow.core.cluster.registry.SecretClusterRegistry;
import dev.hubflow.core.cluster.registry.Spokes;
import dev.hubflow.core.cluster.registry.StandardSecretConnector;
import dev.hubflow.core.cluster.registry.StaticClusterRegistry;
import dev.hubflow.core.config.ControllerConfig;
import dev.hubflow.core.controller.WorkflowController;
import dev.hubflow.core.engine.ArgoWorkflowEngine;
import dev.hubflow.core.engine.EngineConfig;
import dev.hubflow.core.pod.PodBuilder;
import dev.hubflow.core.pod.PodConfig;
import dev.hubflow.core.spi.Clock;
import dev.hubflow.core.spi.ClusterConnection;
import dev.hubflow.daemon.eks.EksAccess;
import dev.hubflow.daemon.eks.EksSecretConnector;
import dev.hubflow.daemon.eks.EksSettings;
import io.kubernetes.client.extended.leaderelection.LeaderElectionConfig;
import io.kubernetes.client.extended.leaderelection.LeaderElector;
import io.kubernetes.client.extended.leaderelection.resourcelock.LeaseLock;
import io.kubernetes.client.openapi.ApiClient;
import io.kubernetes.client.openapi.ApiException;
import io.kubernetes.client.openapi.apis.CoordinationV1Api;
import io.kubernetes.client.openapi.models.V1Lease;
import io.kubernetes.client.openapi.models.V1ObjectReference;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The controller process in the hub: the home cluster (from {@code --kubeconfig} or the Pod's
 * account), spokes from kubeconfigs and registration Secrets, workers that run only while this
 * replica leads (with {@code --leader-elect}), probes and metrics.
 */
public final class Hub implements AutoCloseable {
  private static final Logger log = LoggerFactory.getLogger(Hub.class);
  private static final Duration SECRET_RESYNC = Duration.ofMinutes(5);

  private final HubSettings settings;
  private final Clock clock;
  private final EksAccess eks;
  private final ClusterConnection home;
  private final ApiClient hubClient;
  private final PrometheusMeterRegistry meters =
      new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
  private final CountDownLatch stopped = new CountDownLatch(1);
  private Endpoints health;
  private Endpoints metrics;
  private LeaderElector elector;
  private Thread electorThread;
  private volatile WorkflowController controller;
  private volatile SecretClusterRegistry secrets;
  private volatile boolean leading;
  private volatile boolean lostLeadership;

  /** Set when {@link #close()} begins: the elector then stops leading because we asked it to. */
  private volatile boolean closing;

  private Hub(HubSettings settings, Clock clock) {
    this.settings = settings;
    this.clock = clock;
    EksSettings eksSettings = EksSettings.defaults();
    eksSettings = eksSettings.withStsEndpoint(settings.stsEndpoint().orElse(null));
    eksSettings = eksSettings.withEksEndpoint(settings.eksEndpoint().orElse(null));
    eksSettings = eksSettings.withDefaultRegion(settings.region().orElse(null));
    this.eks = EksAccess.fromDefaultChain(eksSettings, clock);
    this.home = homeConnection();
    this.hubClient = ClusterApiClient.create(home);
  }

  /** Starts the endpoints, then the workers (at once, or once this replica leads). */
  public static Hub start(HubSettings settings) {
    Hub hub = new Hub(settings, Clock.system());
    try {
      hub.startEndpoints();
      if (settings.leaderElect()) {
        hub.elect();
      } else {
        hub.startWork();
      }
      return hub;
    } catch (RuntimeException e) {
      hub.close();
      throw e;
    }
  }

  private ClusterConnection homeConnection() {
    ClusterConnection connection;
    if (settings.kubeconfig().isEmpty()) {
      connection = InClusterCredentialProvider.fromEnvironment(settings.clusterName()).connection();
    } else {
      connection =
          new KubeconfigCredentialProvider(Kubeconfig.load(settings.kubeconfig().get()), clock)
              .serving(eks.awsEksGetToken())
              .connectCurrent();
    }
    return new ClusterConnection(
        settings.clusterName(),
        connection.server(),
        connection.caCertificatePem(),
        connection.insecureSkipTlsVerify(),
        connection.credentials());
  }

  private void startEndpoints() {
    try {
      if (settings.healthPort().isPresent()) {
        health =
            new Endpoints(settings.healthPort().get(), "health")
                .serve("/healthz", () -> new Endpoints.Answer(200, "text/plain", "ok\n"))
                .serve("/readyz", this::readiness)
                .start();
      }
      if (settings.metricsPort().isPresent()) {
        metrics =
            new Endpoints(settings.metricsPort().get(), "metrics")
                .serve(
                    "/metrics",
                    () ->
                        new Endpoints.Answer(
                            200, "text/plain; version=0.0.4; charset=utf-8", meters.scrape()))
                .start();
      }
    } catch (IOException e) {
      throw new UncheckedIOException("cannot open the health or metrics port", e);
    }
  }

  /**
   * Ready once the home cluster's caches are filled (or while standing by for the lease). Each
   * cluster's state is in the body; a spoke out of reach does not make the hub unready.
   */
  private Endpoints.Answer readiness() {
    JsonObject body = new JsonObject();
    body.addProperty("leaderElection", settings.leaderElect());
    body.addProperty("leading", leading);
    JsonObject clusters = new JsonObject();
    Map<String, Cluster> sorted = new TreeMap<>();
    WorkflowController current = controller;
    if (current != null) {
      current.clusters().forEach(c -> sorted.put(c.name(), c));
    }
    sorted.forEach(
        (name, cluster) -> {
          JsonObject state = new JsonObject();
          state.addProperty("connected", cluster.connected());
          state.addProperty("synced", cluster.synced());
          if (cluster instanceof KubernetesCluster k && !k.disconnectReason().isEmpty()) {
            state.addProperty("reason", k.disconnectReason());
          }
          clusters.add(name, state);
        });
    body.add("clusters", clusters);
    boolean ready;
    if (current == null) {
      ready = settings.leaderElect() && !lostLeadership;
    } else {
      Cluster homeCluster = sorted.get(settings.clusterName());
      ready = homeCluster != null && homeCluster.synced() && homeCluster.connected();
    }
    body.addProperty("ready", ready);
    return new Endpoints.Answer(ready ? 200 : 503, "application/json", body + "\n");
  }

  private void elect() {
    String namespace = settings.leaseNamespace();
    LeaseLock lock =
        new LeaseLock(namespace, HubSettings.LEASE_NAME, settings.identity(), hubClient);
    List<Duration> lease = settings.lease();
    elector =
        new LeaderElector(
            new LeaderElectionConfig(lock, lease.get(0), lease.get(1), lease.get(2)),
            e -> log.warn("leader election failed: {}", e.toString()));
    electorThread =
        new Thread(
            () ->
                elector.run(
                    () -> {
                      log.info(
                          "identity={} leading (lease {}/{})",
                          settings.identity(),
                          namespace,
                          HubSettings.LEASE_NAME);
                      leading = true;
                      startWork();
                    },
                    () -> {
                      boolean was = leading;
                      leading = false;
                      stopWork();
                      if (was && !closing) {
                        lostLeadership = true;
                        log.warn("identity={} lost the lease, stopping", settings.identity());
                        stopped.countDown();
                      }
                    },
                    leader -> log.info("leader is now {}", leader)),
            "hubflow-leader-election");
    electorThread.setDaemon(true);
    electorThread.start();
    log.info(
        "identity={} waiting for the lease {}/{}",
        settings.identity(),
        namespace,
        HubSettings.LEASE_NAME);
  }

  private synchronized void startWork() {
    if (controller != null) {
      return;
    }
    ControllerConfig config =
        ControllerConfig.defaults()
            .withNamespaces(settings.namespaces())
            .withWorkers(settings.workers())
            .withMaxWorkflowSize(settings.maxWorkflowSize())
            .withPodProgressDelay(settings.podProgressDelay());
    EngineConfig engine =
        EngineConfig.of(new PodBuilder(new PodConfig(settings.executorImage(), "IfNotPresent")))
            .withWorkflowDefaults(settings.workflowDefaults());
    WorkflowController c =
        new WorkflowController(new ArgoWorkflowEngine(engine), config, clock, meters);
    Spokes spokes = Spokes.kubernetes(c, config, settings.probePeriod());
    StaticClusterRegistry given = new StaticClusterRegistry().add(home, Set.of());
    settings
        .spokeKubeconfigs()
        .forEach(
            (name, path) -> {
              ClusterConnection spoke =
                  new KubeconfigCredentialProvider(Kubeconfig.load(path), clock)
                      .serving(eks.awsEksGetToken())
                      .connectCurrent();
              given.add(
                  new ClusterConnection(
                      name,
                      spoke.server(),
                      spoke.caCertificatePem(),
                      spoke.insecureSkipTlsVerify(),
                      spoke.credentials()),
                  Set.of());
            });
    controller = c;
    spokes.follow(given);
    if (settings.clusterSecretsNamespace().isPresent()) {
      secrets =
          new SecretClusterRegistry(
                  hubClient,
                  settings.clusterSecretsNamespace().get(),
                  List.of(new EksSecretConnector(eks), new StandardSecretConnector(clock)),
                  SECRET_RESYNC)
              .start();
      spokes.follow(secrets);
    }
    c.addConnectionListener(this::connectionChanged);
    c.start();
  }

  private void connectionChanged(String cluster, boolean connected, String reason) {
    SecretClusterRegistry registry = secrets;
    Optional<V1ObjectReference> about =
        registry == null ? Optional.empty() : registry.secretOf(cluster);
    if (about.isEmpty()) {
      String pod = System.getenv("POD_NAME");
      String namespace = System.getenv("POD_NAMESPACE");
      if (pod != null && namespace != null) {
        about =
            Optional.of(
                new V1ObjectReference()
                    .apiVersion("v1")
                    .kind("Pod")
                    .namespace(namespace)
                    .name(pod));
      }
    }
    if (about.isPresent() && registry != null) {
      registry
          .events()
          .record(
              about.get(),
              connected ? "Normal" : "Warning",
              connected ? "ClusterConnected" : "ClusterUnreachable",
              connected
                  ? "cluster " + cluster + " answers again"
                  : "cluster " + cluster + " cannot be reached: " + reason);
    } else if (about.isPresent()) {
      new dev.hubflow.core.cluster.EventRecorder(hubClient)
          .record(
              about.get(),
              connected ? "Normal" : "Warning",
              connected ? "ClusterConnected" : "ClusterUnreachable",
              connected
                  ? "cluster " + cluster + " answers again"
                  : "cluster " + cluster + " cannot be reached: " + reason);
    }
  }

  private synchronized void stopWork() {
    SecretClusterRegistry s = secrets;
    secrets = null;
    if (s != null) {
      s.close();
    }
    WorkflowController c = controller;
    controller = null;
    if (c != null) {
      c.close();
    }
  }

  /** The controller while this replica works (leads), else empty. */
  public Optional<WorkflowController> controller() {
    return Optional.ofNullable(controller);
  }

  public boolean leading() {
    return leading;
  }

  public int healthPort() {
    return health == null ? -1 : health.port();
  }

  public int metricsPort() {
    return metrics == null ? -1 : metrics.port();
  }

  /**
   * Gives the lease up on a clean stop so a standby replica takes over at its next retry instead of
   * after the whole lease duration: the holder is cleared, which client-java's electors read as a
   * free lease. Only our own hold is cleared (checked against the resourceVersion read).
   */
  private void releaseLease() {
    String namespace = settings.leaseNamespace();
    try {
      CoordinationV1Api api = new CoordinationV1Api(hubClient);
      V1Lease lease = api.readNamespacedLease(HubSettings.LEASE_NAME, namespace, null);
      if (lease.getSpec() == null
          || !settings.identity().equals(lease.getSpec().getHolderIdentity())) {
        return;
      }
      lease.getSpec().setHolderIdentity(null);
      api.replaceNamespacedLease(HubSettings.LEASE_NAME, namespace, lease, null, null, null, null);
      log.info(
          "identity={} released the lease {}/{}",
          settings.identity(),
          namespace,
          HubSettings.LEASE_NAME);
    } catch (ApiException e) {
      log.warn(
          "identity={} could not release the lease {}/{} (status {}); a standby takes over when"
              + " it expires",
          settings.identity(),
          namespace,
          HubSettings.LEASE_NAME,
          e.getCode());
    }
  }

  /** Blocks until {@link #close()} or the lease is lost. */
  public void awaitStop() throws InterruptedException {
    stopped.await();
  }

  public boolean awaitStop(Duration timeout) throws InterruptedException {
    return stopped.await(timeout.toMillis(), TimeUnit.MILLISECONDS);
  }

  /** Whether this replica stopped because another took the lease. */
  public boolean lostLeadership() {
    return lostLeadership;
  }

  /** Stops the workers, informers, election and endpoints. Workflows are left as they are. */
  @Override
  public void close() {
    closing = true;
    boolean wasLeading = leading;
    if (elector != null) {
      elector.close();
    }
    stopWork();
    if (wasLeading) {
      releaseLease();
    }
    leading = false;
    if (health != null) {
      health.close();
    }
    if (metrics != null) {
      metrics.close();
    }
    eks.close();
    stopped.countDown();
    log.info("hubflow controller stopped");
  }
}
