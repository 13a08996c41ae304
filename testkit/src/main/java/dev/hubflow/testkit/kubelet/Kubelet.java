package dev.hubflow.testkit.kubelet;

import dev.hubflow.testkit.runtime.PodRuntime;
import dev.hubflow.testkit.time.Scheduler;
import dev.hubflow.testkit.time.SystemScheduler;
import io.kubernetes.client.openapi.models.V1Pod;
import io.kubernetes.client.openapi.models.V1PodCondition;
import io.kubernetes.client.openapi.models.V1PodStatus;
import java.time.ZoneOffset;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A simulated kubelet for one fake node: it schedules unbound pods onto its node, runs them with a
 * {@link PodRuntime}, writes their status, keeps their logs, and plays Argo's executor for pods in
 * the emissary layout.
 *
 * <pre>{@code
 * Kubelet kubelet = Kubelet.builder()
 *     .api(new ClientKubeletApi(apiClient))          // or any KubeletApi
 *     .runtime(new SimulatedRuntime(scheduler))       // or LocalRuntime.create()
 *     .scheduler(scheduler)
 *     .build()
 *     .start();
 * }</pre>
 *
 * <p>All pod work happens on one thread of the kubelet's own, so a pod's status changes in order.
 */
public final class Kubelet implements AutoCloseable {
  private static final Logger log = LoggerFactory.getLogger(Kubelet.class);

  private final KubeletApi api;
  private final PodRuntime runtime;
  private final Scheduler scheduler;
  private final String nodeName;
  private final Map<String, String> nodeLabels;
  private final String hostIP;
  private final boolean scheduling;
  private final boolean killSidecarsAfterMain;
  private final ArtifactStore artifacts;
  private final ExecutorService loop;
  private final Map<String, PodWorker> workers = new HashMap<>();
  private final Map<String, String> unschedulable = new HashMap<>();
  private final Map<String, StringBuilder> logs = new ConcurrentHashMap<>();
  private AutoCloseable watch;
  private int nextIp = 2;
  private volatile boolean closed;

  private Kubelet(Builder b) {
    this.api = Objects.requireNonNull(b.api, "api");
    this.runtime = Objects.requireNonNull(b.runtime, "runtime");
    this.scheduler = b.scheduler != null ? b.scheduler : new SystemScheduler();
    this.nodeName = b.nodeName;
    Map<String, String> labels = new LinkedHashMap<>();
    labels.put("kubernetes.io/hostname", b.nodeName);
    labels.put("kubernetes.io/os", "linux");
    labels.put("kubernetes.io/arch", "amd64");
    labels.putAll(b.nodeLabels);
    this.nodeLabels = Map.copyOf(labels);
    this.hostIP = b.hostIP;
    this.scheduling = b.scheduling;
    this.killSidecarsAfterMain = b.killSidecarsAfterMain;
    this.artifacts = b.artifacts;
    this.loop =
        Executors.newSingleThreadExecutor(
            r -> {
              Thread t = new Thread(r, "kubelet-" + b.nodeName);
              t.setDaemon(true);
              return t;
            });
  }

  public static Builder builder() {
    return new Builder();
  }

  /** Starts watching pods; returns this. */
  public synchronized Kubelet start() {
    if (watch == null) {
      watch =
          api.watchPods(
              new KubeletApi.PodListener() {
                @Override
                public void onPod(V1Pod pod) {
                  onLoop(() -> podChanged(pod));
                }

                @Override
                public void onPodDeleted(V1Pod pod) {
                  onLoop(() -> podDeleted(pod));
                }
              });
      log.info("kubelet {} started with the {} runtime", nodeName, runtime.name());
    }
    return this;
  }

  public String nodeName() {
    return nodeName;
  }

  public Map<String, String> nodeLabels() {
    return nodeLabels;
  }

  public PodRuntime runtime() {
    return runtime;
  }

  public Scheduler scheduler() {
    return scheduler;
  }

  /** The log of a container (stdout and stderr as written), empty when there is none. */
  public String logs(String namespace, String pod, String container) {
    StringBuilder b = logs.get(namespace + "/" + pod + "/" + container);
    if (b == null) {
      return "";
    }
    synchronized (b) {
      return b.toString();
    }
  }

  @Override
  public void close() {
    closed = true;
    synchronized (this) {
      if (watch != null) {
        try {
          watch.close();
        } catch (Exception e) {
          log.debug("closing the pod watch failed", e);
        }
      }
    }
    loop.execute(
        () -> {
          workers.values().forEach(PodWorker::removed);
          workers.clear();
        });
    loop.shutdown();
    try {
      loop.awaitTermination(10, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    if (scheduler instanceof SystemScheduler s) {
      s.close();
    }
  }

  // ---- package: what pod workers use ----

  KubeletApi api() {
    return api;
  }

  String hostIP() {
    return hostIP;
  }

  boolean killSidecarsAfterMain() {
    return killSidecarsAfterMain;
  }

  ArtifactStore artifacts() {
    return artifacts;
  }

  void onLoop(Runnable task) {
    if (closed && loop.isShutdown()) {
      return;
    }
    try {
      loop.execute(
          () -> {
            try {
              task.run();
            } catch (RuntimeException e) {
              log.error("kubelet {}: a pod task failed", nodeName, e);
            }
          });
    } catch (java.util.concurrent.RejectedExecutionException e) {
      log.debug("kubelet {} is closed; dropping a task", nodeName);
    }
  }

  void appendLog(String namespace, String pod, String container, String text) {
    StringBuilder b =
        logs.computeIfAbsent(namespace + "/" + pod + "/" + container, k -> new StringBuilder());
    synchronized (b) {
      b.append(text);
    }
    try {
      api.appendLog(namespace, pod, container, text);
    } catch (RuntimeException e) {
      log.debug("cannot offer log text to the cluster", e);
    }
  }

  void finishLog(String namespace, String pod, String container) {
    try {
      api.finishLog(namespace, pod, container);
    } catch (RuntimeException e) {
      log.debug("cannot finish a log in the cluster", e);
    }
  }

  // ---- events (on the loop) ----

  private void podChanged(V1Pod pod) {
    String key = pod.getMetadata().getNamespace() + "/" + pod.getMetadata().getName();
    String bound = pod.getSpec().getNodeName();
    if (bound == null || bound.isEmpty()) {
      if (scheduling) {
        schedule(key, pod);
      }
      return;
    }
    if (!bound.equals(nodeName)) {
      return;
    }
    PodWorker worker = workers.get(key);
    if (worker != null && !worker.uid().equals(pod.getMetadata().getUid())) {
      // The same name was reused by a new pod: the old one is gone.
      worker.removed();
      workers.remove(key);
      worker = null;
    }
    if (worker == null) {
      String phase = pod.getStatus() == null ? null : pod.getStatus().getPhase();
      if ("Succeeded".equals(phase) || "Failed".equals(phase)) {
        return; // ran before this kubelet started
      }
      if (pod.getMetadata().getDeletionTimestamp() != null) {
        api.deletePod(pod.getMetadata().getNamespace(), pod.getMetadata().getName());
        return;
      }
      worker = new PodWorker(this, pod, "10.244.0." + nextIp);
      nextIp = nextIp >= 254 ? 2 : nextIp + 1;
      workers.put(key, worker);
      worker.start();
      return;
    }
    worker.update(pod);
  }

  private void podDeleted(V1Pod pod) {
    String key = pod.getMetadata().getNamespace() + "/" + pod.getMetadata().getName();
    unschedulable.remove(key);
    PodWorker worker = workers.get(key);
    if (worker != null && worker.uid().equals(pod.getMetadata().getUid())) {
      worker.removed();
      workers.remove(key);
    }
  }

  /** The scheduler's job, for the one node there is: node selector and node name must fit. */
  private void schedule(String key, V1Pod pod) {
    Map<String, String> selector = pod.getSpec().getNodeSelector();
    String misfit = null;
    if (selector != null) {
      for (Map.Entry<String, String> e : selector.entrySet()) {
        if (!e.getValue().equals(nodeLabels.get(e.getKey()))) {
          misfit = "0/1 nodes are available: 1 node(s) didn't match Pod's node affinity/selector.";
        }
      }
    }
    if (misfit == null) {
      try {
        api.bindPod(pod.getMetadata().getNamespace(), pod.getMetadata().getName(), nodeName);
        unschedulable.remove(key);
      } catch (RuntimeException e) {
        log.debug("binding {} failed (probably bound already): {}", key, e.toString());
      }
      return;
    }
    if (misfit.equals(unschedulable.get(key))) {
      return;
    }
    unschedulable.put(key, misfit);
    V1PodStatus status =
        new V1PodStatus()
            .phase("Pending")
            .addConditionsItem(
                new V1PodCondition()
                    .type("PodScheduled")
                    .status("False")
                    .reason("Unschedulable")
                    .message(misfit)
                    .lastTransitionTime(scheduler.now().atOffset(ZoneOffset.UTC)));
    api.updatePodStatus(pod.getMetadata().getNamespace(), pod.getMetadata().getName(), status);
  }

  /** How to make a {@link Kubelet}. */
  public static final class Builder {
    private KubeletApi api;
    private PodRuntime runtime;
    private Scheduler scheduler;
    private String nodeName = "hubflow-node";
    private final Map<String, String> nodeLabels = new LinkedHashMap<>();
    private String hostIP = "172.18.0.2";
    private boolean scheduling = true;
    private boolean killSidecarsAfterMain = true;
    private ArtifactStore artifacts = ArtifactStore.NONE;

    private Builder() {}

    /** The cluster (required). */
    public Builder api(KubeletApi api) {
      this.api = api;
      return this;
    }

    /** What runs containers (required): {@code SimulatedRuntime} or {@code LocalRuntime}. */
    public Builder runtime(PodRuntime runtime) {
      this.runtime = runtime;
      return this;
    }

    /** Time: a {@code ManualScheduler} in tests; the system clock by default. */
    public Builder scheduler(Scheduler scheduler) {
      this.scheduler = scheduler;
      return this;
    }

    public Builder nodeName(String nodeName) {
      this.nodeName = nodeName;
      return this;
    }

    /** Extra node labels, matched against pods' {@code nodeSelector}. */
    public Builder nodeLabels(Map<String, String> labels) {
      this.nodeLabels.putAll(labels);
      return this;
    }

    public Builder hostIP(String hostIP) {
      this.hostIP = hostIP;
      return this;
    }

    /** Whether this kubelet also binds unscheduled pods to its node (default true). */
    public Builder scheduling(boolean scheduling) {
      this.scheduling = scheduling;
      return this;
    }

    /**
     * Whether sidecars are stopped (SIGTERM) once wait has reported the outputs, as Argo's
     * controller does through {@code pods/exec} (default true).
     */
    public Builder killSidecarsAfterMain(boolean kill) {
      this.killSidecarsAfterMain = kill;
      return this;
    }

    /** Where artifacts are loaded from and saved to (none by default). */
    public Builder artifacts(ArtifactStore artifacts) {
      this.artifacts = artifacts;
      return this;
    }

    public Kubelet build() {
      return new Kubelet(this);
    }
  }

  /** For tests: the workers the kubelet holds. */
  List<String> podKeys() {
    return List.copyOf(workers.keySet());
  }
}
