package dev.hubflow.core.cluster.registry;

import dev.hubflow.core.cluster.Cluster;
import dev.hubflow.core.cluster.KubernetesCluster;
import dev.hubflow.core.cluster.credentials.ClusterApiClient;
import dev.hubflow.core.config.ControllerConfig;
import dev.hubflow.core.controller.WorkflowController;
import dev.hubflow.core.spi.ClusterConnection;
import dev.hubflow.core.spi.ClusterRegistry;
import java.time.Duration;
import java.util.Set;
import java.util.function.BiFunction;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Keeps the controller's clusters in step with a registry: a registered cluster gets its own client
 * and informers, a changed one is restarted, a removed one is stopped. Other clusters are never
 * touched.
 */
public final class Spokes {
  private static final Logger log = LoggerFactory.getLogger(Spokes.class);

  private final WorkflowController controller;
  private final BiFunction<ClusterConnection, Set<String>, Cluster> clusters;

  public Spokes(
      WorkflowController controller, BiFunction<ClusterConnection, Set<String>, Cluster> clusters) {
    this.controller = controller;
    this.clusters = clusters;
  }

  /**
   * Clusters reached with client-java over the connection's credentials, watching the given
   * namespaces (else the config's), probed for reachability every {@code probePeriod}.
   */
  public static Spokes kubernetes(
      WorkflowController controller, ControllerConfig config, Duration probePeriod) {
    return new Spokes(
        controller,
        (connection, namespaces) ->
            new KubernetesCluster(
                connection.name(),
                ClusterApiClient.create(connection),
                namespaces.isEmpty() ? config.namespaces() : namespaces,
                config.resyncPeriod(),
                probePeriod));
  }

  /** Follow the registry from now on (its current clusters are added at once). */
  public void follow(ClusterRegistry registry) {
    registry.watch(
        event -> {
          String name = event.cluster().name();
          try {
            switch (event.type()) {
              case ADDED, CHANGED -> {
                Cluster cluster = clusters.apply(event.cluster(), registry.namespaces(name));
                if (controller.cluster(name).isPresent()) {
                  log.info("cluster={} connection changed, restarting its informers", name);
                  controller.replaceCluster(cluster);
                } else {
                  log.info("cluster={} added server={}", name, event.cluster().server());
                  controller.addCluster(cluster);
                }
              }
              case REMOVED -> {
                log.info("cluster={} removed, stopping its informers", name);
                controller.removeCluster(name);
              }
            }
          } catch (RuntimeException e) {
            log.warn("cluster={} could not be {}: {}", name, event.type(), e.toString());
          }
        });
  }
}
