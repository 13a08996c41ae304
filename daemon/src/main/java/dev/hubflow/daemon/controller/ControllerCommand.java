package dev.hubflow.daemon.controller;

import dev.hubflow.core.config.ControllerConfig;
import dev.hubflow.core.pod.PodConfig;
import java.net.InetAddress;
import java.net.URI;
import java.net.UnknownHostException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code hubflow controller}: runs the controller until SIGTERM (or until it loses the lease). */
@Command(
    name = "controller",
    mixinStandardHelpOptions = true,
    description = "Run the workflow controller (in the hub) for the home cluster and its spokes.")
public final class ControllerCommand implements Callable<Integer> {
  static final String IN_CLUSTER = "in-cluster";

  @Spec CommandSpec spec;

  @Option(
      names = "--config",
      description = "YAML settings file, or a ConfigMap manifest with data.config; flags win.")
  Path config;

  @Option(
      names = "--kubeconfig",
      description =
          "The home cluster's kubeconfig, or '" + IN_CLUSTER + "' (the default in a Pod).")
  String kubeconfig;

  @Option(names = "--cluster-name", description = "The home cluster's name (default: hub).")
  String clusterName;

  @Option(
      names = "--cluster-secrets-namespace",
      description = "Follow cluster registration Secrets (label hubflow.dev/cluster=true) here.")
  String clusterSecretsNamespace;

  @Option(
      names = "--namespace",
      description = "Watch workflows in this namespace (repeatable; default: all).")
  List<String> namespaces = new ArrayList<>();

  @Option(
      names = "--spoke-kubeconfig",
      description = "A spoke reached with a kubeconfig, as name=path (repeatable).")
  Map<String, Path> spokeKubeconfigs = new LinkedHashMap<>();

  @Option(names = "--leader-elect", description = "Work only while holding the Lease.")
  Boolean leaderElect;

  @Option(
      names = "--lease-namespace",
      description = "The Lease's namespace (default: POD_NAMESPACE, else the Secrets' namespace).")
  String leaseNamespace;

  @Option(names = "--health-port", description = "Serve /healthz and /readyz on this port.")
  Integer healthPort;

  @Option(names = "--metrics-port", description = "Serve Prometheus /metrics on this port.")
  Integer metricsPort;

  @Option(names = "--log-format", description = "json or text (default text).")
  String logFormat;

  @Option(names = "--executor-image", description = "The argoexec image for init and wait.")
  String executorImage;

  @Option(names = "--workers", description = "Workflows reconciled at once (default 4).")
  Integer workers;

  @Option(
      names = "--identity",
      description = "This replica's name in the Lease (default: POD_NAME, else the host name).")
  String identity;

  @Option(names = "--region", description = "Default AWS region for EKS spokes.")
  String region;

  @Option(names = "--sts-endpoint", description = "STS URL (VPC endpoint).", hidden = true)
  URI stsEndpoint;

  @Option(names = "--eks-endpoint", description = "EKS API URL (VPC endpoint).", hidden = true)
  URI eksEndpoint;

  @Option(
      names = "--probe-period",
      description = "How often each cluster is asked whether it answers (ISO-8601, default PT2S).",
      hidden = true)
  Duration probePeriod = Duration.ofSeconds(2);

  @Option(
      names = "--max-workflow-size",
      paramLabel = "BYTES",
      description =
          "Store node status compressed (status.compressedNodes) in workflows larger than this, as"
              + " Argo's MAX_WORKFLOW_SIZE (default: just under 1 MiB).")
  Integer maxWorkflowSize;

  @Option(
      names = "--pod-progress-delay",
      paramLabel = "DURATION",
      description =
          "How long pod progress that cannot move a workflow on (a pod bound or starting) may wait"
              + " to be reconciled with what follows (ISO-8601, default PT0.1S; PT0S: at once).")
  Duration podProgressDelay;

  @Option(
      names = "--lease-durations",
      split = ",",
      description = "Lease duration, renew deadline, retry period (default PT15S,PT10S,PT2S).",
      hidden = true)
  List<Duration> lease =
      List.of(Duration.ofSeconds(15), Duration.ofSeconds(10), Duration.ofSeconds(2));

  @Override
  public Integer call() throws Exception {
    HubSettings settings;
    try {
      settings = settings();
      LogFormat.apply(settings.logFormat());
    } catch (IllegalArgumentException e) {
      spec.commandLine().getErr().println("hubflow controller: " + e.getMessage());
      return 2;
    }
    Hub hub = Hub.start(settings);
    Thread hook = new Thread(hub::close, "hubflow-shutdown");
    Runtime.getRuntime().addShutdownHook(hook);
    hub.awaitStop();
    if (hub.lostLeadership()) {
      hub.close();
      return 1;
    }
    return 0;
  }

  /** The settings: flags over the config file over defaults. */
  public HubSettings settings() {
    SettingsFile file = config == null ? SettingsFile.empty() : SettingsFile.read(config);
    String kube = Optional.ofNullable(kubeconfig).or(file::kubeconfig).orElse(null);
    Optional<Path> kubePath;
    if (kube == null) {
      kubePath =
          System.getenv("KUBERNETES_SERVICE_HOST") != null
              ? Optional.empty()
              : Optional.of(defaultKubeconfig());
    } else {
      kubePath = IN_CLUSTER.equals(kube) ? Optional.empty() : Optional.of(Path.of(kube));
    }
    Optional<String> secretsNs =
        Optional.ofNullable(clusterSecretsNamespace).or(file::clusterSecretsNamespace);
    LinkedHashSet<String> ns = new LinkedHashSet<>(file.namespaces());
    if (!namespaces.isEmpty()) {
      ns = new LinkedHashSet<>(namespaces);
    }
    Map<String, Path> spokes = new LinkedHashMap<>(file.spokes());
    spokes.putAll(spokeKubeconfigs);
    String leaseNs =
        Optional.ofNullable(leaseNamespace)
            .or(() -> Optional.ofNullable(System.getenv("POD_NAMESPACE")))
            .or(() -> secretsNs)
            .orElse("default");
    String format = Optional.ofNullable(logFormat).or(file::logFormat).orElse("text");
    if (!format.equals("json") && !format.equals("text")) {
      throw new IllegalArgumentException("--log-format must be json or text, got " + format);
    }
    if (lease.size() != 3) {
      throw new IllegalArgumentException("--lease-durations needs three durations");
    }
    int workerCount = Optional.ofNullable(workers).or(file::workers).orElse(4);
    ControllerConfig defaults = ControllerConfig.defaults();
    if (maxWorkflowSize != null && maxWorkflowSize < 1) {
      throw new IllegalArgumentException(
          "--max-workflow-size must be a positive number of bytes, got " + maxWorkflowSize);
    }
    if (podProgressDelay != null && podProgressDelay.isNegative()) {
      throw new IllegalArgumentException(
          "--pod-progress-delay must not be negative, got " + podProgressDelay);
    }
    return new HubSettings(
        kubePath,
        Optional.ofNullable(clusterName).orElse("hub"),
        secretsNs,
        ns,
        spokes,
        Optional.ofNullable(leaderElect).or(file::leaderElect).orElse(false),
        leaseNs,
        Optional.ofNullable(identity).orElseGet(ControllerCommand::identity),
        Optional.ofNullable(healthPort).or(file::healthPort),
        Optional.ofNullable(metricsPort).or(file::metricsPort),
        format,
        Optional.ofNullable(executorImage)
            .or(file::executorImage)
            .orElse(PodConfig.DEFAULT_EXECUTOR_IMAGE),
        workerCount,
        file.workflowDefaults(),
        Optional.ofNullable(stsEndpoint),
        Optional.ofNullable(eksEndpoint),
        Optional.ofNullable(region),
        probePeriod,
        List.copyOf(lease),
        Optional.ofNullable(maxWorkflowSize).orElse(defaults.maxWorkflowSize()),
        Optional.ofNullable(podProgressDelay).orElse(defaults.podProgressDelay()));
  }

  private static Path defaultKubeconfig() {
    String env = System.getenv("KUBECONFIG");
    if (env != null && !env.isBlank()) {
      return Path.of(env.split(java.io.File.pathSeparator)[0]);
    }
    return Path.of(System.getProperty("user.home"), ".kube", "config");
  }

  private static String identity() {
    String pod = System.getenv("POD_NAME");
    if (pod != null && !pod.isBlank()) {
      return pod;
    }
    try {
      return InetAddress.getLocalHost().getHostName() + "-" + ProcessHandle.current().pid();
    } catch (UnknownHostException e) {
      return "hubflow-" + ProcessHandle.current().pid();
    }
  }
}
