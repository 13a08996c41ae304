package dev.hubflow.testkit;

import dev.hubflow.core.HubflowController;
import dev.hubflow.core.config.ControllerConfig;
import dev.hubflow.testkit.apiserver.ApiServer;
import dev.hubflow.testkit.kubelet.ClientKubeletApi;
import dev.hubflow.testkit.kubelet.Kubelet;
import dev.hubflow.testkit.runtime.LocalRuntime;
import dev.hubflow.testkit.runtime.PodRuntime;
import dev.hubflow.testkit.runtime.SimulatedRuntime;
import dev.hubflow.testkit.time.SystemScheduler;
import io.kubernetes.client.openapi.ApiClient;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

/**
 * hubflow in one process: in-process Kubernetes API servers, a kubelet that runs the pods of the
 * first cluster, and a controller running the workflows of the first cluster. Shared by {@code
 * hubflow run --embedded}, {@code hubflow embedded}, the JUnit extension and benchmarks.
 *
 * <p>Clusters after the first are plain API servers for now: the hub-and-spoke wiring (the hub's
 * controller running pods in them) plugs in here.
 */
public final class EmbeddedHubflow implements AutoCloseable {
  private final Map<String, ApiServer> clusters;
  private final SystemScheduler scheduler;
  private final PodRuntime runtime;
  private final Kubelet kubelet;
  private final HubflowController controller;

  private EmbeddedHubflow(
      Map<String, ApiServer> clusters,
      SystemScheduler scheduler,
      PodRuntime runtime,
      Kubelet kubelet,
      HubflowController controller) {
    this.clusters = clusters;
    this.scheduler = scheduler;
    this.runtime = runtime;
    this.kubelet = kubelet;
    this.controller = controller;
  }

  public static Builder builder() {
    return new Builder();
  }

  /** The names of the clusters, the first (the one running workflows) first. */
  public List<String> clusterNames() {
    return List.copyOf(clusters.keySet());
  }

  /** The first cluster, where workflows run. */
  public ApiServer hub() {
    return clusters.values().iterator().next();
  }

  public ApiServer cluster(String name) {
    ApiServer s = clusters.get(name);
    if (s == null) {
      throw new IllegalArgumentException(
          "no embedded cluster named " + name + " (there are " + clusters.keySet() + ")");
    }
    return s;
  }

  /** An admin client of the first cluster with no read timeout. */
  public ApiClient apiClient() {
    return hub().apiClient();
  }

  /** The runtime running pods: {@code local} or {@code simulated}. */
  public String runtimeName() {
    return runtime.name();
  }

  public PodRuntime runtime() {
    return runtime;
  }

  public Kubelet kubelet() {
    return kubelet;
  }

  /**
   * The controller running the first cluster's workflows.
   *
   * @throws IllegalStateException when started with {@code controller(false)}
   */
  public HubflowController controller() {
    if (controller == null) {
      throw new IllegalStateException("this embedded hubflow was started without a controller");
    }
    return controller;
  }

  /** Namespaces, manifests, workflows and pods of the first cluster. */
  public ClusterObjects objects() {
    return new ClusterObjects(apiClient());
  }

  /** Writes {@code <name>.kubeconfig} for every cluster into the directory; returns the files. */
  public Map<String, Path> writeKubeconfigs(Path dir) {
    Map<String, Path> files = new LinkedHashMap<>();
    for (ApiServer s : clusters.values()) {
      files.put(s.name(), s.writeKubeconfig(dir.resolve(s.name() + ".kubeconfig")));
    }
    return files;
  }

  /** Stops the controller, the kubelet (its pods' processes), the runtime and the servers. */
  @Override
  public void close() {
    List<RuntimeException> failures = new ArrayList<>();
    if (controller != null) {
      run(controller::close, failures);
    }
    run(kubelet::close, failures);
    run(runtime::close, failures);
    run(scheduler::close, failures);
    for (ApiServer s : clusters.values()) {
      run(s::close, failures);
    }
    if (!failures.isEmpty()) {
      RuntimeException first = failures.get(0);
      failures.stream().skip(1).forEach(first::addSuppressed);
      throw first;
    }
  }

  private static void run(Runnable step, List<RuntimeException> failures) {
    try {
      step.run();
    } catch (RuntimeException e) {
      failures.add(e);
    }
  }

  /** What to start. Defaults: one cluster named {@code hub}, runtime {@code AUTO}. */
  public static final class Builder {
    private final List<String> clusters = new ArrayList<>();
    private PodRuntimeKind runtime = PodRuntimeKind.AUTO;
    private ControllerConfig config = ControllerConfig.defaults();
    private boolean https = true;
    private boolean controller = true;

    private Builder() {}

    /**
     * Whether to run hubflow's controller (default true); without it another controller (a test's
     * own, a separate process) runs the workflows while the kubelet still runs their pods.
     */
    public Builder controller(boolean value) {
      this.controller = value;
      return this;
    }

    /** Cluster names; the first runs the workflows and their pods. */
    public Builder clusters(String... names) {
      return clusters(List.of(names));
    }

    public Builder clusters(List<String> names) {
      for (String n : names) {
        if (n == null || !n.matches("[a-z0-9]([-a-z0-9]*[a-z0-9])?")) {
          throw new IllegalArgumentException(
              "cluster name '" + n + "' is not a DNS label (lower-case letters, digits, '-')");
        }
        if (clusters.contains(n)) {
          throw new IllegalArgumentException("cluster name '" + n + "' is given twice");
        }
        clusters.add(n);
      }
      return this;
    }

    public Builder runtime(PodRuntimeKind kind) {
      this.runtime = Objects.requireNonNull(kind, "runtime");
      return this;
    }

    public Builder config(ControllerConfig value) {
      this.config = Objects.requireNonNull(value, "config");
      return this;
    }

    /** Only these namespaces (all by default). */
    public Builder namespaces(Set<String> value) {
      this.config = config.withNamespaces(value);
      return this;
    }

    /** HTTPS with a fresh CA (default, as kubectl expects) or plain HTTP. */
    public Builder https(boolean value) {
      this.https = value;
      return this;
    }

    /**
     * Starts everything; on failure stops what had started.
     *
     * @throws IllegalStateException when runtime LOCAL was asked for and cannot run here
     */
    public EmbeddedHubflow start() {
      List<String> names = clusters.isEmpty() ? List.of("hub") : List.copyOf(clusters);
      Map<String, ApiServer> servers = new LinkedHashMap<>();
      SystemScheduler scheduler = new SystemScheduler();
      PodRuntime pods = null;
      Kubelet kubelet = null;
      try {
        for (String n : names) {
          servers.put(n, ApiServer.builder(n).https(https).start());
        }
        ApiServer first = servers.get(names.get(0));
        pods =
            runtime.resolve() == PodRuntimeKind.LOCAL
                ? LocalRuntime.create()
                : new SimulatedRuntime(scheduler);
        kubelet =
            Kubelet.builder()
                .api(new ClientKubeletApi(first.apiClient()))
                .runtime(pods)
                .scheduler(scheduler)
                .build()
                .start();
        HubflowController hubflow =
            controller
                ? HubflowController.builder()
                    .cluster(first.name(), first.apiClient())
                    .config(config)
                    .build()
                    .start()
                : null;
        return new EmbeddedHubflow(servers, scheduler, pods, kubelet, hubflow);
      } catch (RuntimeException e) {
        if (kubelet != null) {
          kubelet.close();
        }
        if (pods != null) {
          pods.close();
        }
        scheduler.close();
        servers.values().forEach(ApiServer::close);
        throw e;
      }
    }
  }
}
