package dev.hubflow.core.controller;

import dev.hubflow.core.cluster.Cluster;
import dev.hubflow.core.cluster.ClusterListener;
import dev.hubflow.core.cluster.WorkflowKey;
import dev.hubflow.core.config.ControllerConfig;
import dev.hubflow.core.engine.WorkflowEngine;
import dev.hubflow.core.spi.Clock;
import dev.hubflow.core.status.NodeStatusPacking;
import dev.hubflow.model.v1alpha1.Workflow;
import dev.hubflow.model.v1alpha1.WorkflowTaskResult;
import io.kubernetes.client.extended.workqueue.ratelimiter.ItemExponentialFailureRateLimiter;
import io.kubernetes.client.openapi.ApiException;
import io.kubernetes.client.openapi.models.V1ObjectReference;
import io.kubernetes.client.openapi.models.V1Pod;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The reconcile loop: informer events from every cluster put workflow keys on one rate-limited work
 * queue, and N workers take them off and {@link WorkflowReconciler reconcile} them. A key is never
 * held by two workers at once. Events enqueue at once, or within {@link
 * ControllerConfig#podProgressDelay()} for pod progress that cannot let the workflow move on (no
 * fixed requeue period); the engine's {@code wakeAt} comes back through {@code addAfter}; failures
 * come back with per-workflow exponential backoff.
 */
public final class WorkflowController implements AutoCloseable {
  private static final Logger log = LoggerFactory.getLogger(WorkflowController.class);

  private final ControllerConfig config;
  private final Clock clock;
  private final Map<String, Cluster> clusters = new ConcurrentHashMap<>();
  private final List<WorkflowListener> listeners = new CopyOnWriteArrayList<>();
  private final WriteOverlay overlay = new WriteOverlay();
  private final CreatedPods createdPods = new CreatedPods();
  private final Placements placements = new Placements();
  private final List<ConnectionListener> connectionListeners = new CopyOnWriteArrayList<>();
  private final TimedWorkQueue<WorkflowKey> queue;
  private final WorkflowReconciler reconciler;
  private final ControllerMetrics metrics;
  private final List<Thread> workers = new ArrayList<>();
  private final ClusterListener events = new Events();

  /**
   * Workflows being reconciled right now, with the newest version of each the informer delivered
   * meanwhile: that may be the reconcile's own write coming back, which it can only tell once the
   * write has returned.
   */
  private final Map<WorkflowKey, Optional<Workflow>> reconciling = new ConcurrentHashMap<>();

  /** Why each workflow held for its spoke waits, as last told. */
  private final Map<WorkflowKey, String> waitedFor = new ConcurrentHashMap<>();

  private volatile boolean started;

  public WorkflowController(
      WorkflowEngine engine, ControllerConfig config, Clock clock, MeterRegistry registry) {
    this.config = Objects.requireNonNull(config, "config");
    this.clock = Objects.requireNonNull(clock, "clock");
    this.queue =
        new TimedWorkQueue<>(
            new ItemExponentialFailureRateLimiter<>(
                config.retryBaseDelay(), config.retryMaxDelay()),
            "hubflow-queue-delay");
    this.reconciler =
        new WorkflowReconciler(
            name -> Optional.ofNullable(clusters.get(name)),
            Objects.requireNonNull(engine, "engine"),
            clock,
            overlay,
            createdPods,
            placements,
            new NodeStatusPacking(config.maxWorkflowSize()));
    this.metrics = new ControllerMetrics(registry, clusters::values, queue::length);
  }

  /** Watch a cluster from now on. Its informers start at once; its workflows are reconciled. */
  public void addCluster(Cluster cluster) {
    if (clusters.putIfAbsent(cluster.name(), cluster) != null) {
      throw new IllegalArgumentException("cluster " + cluster.name() + " is already added");
    }
    metrics.clusterAdded(cluster);
    cluster.start(events);
    // Hub workflows waiting for this spoke to be registered.
    placements.placedIn(cluster.name()).forEach(this::enqueue);
  }

  /**
   * Replace a cluster (its connection changed): the old one's informers stop, the new one's start,
   * and its workflows are reconciled again from the new caches.
   */
  public void replaceCluster(Cluster cluster) {
    removeCluster(cluster.name());
    addCluster(cluster);
  }

  /** Stop watching a cluster; its queued workflows are dropped when they come up. */
  public void removeCluster(String name) {
    Cluster cluster = clusters.remove(name);
    if (cluster != null) {
      metrics.clusterRemoved(name);
      cluster.close();
    }
  }

  public Optional<Cluster> cluster(String name) {
    return Optional.ofNullable(clusters.get(name));
  }

  public Collection<Cluster> clusters() {
    return List.copyOf(clusters.values());
  }

  public void addListener(WorkflowListener listener) {
    listeners.add(listener);
  }

  public void removeListener(WorkflowListener listener) {
    listeners.remove(listener);
  }

  /** Be told when a cluster's API server stops or starts answering. */
  public void addConnectionListener(ConnectionListener listener) {
    connectionListeners.add(listener);
  }

  /** Start the workers. */
  public synchronized void start() {
    if (started) {
      return;
    }
    started = true;
    for (int i = 1; i <= config.workers(); i++) {
      Thread worker = new Thread(this::work, "hubflow-worker-" + i);
      worker.setDaemon(true);
      worker.start();
      workers.add(worker);
    }
    log.info("controller started workers={} clusters={}", config.workers(), clusters.keySet());
  }

  /** Reconcile this workflow soon, whatever else happens. */
  public void enqueue(WorkflowKey key) {
    queue.add(key);
    metrics.queued();
  }

  /** Stop the workers and every cluster's informers. A reconcile in progress finishes first. */
  @Override
  public void close() {
    queue.shutDown();
    for (Thread worker : workers) {
      try {
        worker.join(Duration.ofSeconds(30).toMillis());
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        break;
      }
    }
    for (String name : List.copyOf(clusters.keySet())) {
      removeCluster(name);
    }
    log.info("controller stopped");
  }

  private void work() {
    while (true) {
      WorkflowKey key;
      try {
        key = queue.get();
      } catch (InterruptedException e) {
        return;
      }
      if (key == null || queue.isShuttingDown()) {
        // Shutting down: leave what is queued for the next controller to pick up.
        if (key != null) {
          queue.done(key);
        }
        return;
      }
      reconciling.put(key, Optional.empty());
      try {
        process(key);
      } finally {
        Optional<Workflow> arrived = reconciling.remove(key);
        if (arrived != null && arrived.isPresent()) {
          workflowArrived(key, arrived.get());
        }
        queue.done(key);
      }
    }
  }

  /** A new version of a workflow: reconcile it, unless it is our own settled write coming back. */
  private void workflowArrived(WorkflowKey key, Workflow workflow) {
    if (!overlay.observed(key, workflow)) {
      enqueue(key);
    }
  }

  private void process(WorkflowKey key) {
    Timer.Sample sample = Timer.start();
    // This reconcile sees all a pending delay waited for; its outcome asks for its own wake-up.
    queue.cancelDelayed(key);
    try {
      Outcome outcome = reconciler.reconcile(key);
      if (outcome instanceof Outcome.Reconciled reconciled) {
        queue.forget(key);
        reconciled.wakeAt().ifPresent(at -> wakeAt(key, at));
      } else if (outcome instanceof Outcome.NotReady notReady) {
        notReady.waitingFor().ifPresent(why -> waiting(key, why));
        queue.addAfter(key, config.notSyncedRetryDelay());
      } else {
        queue.forget(key);
      }
      if (!(outcome instanceof Outcome.NotReady)) {
        waitedFor.remove(key);
      }
    } catch (ApiException e) {
      int attempt = queue.numRequeues(key) + 1;
      log.warn(
          "workflow={} namespace={} cluster={} reconcile failed, will retry attempt={} status={}"
              + " error={}",
          key.name(),
          key.namespace(),
          key.cluster(),
          attempt,
          e.getCode(),
          firstLine(e.getMessage()));
      queue.addRateLimited(key);
    } catch (RuntimeException e) {
      metrics.operationPanicked();
      log.error(
          "workflow={} namespace={} cluster={} reconcile crashed, will retry with backoff",
          key.name(),
          key.namespace(),
          key.cluster(),
          e);
      queue.addRateLimited(key);
    } finally {
      sample.stop(metrics.operationDuration());
    }
  }

  /**
   * A workflow held for its spoke is said so once per reason (a log line and a Warning Event on the
   * workflow, as {@code kubectl describe} shows), not on every retry.
   */
  private void waiting(WorkflowKey key, String why) {
    if (why.equals(waitedFor.put(key, why))) {
      return;
    }
    log.warn(
        "workflow={} namespace={} cluster={} waits: {}",
        key.name(),
        key.namespace(),
        key.cluster(),
        why);
    Cluster home = clusters.get(key.cluster());
    if (home == null) {
      return;
    }
    home.workflow(key.namespace(), key.name())
        .ifPresent(
            wf ->
                home.recordEvent(
                    new V1ObjectReference()
                        .apiVersion(wf.getApiVersion())
                        .kind("Workflow")
                        .namespace(key.namespace())
                        .name(key.name())
                        .uid(wf.getMetadata().getUid()),
                    "Warning",
                    "WaitingForCluster",
                    "the workflow waits: " + why));
  }

  private void wakeAt(WorkflowKey key, Instant at) {
    Duration delay = Duration.between(clock.now(), at);
    if (delay.isNegative() || delay.isZero()) {
      enqueue(key);
    } else {
      queue.addAfter(key, delay);
    }
  }

  private static String firstLine(String message) {
    if (message == null) {
      return "";
    }
    int newline = message.indexOf('\n');
    return newline < 0 ? message : message.substring(0, newline);
  }

  /**
   * Informer events: a workflow change enqueues it at once (unless it is our own settled write
   * coming back); a pod or task result change as soon as its {@link Urgency} says.
   */
  private final class Events implements ClusterListener {
    @Override
    public void workflowChanged(String cluster, Workflow workflow) {
      WorkflowKey key = WorkflowKey.of(cluster, workflow);
      if (reconciling.computeIfPresent(key, (k, v) -> Optional.of(workflow)) == null) {
        workflowArrived(key, workflow);
      }
      for (WorkflowListener listener : listeners) {
        try {
          listener.workflowChanged(cluster, workflow);
        } catch (RuntimeException e) {
          log.warn("workflow={} listener failed", key, e);
        }
      }
    }

    @Override
    public void workflowDeleted(String cluster, Workflow workflow) {
      WorkflowKey key = WorkflowKey.of(cluster, workflow);
      overlay.forget(key);
      createdPods.forget(key);
      enqueue(key);
    }

    @Override
    public void podChanged(WorkflowKey workflow, V1Pod before, V1Pod after) {
      String podName = (after != null ? after : before).getMetadata().getName();
      Optional<WorkflowKey> hub = placements.workflowOf(workflow);
      // Created pods are remembered under the key of the workflow that asked for them.
      Optional<V1Pod> created =
          createdPods
              .seen(workflow, podName)
              .or(() -> hub.flatMap(h -> createdPods.seen(h, podName)));
      Urgency urgency = Urgency.ofPod(before, after, created);
      hub.ifPresent(h -> reconcile(h, urgency));
      reconcile(workflow, urgency);
    }

    @Override
    public void taskResultChanged(WorkflowKey workflow, WorkflowTaskResult result) {
      Cluster cluster = clusters.get(workflow.cluster());
      Urgency urgency =
          cluster == null
              ? Urgency.NOW
              : Urgency.ofResult(
                  result, cluster.podOfNode(workflow.namespace(), result.getMetadata().getName()));
      placements.workflowOf(workflow).ifPresent(h -> reconcile(h, urgency));
      reconcile(workflow, urgency);
    }

    private void reconcile(WorkflowKey key, Urgency urgency) {
      if (urgency == Urgency.NOW) {
        enqueue(key);
      } else if (urgency == Urgency.SOON) {
        queue.addAfter(key, config.podProgressDelay());
      }
    }

    @Override
    public void connectionChanged(String cluster, boolean connected, String reason) {
      if (connected) {
        // Pick up at once what waited for this cluster instead of at the next retry.
        Cluster c = clusters.get(cluster);
        if (c != null) {
          c.workflows().forEach(w -> enqueue(WorkflowKey.of(cluster, w)));
        }
        placements.placedIn(cluster).forEach(WorkflowController.this::enqueue);
      }
      for (ConnectionListener listener : connectionListeners) {
        try {
          listener.connectionChanged(cluster, connected, reason);
        } catch (RuntimeException e) {
          log.warn("cluster={} connection listener failed", cluster, e);
        }
      }
    }
  }
}
