package dev.hubflow.core;

import dev.hubflow.core.cluster.Cluster;
import dev.hubflow.core.cluster.KubernetesCluster;
import dev.hubflow.core.cluster.WorkflowKey;
import dev.hubflow.core.config.ControllerConfig;
import dev.hubflow.core.controller.WorkflowController;
import dev.hubflow.core.controller.WorkflowListener;
import dev.hubflow.core.engine.ArgoWorkflowEngine;
import dev.hubflow.core.engine.EngineConfig;
import dev.hubflow.core.engine.WorkflowEngine;
import dev.hubflow.core.spi.Clock;
import dev.hubflow.core.status.NodeStatusPacking;
import dev.hubflow.model.Codec;
import dev.hubflow.model.v1alpha1.Workflow;
import io.kubernetes.client.openapi.ApiClient;
import io.kubernetes.client.openapi.ApiException;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Function;

/**
 * hubflow embedded in a Java program: runs Argo Workflows in the clusters you give it.
 *
 * <pre>{@code
 * ApiClient client = Config.fromConfig(kubeconfig.toString()); // or hubflow's EKS client
 * try (HubflowController hubflow =
 *     HubflowController.builder()
 *         .cluster("hub", client)
 *         .config(ControllerConfig.defaults().withNamespaces(Set.of("argo")))
 *         .build()
 *         .start()) {
 *   Workflow wf = Codec.read(Files.readString(workflowFile), Workflow.class);
 *   wf.getMetadata().setNamespace("argo");
 *   Workflow submitted = hubflow.submit(wf);
 *   Workflow done = hubflow.await(submitted, Duration.ofMinutes(5));
 *   return done.getStatus().getPhase(); // Succeeded
 * }
 * }</pre>
 *
 * <p>Thread-safe. {@link #close()} stops the workers and informers; it does not touch workflows,
 * which another controller can pick up where this one stopped. Workflows handed out here always
 * have their nodes in {@code status.nodes}, also when the cluster stores them compressed.
 */
public final class HubflowController implements AutoCloseable {
  private final WorkflowController controller;
  private final List<Cluster> clusters;
  private final MeterRegistry registry;

  private HubflowController(
      WorkflowController controller, List<Cluster> clusters, MeterRegistry registry) {
    this.controller = controller;
    this.clusters = clusters;
    this.registry = registry;
  }

  public static Builder builder() {
    return new Builder();
  }

  /** Start the informers of every cluster and the workers; returns this controller. */
  public HubflowController start() {
    for (Cluster cluster : clusters) {
      controller.addCluster(cluster);
    }
    controller.start();
    return this;
  }

  /** Submit a workflow to the first cluster. */
  public Workflow submit(Workflow workflow) throws ApiException {
    return submit(clusters.get(0).name(), workflow);
  }

  /**
   * Create the workflow in the named cluster (namespace {@code default} when it names none) and
   * return it as stored, with its generated name.
   */
  public Workflow submit(String cluster, Workflow workflow) throws ApiException {
    Workflow copy = Codec.copy(workflow);
    if (copy.getApiVersion() == null) {
      copy.setApiVersion("argoproj.io/v1alpha1");
    }
    if (copy.getKind() == null) {
      copy.setKind("Workflow");
    }
    if (copy.getMetadata().getNamespace() == null) {
      copy.getMetadata().setNamespace("default");
    }
    return cluster(cluster).createWorkflow(copy);
  }

  /**
   * Wait until the submitted workflow has finished (Succeeded, Failed or Error) and return it.
   *
   * @throws TimeoutException when it has not finished within the timeout
   */
  public Workflow await(Workflow submitted, Duration timeout)
      throws TimeoutException, InterruptedException {
    return await(
        clusters.get(0).name(),
        submitted.getMetadata().getNamespace(),
        submitted.getMetadata().getName(),
        timeout);
  }

  /** Wait until the named workflow has finished and return it. */
  public Workflow await(String cluster, String namespace, String name, Duration timeout)
      throws TimeoutException, InterruptedException {
    WorkflowKey key = new WorkflowKey(cluster, namespace, name);
    CompletableFuture<Workflow> done = new CompletableFuture<>();
    WorkflowListener listener =
        (c, workflow) -> {
          if (key.equals(WorkflowKey.of(c, workflow)) && isCompleted(workflow)) {
            done.complete(NodeStatusPacking.unpackIfReadable(workflow));
          }
        };
    controller.addListener(listener);
    try {
      // It may have finished before we started listening.
      cluster(cluster)
          .workflow(namespace, name)
          .filter(HubflowController::isCompleted)
          .map(NodeStatusPacking::unpackIfReadable)
          .ifPresent(done::complete);
      return done.get(timeout.toMillis(), TimeUnit.MILLISECONDS);
    } catch (ExecutionException e) {
      throw new IllegalStateException(e.getCause());
    } finally {
      controller.removeListener(listener);
    }
  }

  /**
   * Be told about every version of every workflow from now on. Close the returned handle to stop.
   */
  public AutoCloseable follow(WorkflowListener listener) {
    WorkflowListener unpacking =
        (cluster, workflow) ->
            listener.workflowChanged(cluster, NodeStatusPacking.unpackIfReadable(workflow));
    controller.addListener(unpacking);
    return () -> controller.removeListener(unpacking);
  }

  /** The workflow as the controller last saw it. */
  public Optional<Workflow> workflow(String cluster, String namespace, String name) {
    return cluster(cluster).workflow(namespace, name).map(NodeStatusPacking::unpackIfReadable);
  }

  /** Where the controller's metrics are (the one given to the builder, or its own). */
  public MeterRegistry meterRegistry() {
    return registry;
  }

  /** The controller inside, for hot-adding clusters and other advanced uses. */
  public WorkflowController controller() {
    return controller;
  }

  @Override
  public void close() {
    controller.close();
  }

  private Cluster cluster(String name) {
    return controller
        .cluster(name)
        .or(() -> clusters.stream().filter(c -> c.name().equals(name)).findFirst())
        .orElseThrow(() -> new IllegalArgumentException("no cluster named " + name));
  }

  private static boolean isCompleted(Workflow workflow) {
    String phase = workflow.getStatus() == null ? null : workflow.getStatus().getPhase();
    return "Succeeded".equals(phase) || "Failed".equals(phase) || "Error".equals(phase);
  }

  /**
   * Collects what a {@link HubflowController} needs. Only a cluster is required; the engine
   * defaults to {@link ArgoWorkflowEngine} with {@link EngineConfig#defaults()}.
   */
  public static final class Builder {
    private final List<Function<ControllerConfig, Cluster>> clusters = new ArrayList<>();
    private WorkflowEngine engine = new ArgoWorkflowEngine(EngineConfig.defaults());
    private ControllerConfig config = ControllerConfig.defaults();
    private Integer workers;
    private Clock clock = Clock.system();
    private MeterRegistry registry;

    private Builder() {}

    /** A cluster reached with this client (its read timeout is set to zero for watches). */
    public Builder cluster(String name, ApiClient client) {
      Objects.requireNonNull(client, "client");
      clusters.add(c -> new KubernetesCluster(name, client, c.namespaces(), c.resyncPeriod()));
      return this;
    }

    /** A cluster given as an implementation of {@link Cluster} (tests, custom transports). */
    public Builder cluster(Cluster cluster) {
      Objects.requireNonNull(cluster, "cluster");
      clusters.add(c -> cluster);
      return this;
    }

    public Builder engine(WorkflowEngine value) {
      this.engine = Objects.requireNonNull(value, "engine");
      return this;
    }

    public Builder config(ControllerConfig value) {
      this.config = Objects.requireNonNull(value, "config");
      return this;
    }

    /** How many workflows are reconciled at once (overrides the config's). */
    public Builder workers(int value) {
      this.workers = value;
      return this;
    }

    /** Only these namespaces (overrides the config's). */
    public Builder namespaces(Set<String> value) {
      this.config = config.withNamespaces(value);
      return this;
    }

    public Builder clock(Clock value) {
      this.clock = Objects.requireNonNull(value, "clock");
      return this;
    }

    public Builder meterRegistry(MeterRegistry value) {
      this.registry = Objects.requireNonNull(value, "meterRegistry");
      return this;
    }

    public HubflowController build() {
      if (clusters.isEmpty()) {
        throw new IllegalStateException(
            "hubflow needs at least one cluster: call cluster(name, client)");
      }
      ControllerConfig effective = workers == null ? config : config.withWorkers(workers);
      MeterRegistry meters = registry == null ? new SimpleMeterRegistry() : registry;
      List<Cluster> built = clusters.stream().map(f -> f.apply(effective)).toList();
      long distinct = built.stream().map(Cluster::name).distinct().count();
      if (distinct != built.size()) {
        throw new IllegalStateException("two clusters have the same name");
      }
      return new HubflowController(
          new WorkflowController(engine, effective, clock, meters), built, meters);
    }
  }
}
