package dev.hubflow.testkit.kubelet;

import dev.hubflow.core.pod.PodBuilder;
import dev.hubflow.model.Codec;
import dev.hubflow.testkit.runtime.ContainerExit;
import dev.hubflow.testkit.runtime.ContainerRun;
import dev.hubflow.testkit.runtime.Mount;
import dev.hubflow.testkit.runtime.PodSandbox;
import dev.hubflow.testkit.runtime.RunningContainer;
import dev.hubflow.testkit.runtime.SandboxSpec;
import dev.hubflow.testkit.runtime.VolumeData;
import dev.hubflow.testkit.time.Scheduler;
import io.kubernetes.client.openapi.models.V1Container;
import io.kubernetes.client.openapi.models.V1ContainerState;
import io.kubernetes.client.openapi.models.V1ContainerStateRunning;
import io.kubernetes.client.openapi.models.V1ContainerStateTerminated;
import io.kubernetes.client.openapi.models.V1ContainerStateWaiting;
import io.kubernetes.client.openapi.models.V1ContainerStatus;
import io.kubernetes.client.openapi.models.V1Pod;
import io.kubernetes.client.openapi.models.V1PodCondition;
import io.kubernetes.client.openapi.models.V1PodIP;
import io.kubernetes.client.openapi.models.V1PodStatus;
import io.kubernetes.client.openapi.models.V1VolumeMount;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One pod on the kubelet's node, from binding to removal: volumes, init containers in order, then
 * the app containers, restarts, the active deadline and graceful deletion, with its status written
 * back after every change. Every method runs on the kubelet's thread.
 */
final class PodWorker implements ExecutorHost {
  private static final Logger log = LoggerFactory.getLogger(PodWorker.class);
  private static final Duration RETRY = Duration.ofSeconds(1);
  private static final Duration MAX_BACKOFF = Duration.ofMinutes(5);
  static final String DEADLINE_REASON = "DeadlineExceeded";
  static final String DEADLINE_MESSAGE =
      "Pod was active on the node longer than the specified deadline";

  private final Kubelet kubelet;
  private V1Pod pod;
  private final String namespace;
  private final String name;
  private final String podIP;
  private final List<Ctr> inits = new ArrayList<>();
  private final List<Ctr> apps = new ArrayList<>();
  private final Map<String, Condition> conditions = new LinkedHashMap<>();
  private PodSandbox sandbox;
  private Instant startTime;
  private String phase = "Pending";
  private String reason;
  private String message;
  private int nextInit;
  private boolean initialized;
  private boolean deadlineExceeded;
  private boolean terminating;
  private boolean finished;
  private boolean gone;
  private Long scheduledDeadline;
  private Scheduler.Scheduled deadlineTimer;
  private Scheduler.Scheduled retryTimer;

  /** A status update that failed is published again (from the then current state) after this. */
  private Scheduler.Scheduled publishRetry;

  /** The status changed since it was last written. */
  private boolean statusDirty;

  /** A write of the status is queued on the kubelet's loop. */
  private boolean flushQueued;

  private static final class Ctr {
    final V1Container spec;
    final boolean init;
    String state = "waiting";
    String waitingReason;
    String waitingMessage;
    Instant startedAt;
    Instant finishedAt;
    ContainerExit exit;
    V1ContainerState lastState;
    int restarts;
    int generation;
    boolean restartPending;
    RunningContainer handle;
    final StringBuilder stdout = new StringBuilder();

    Ctr(V1Container spec, boolean init, String waitingReason) {
      this.spec = spec;
      this.init = init;
      this.waitingReason = waitingReason;
    }

    String name() {
      return spec.getName();
    }

    boolean running() {
      return state.equals("running");
    }

    boolean terminated() {
      return state.equals("terminated");
    }
  }

  private record Condition(String status, String reason, String message, Instant since) {}

  PodWorker(Kubelet kubelet, V1Pod pod, String podIP) {
    this.kubelet = kubelet;
    this.pod = pod;
    this.namespace = pod.getMetadata().getNamespace();
    this.name = pod.getMetadata().getName();
    this.podIP = podIP;
    boolean hasInits =
        pod.getSpec().getInitContainers() != null && !pod.getSpec().getInitContainers().isEmpty();
    if (hasInits) {
      pod.getSpec()
          .getInitContainers()
          .forEach(c -> inits.add(new Ctr(c, true, "PodInitializing")));
    }
    pod.getSpec()
        .getContainers()
        .forEach(
            c -> apps.add(new Ctr(c, false, hasInits ? "PodInitializing" : "ContainerCreating")));
  }

  String uid() {
    return pod.getMetadata().getUid();
  }

  boolean finished() {
    return finished;
  }

  // ---- lifecycle ----

  void start() {
    startTime = now();
    publish();
    armDeadline();
    prepare();
  }

  /** The pod changed in the cluster: deletion, a new active deadline. */
  void update(V1Pod latest) {
    pod = latest;
    if (latest.getMetadata().getDeletionTimestamp() != null && !terminating) {
      long grace =
          latest.getMetadata().getDeletionGracePeriodSeconds() == null
              ? 30
              : latest.getMetadata().getDeletionGracePeriodSeconds();
      terminate(Duration.ofSeconds(grace));
      return;
    }
    armDeadline();
  }

  /** The pod is gone from the cluster: stop everything at once. */
  void removed() {
    gone = true;
    cancelTimers();
    forEachCtr(c -> kill(c, Duration.ZERO));
    closeSandbox();
  }

  private void prepare() {
    if (terminating || finished) {
      return;
    }
    Map<String, VolumeData> volumes;
    try {
      volumes = Volumes.of(pod, kubelet.api());
    } catch (ContainerConfigException e) {
      forEachCtr(
          c -> {
            c.waitingReason = "ContainerCreating";
            c.waitingMessage = null;
          });
      message = null;
      log.info("pod {}/{} waits for its volumes: {}", namespace, name, e.getMessage());
      publish();
      retryTimer = onLoopAfter(RETRY, this::prepare);
      return;
    }
    try {
      sandbox = kubelet.runtime().open(new SandboxSpec(namespace, name, uid(), volumes));
    } catch (RuntimeException e) {
      log.error(
          "pod {}/{}: runtime {} cannot open a sandbox",
          namespace,
          name,
          kubelet.runtime().name(),
          e);
      forEachCtr(
          c -> {
            c.waitingReason = "CreateContainerError";
            c.waitingMessage = e.getMessage();
          });
      publish();
      return;
    }
    runNextInit();
  }

  private void runNextInit() {
    if (terminating || finished || deadlineExceeded) {
      return;
    }
    if (nextInit < inits.size()) {
      startCtr(inits.get(nextInit));
      return;
    }
    initialized = true;
    apps.forEach(c -> c.waitingReason = "ContainerCreating");
    apps.forEach(this::startCtr);
  }

  private void startCtr(Ctr c) {
    if (terminating || finished || deadlineExceeded || gone) {
      return;
    }
    Map<String, String> env;
    try {
      env = Environment.of(pod, c.spec, kubelet.api());
    } catch (ContainerConfigException e) {
      c.waitingReason = e.reason();
      c.waitingMessage = e.getMessage();
      publish();
      onLoopAfter(
          RETRY,
          () -> {
            if (c.state.equals("waiting")) {
              startCtr(c);
            }
          });
      return;
    }
    List<String> command = c.spec.getCommand() == null ? List.of() : c.spec.getCommand();
    RunningContainer handle;
    int generation = ++c.generation;
    c.stdout.setLength(0);
    if (ArgoExecutor.handles(command)) {
      handle = ArgoExecutor.start(c.name(), command, env, this);
    } else {
      List<String> cmd = Environment.expandAll(PodBuilder.emissaryCommand(c.spec), env);
      List<String> args = Environment.expandAll(c.spec.getArgs(), env);
      ContainerRun run =
          new ContainerRun(
              c.name(),
              c.spec.getImage(),
              cmd,
              args,
              env,
              c.spec.getWorkingDir(),
              mounts(c.name()),
              text -> output(c, generation, text, true),
              text -> output(c, generation, text, false));
      try {
        handle = sandbox.start(run);
      } catch (RuntimeException e) {
        log.warn("pod {}/{} container {} cannot start", namespace, name, c.name(), e);
        handle = null;
        c.handle = null;
        finish(c, generation, new ContainerExit(128, "StartError", e.getMessage()));
        return;
      }
    }
    c.handle = handle;
    if (handle.waiting().isPresent()) {
      c.waitingReason = handle.waiting().get().reason();
      c.waitingMessage = handle.waiting().get().message();
    } else {
      c.state = "running";
      c.startedAt = now();
      c.waitingReason = null;
      c.waitingMessage = null;
      if (!c.init && phase.equals("Pending")) {
        phase = "Running";
      }
    }
    publish();
    handle
        .exit()
        .whenComplete(
            (exit, error) ->
                kubelet.onLoop(
                    () ->
                        finish(
                            c,
                            generation,
                            exit != null ? exit : ContainerExit.of(128, String.valueOf(error)))));
  }

  private void output(Ctr c, int generation, String text, boolean stdout) {
    // Runtimes write from their own threads; logs are kept thread-safe by the kubelet.
    kubelet.appendLog(namespace, name, c.name(), text);
    if (stdout) {
      synchronized (c.stdout) {
        if (c.generation == generation) {
          c.stdout.append(text);
        }
      }
    }
  }

  private void finish(Ctr c, int generation, ContainerExit exit) {
    if (c.generation != generation || c.terminated() || gone) {
      return;
    }
    if (ContainerExit.VANISHED.equals(exit.reason())) {
      log.info("pod {}/{} vanishes (scripted)", namespace, name);
      kubelet.api().deletePod(namespace, name);
      return;
    }
    c.state = "terminated";
    c.exit = exit;
    kubelet.finishLog(namespace, name, c.name());
    c.finishedAt = now();
    if (c.startedAt == null) {
      c.startedAt = c.finishedAt;
    }
    boolean restart = !terminating && !deadlineExceeded && !finished && restarts(c);
    if (restart) {
      c.restartPending = true;
      Duration backoff = backoff(c.restarts);
      onLoopAfter(backoff, () -> restart(c));
    }
    forEachCtr(
        x -> {
          if (x.handle != null) {
            ArgoExecutor.containerEnded(x.handle);
          }
        });
    if (!c.init
        && PodBuilder.WAIT.equals(c.name())
        && kubelet.killSidecarsAfterMain()
        && isExecutorPod()) {
      // Argo's controller stops sidecars once the main containers are done; wait ends after them.
      for (Ctr x : apps) {
        if (x.running()
            && !ArgoExecutor.mainContainerNames(pod).contains(x.name())
            && !x.name().equals(PodBuilder.WAIT)) {
          kill(x, gracePeriod());
        }
      }
    }
    if (c.init && !terminating && !deadlineExceeded) {
      if (exit.succeeded()) {
        nextInit++;
        runNextInit();
      } else if (!restart) {
        phase = "Failed";
        done();
      }
    } else if (!c.init) {
      if (apps.stream().allMatch(x -> x.terminated() && !x.restartPending)) {
        if (!deadlineExceeded) {
          phase = apps.stream().allMatch(x -> x.exit.succeeded()) ? "Succeeded" : "Failed";
        }
        done();
      }
    }
    if (terminating && noneRunning()) {
      publishNow();
      closeSandbox();
      kubelet.api().deletePod(namespace, name);
      return;
    }
    if (deadlineExceeded && noneRunning()) {
      done();
    }
    publish();
  }

  private boolean restarts(Ctr c) {
    String policy =
        pod.getSpec().getRestartPolicy() == null ? "Always" : pod.getSpec().getRestartPolicy();
    if (c.init) {
      return !c.exit.succeeded() && !policy.equals("Never");
    }
    return policy.equals("Always") || (policy.equals("OnFailure") && !c.exit.succeeded());
  }

  private static Duration backoff(int restarts) {
    Duration d = Duration.ofSeconds(10).multipliedBy(1L << Math.min(restarts, 5));
    return d.compareTo(MAX_BACKOFF) > 0 ? MAX_BACKOFF : d;
  }

  private void restart(Ctr c) {
    if (terminating || finished || deadlineExceeded || gone) {
      c.restartPending = false;
      return;
    }
    c.lastState = state(c);
    c.restarts++;
    c.restartPending = false;
    c.state = "waiting";
    c.waitingReason = "ContainerCreating";
    c.exit = null;
    c.finishedAt = null;
    c.startedAt = null;
    startCtr(c);
  }

  private void done() {
    if (finished) {
      return;
    }
    finished = true;
    cancelTimers();
    if (noneRunning() && !terminating) {
      closeSandbox();
    }
  }

  private void armDeadline() {
    Long ads = pod.getSpec().getActiveDeadlineSeconds();
    if (Objects.equals(ads, scheduledDeadline) || startTime == null || finished) {
      return;
    }
    if (deadlineTimer != null) {
      deadlineTimer.cancel();
      deadlineTimer = null;
    }
    scheduledDeadline = ads;
    if (ads == null) {
      return;
    }
    Duration left = Duration.between(now(), startTime.plusSeconds(ads));
    deadlineTimer = onLoopAfter(left, this::deadlinePassed);
  }

  private void deadlinePassed() {
    if (finished || terminating || gone) {
      return;
    }
    log.info("pod {}/{} passed its active deadline", namespace, name);
    deadlineExceeded = true;
    phase = "Failed";
    reason = DEADLINE_REASON;
    message = DEADLINE_MESSAGE;
    forEachCtr(c -> kill(c, gracePeriod()));
    if (noneRunning()) {
      done();
    }
    publish();
  }

  private void terminate(Duration grace) {
    terminating = true;
    cancelTimers();
    forEachCtr(c -> kill(c, grace));
    if (noneRunning()) {
      publishNow();
      closeSandbox();
      kubelet.api().deletePod(namespace, name);
    } else {
      publish();
    }
  }

  private void kill(Ctr c, Duration grace) {
    if (c.handle != null && !c.terminated()) {
      c.handle.kill(grace);
    }
    c.restartPending = false;
  }

  private boolean noneRunning() {
    return inits.stream()
            .noneMatch(
                c ->
                    c.running()
                        || (c.handle != null && c.handle.waiting().isPresent() && !c.terminated()))
        && apps.stream()
            .noneMatch(
                c ->
                    c.running()
                        || (c.handle != null && c.handle.waiting().isPresent() && !c.terminated()));
  }

  private Duration gracePeriod() {
    Long g = pod.getSpec().getTerminationGracePeriodSeconds();
    return Duration.ofSeconds(g == null ? 30 : g);
  }

  private void cancelTimers() {
    if (deadlineTimer != null) {
      deadlineTimer.cancel();
    }
    if (retryTimer != null) {
      retryTimer.cancel();
    }
    if (publishRetry != null) {
      publishRetry.cancel();
      publishRetry = null;
    }
  }

  private void closeSandbox() {
    if (sandbox != null) {
      try {
        sandbox.close();
      } catch (RuntimeException e) {
        log.warn("pod {}/{}: closing its sandbox failed", namespace, name, e);
      }
      sandbox = null;
    }
  }

  private void forEachCtr(java.util.function.Consumer<Ctr> f) {
    inits.forEach(f);
    apps.forEach(f);
  }

  private boolean isExecutorPod() {
    return apps.stream()
        .anyMatch(
            c -> PodBuilder.WAIT.equals(c.name()) && ArgoExecutor.handles(c.spec.getCommand()));
  }

  private Instant now() {
    return kubelet.scheduler().now();
  }

  /** Runs the task on the kubelet's loop (where all of a pod's work happens) after the delay. */
  private Scheduler.Scheduled onLoopAfter(Duration delay, Runnable task) {
    return kubelet.scheduler().schedule(delay, () -> kubelet.onLoop(task));
  }

  // ---- status ----

  /**
   * As a kubelet's status manager: what changes while the kubelet is busy with a pod (its sandbox
   * and first container started in one go, a container ending just as another does) goes out as one
   * status update, written from the latest state once the work already queued on the kubelet's loop
   * is done.
   */
  private void publish() {
    statusDirty = true;
    if (flushQueued || gone) {
      return;
    }
    flushQueued = true;
    kubelet.onLoop(
        () -> {
          flushQueued = false;
          if (statusDirty) {
            publishNow();
          }
        });
  }

  /** Writes the status at once (before the kubelet deletes the pod itself). */
  private void publishNow() {
    statusDirty = false;
    if (gone) {
      return;
    }
    V1PodStatus s = new V1PodStatus();
    s.setPhase(phase);
    s.setReason(reason);
    s.setMessage(message);
    s.setHostIP(kubelet.hostIP());
    s.setPodIP(podIP);
    s.setPodIPs(List.of(new V1PodIP().ip(podIP)));
    s.setStartTime(time(startTime));
    s.setQosClass(qosClass());
    boolean terminal = phase.equals("Succeeded") || phase.equals("Failed");
    condition("PodScheduled", "True", null, null);
    if (initialized) {
      condition("Initialized", "True", null, null);
    } else if (terminal && !inits.isEmpty()) {
      condition("Initialized", "False", "PodCompleted", null);
    } else {
      condition(
          "Initialized",
          "False",
          "ContainersNotInitialized",
          "containers with incomplete status: "
              + names(inits.stream().filter(c -> !c.terminated()).toList()));
    }
    List<Ctr> unready = apps.stream().filter(c -> !c.running()).toList();
    if (terminal) {
      condition("Ready", "False", "PodCompleted", null);
      condition("ContainersReady", "False", "PodCompleted", null);
    } else if (unready.isEmpty() && initialized) {
      condition("Ready", "True", null, null);
      condition("ContainersReady", "True", null, null);
    } else {
      String msg = "containers with unready status: " + names(unready);
      condition("Ready", "False", "ContainersNotReady", msg);
      condition("ContainersReady", "False", "ContainersNotReady", msg);
    }
    for (String type : List.of("Initialized", "Ready", "ContainersReady", "PodScheduled")) {
      Condition c = conditions.get(type);
      s.addConditionsItem(
          new V1PodCondition()
              .type(type)
              .status(c.status())
              .reason(c.reason())
              .message(c.message())
              .lastTransitionTime(time(c.since())));
    }
    if (!inits.isEmpty()) {
      s.setInitContainerStatuses(inits.stream().map(this::status).toList());
    }
    s.setContainerStatuses(apps.stream().map(this::status).toList());
    try {
      kubelet.api().updatePodStatus(namespace, name, s);
    } catch (RuntimeException e) {
      // As a kubelet's status manager does: the API server may be away for a while, and a pod's
      // end must not be lost with the one update that failed.
      log.warn(
          "pod {}/{}: status update failed, retrying in {}: {}",
          namespace,
          name,
          RETRY,
          e.toString());
      if (publishRetry == null) {
        publishRetry =
            onLoopAfter(
                RETRY,
                () -> {
                  publishRetry = null;
                  publishNow();
                });
      }
    }
  }

  private void condition(String type, String status, String reason, String message) {
    Condition old = conditions.get(type);
    Instant since = old != null && old.status().equals(status) ? old.since() : now();
    conditions.put(type, new Condition(status, reason, message, since));
  }

  private static String names(List<Ctr> cs) {
    return "[" + String.join(" ", cs.stream().map(Ctr::name).toList()) + "]";
  }

  private String qosClass() {
    boolean any = false;
    for (Ctr c : apps) {
      var r = c.spec.getResources();
      if (r != null
          && ((r.getLimits() != null && !r.getLimits().isEmpty())
              || (r.getRequests() != null && !r.getRequests().isEmpty()))) {
        any = true;
      }
    }
    return any ? "Burstable" : "BestEffort";
  }

  private V1ContainerStatus status(Ctr c) {
    V1ContainerStatus s =
        new V1ContainerStatus()
            .name(c.name())
            .image(c.spec.getImage())
            .imageID(c.spec.getImage() == null ? "" : "hubflow://" + c.spec.getImage())
            .restartCount(c.restarts)
            .ready(!c.init && c.running())
            .started(c.running())
            .state(state(c))
            .lastState(c.lastState == null ? new V1ContainerState() : c.lastState);
    if (c.startedAt != null) {
      s.setContainerID("hubflow://" + uid() + "/" + c.name() + "/" + c.restarts);
    }
    return s;
  }

  private V1ContainerState state(Ctr c) {
    return switch (c.state) {
      case "running" ->
          new V1ContainerState()
              .running(new V1ContainerStateRunning().startedAt(time(c.startedAt)));
      case "terminated" ->
          new V1ContainerState()
              .terminated(
                  new V1ContainerStateTerminated()
                      .exitCode(c.exit.exitCode())
                      .reason(c.exit.reason())
                      .message(c.exit.message())
                      .startedAt(time(c.startedAt))
                      .finishedAt(time(c.finishedAt))
                      .containerID("hubflow://" + uid() + "/" + c.name() + "/" + c.restarts));
      default ->
          new V1ContainerState()
              .waiting(
                  new V1ContainerStateWaiting().reason(c.waitingReason).message(c.waitingMessage));
    };
  }

  private static OffsetDateTime time(Instant t) {
    return t == null ? null : t.truncatedTo(ChronoUnit.SECONDS).atOffset(ZoneOffset.UTC);
  }

  // ---- ExecutorHost ----

  @Override
  public V1Pod pod() {
    return Codec.copy(pod);
  }

  @Override
  public PodSandbox sandbox() {
    return sandbox;
  }

  @Override
  public List<Mount> mounts(String container) {
    List<V1Container> all = new ArrayList<>();
    inits.forEach(c -> all.add(c.spec));
    apps.forEach(c -> all.add(c.spec));
    for (V1Container c : all) {
      if (c.getName().equals(container)) {
        List<Mount> out = new ArrayList<>();
        if (c.getVolumeMounts() != null) {
          for (V1VolumeMount m : c.getVolumeMounts()) {
            out.add(
                new Mount(
                    m.getName(),
                    m.getMountPath(),
                    m.getSubPath(),
                    Boolean.TRUE.equals(m.getReadOnly())));
          }
        }
        return out;
      }
    }
    return List.of();
  }

  @Override
  public String stdout(String container) {
    for (Ctr c : apps) {
      if (c.name().equals(container)) {
        synchronized (c.stdout) {
          return c.stdout.toString();
        }
      }
    }
    return "";
  }

  @Override
  public boolean ended(String container) {
    for (Ctr c : apps) {
      if (c.name().equals(container)) {
        return c.terminated() && !c.restartPending;
      }
    }
    return true;
  }

  @Override
  public void kill(String container, Duration grace) {
    for (Ctr c : apps) {
      if (c.name().equals(container)) {
        kill(c, grace);
      }
    }
  }

  @Override
  public void onLoop(Runnable task) {
    kubelet.onLoop(task);
  }

  @Override
  public Scheduler scheduler() {
    return kubelet.scheduler();
  }

  @Override
  public KubeletApi api() {
    return kubelet.api();
  }

  @Override
  public ArtifactStore artifacts() {
    return kubelet.artifacts();
  }
}
