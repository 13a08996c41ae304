package dev.hubflow.core.engine;

import dev.hubflow.core.argo.ArgoNames;
import dev.hubflow.core.pod.PodRequest;
import dev.hubflow.model.Codec;
import dev.hubflow.model.v1alpha1.NodeResult;
import dev.hubflow.model.v1alpha1.NodeStatus;
import dev.hubflow.model.v1alpha1.Outputs;
import dev.hubflow.model.v1alpha1.Parameter;
import dev.hubflow.model.v1alpha1.Workflow;
import io.kubernetes.client.openapi.models.V1ContainerState;
import io.kubernetes.client.openapi.models.V1ContainerStateRunning;
import io.kubernetes.client.openapi.models.V1ContainerStateTerminated;
import io.kubernetes.client.openapi.models.V1ContainerStatus;
import io.kubernetes.client.openapi.models.V1ObjectMeta;
import io.kubernetes.client.openapi.models.V1PersistentVolumeClaim;
import io.kubernetes.client.openapi.models.V1Pod;
import io.kubernetes.client.openapi.models.V1PodSpec;
import io.kubernetes.client.openapi.models.V1PodStatus;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

/**
 * An in-memory cluster for engine tests: it applies the engine's actions, runs each pod as its
 * {@link Behaviour} says (driving a fake clock, never sleeping), writes task results, and loops
 * reconcile until the workflow ends or nothing can move.
 */
final class FakeCluster {

  /** How one pod runs. */
  record Behaviour(
      Duration duration,
      int exitCode,
      Map<String, String> parameters,
      String result,
      String failure) {

    static Behaviour succeed() {
      return new Behaviour(Duration.ofSeconds(1), 0, Map.of(), "", null);
    }

    static Behaviour exit(int code) {
      return new Behaviour(Duration.ofSeconds(1), code, Map.of(), "", null);
    }

    static Behaviour output(String result) {
      return new Behaviour(Duration.ofSeconds(1), 0, Map.of(), result, null);
    }

    static Behaviour params(Map<String, String> params) {
      return new Behaviour(Duration.ofSeconds(1), 0, params, "", null);
    }

    /**
     * {@code oom}, {@code evicted}, {@code init}, {@code vanish} (pod deleted while running),
     * {@code unschedulable} (stays Pending).
     */
    static Behaviour fail(String failure) {
      return new Behaviour(Duration.ofSeconds(1), 1, Map.of(), "", failure);
    }

    Behaviour taking(Duration d) {
      return new Behaviour(d, exitCode, parameters, result, failure);
    }
  }

  final ArgoWorkflowEngine engine;
  final Map<String, V1Pod> pods = new LinkedHashMap<>();
  final Map<String, NodeResult> results = new LinkedHashMap<>();
  final Map<String, PodRequest> requests = new LinkedHashMap<>();
  final List<PodRequest> created = new ArrayList<>();
  final List<String> deleted = new ArrayList<>();
  final List<V1PersistentVolumeClaim> claims = new ArrayList<>();
  final List<String> deletedClaims = new ArrayList<>();
  final Map<String, Instant> runningSince = new HashMap<>();
  final List<Integer> concurrentPods = new ArrayList<>();
  Function<PodRequest, Behaviour> behaviour = r -> Behaviour.succeed();
  Workflow workflow;
  Instant now = Instant.parse("2026-01-01T00:00:00Z");
  Reconciliation last;
  int reconciles;

  FakeCluster() {
    this(new EngineConfig(null, null, null, 100));
  }

  FakeCluster(EngineConfig config) {
    EngineConfig base = EngineConfig.defaults();
    this.engine =
        new ArgoWorkflowEngine(
            new EngineConfig(
                config.workflowDefaults(),
                this::fakePod,
                base.expressions(),
                config.maxStackDepth()));
  }

  FakeCluster behave(Function<PodRequest, Behaviour> b) {
    this.behaviour = b;
    return this;
  }

  FakeCluster submit(String yaml) {
    this.workflow = Codec.read(yaml, Workflow.class);
    if (workflow.getMetadata().getNamespace() == null) {
      workflow.getMetadata().setNamespace("argo");
    }
    workflow.getMetadata().setUid("uid-1");
    workflow.getMetadata().setCreationTimestamp(OffsetDateTime.ofInstant(now, ZoneOffset.UTC));
    return this;
  }

  FakeCluster submit(Workflow wf) {
    this.workflow = wf;
    return this;
  }

  private V1Pod fakePod(PodRequest r) {
    requests.put(r.nodeId(), r);
    return new V1Pod()
        .metadata(
            new V1ObjectMeta()
                .name(r.podName())
                .namespace(r.namespace())
                .putAnnotationsItem(ArgoNames.ANNOTATION_NODE_ID, r.nodeId())
                .putAnnotationsItem(ArgoNames.ANNOTATION_NODE_NAME, r.nodeName())
                .putLabelsItem(ArgoNames.LABEL_WORKFLOW, r.workflow().getMetadata().getName()))
        .spec(new V1PodSpec());
  }

  Reconciliation reconcileOnce() {
    Observation observation = new Observation(workflow, Map.copyOf(pods), Map.copyOf(results), now);
    String before = Codec.toJson(workflow);
    last = engine.reconcile(observation);
    reconciles++;
    if (!before.equals(Codec.toJson(workflow))) {
      throw new AssertionError("the engine mutated the observed workflow");
    }
    last.workflow().ifPresent(w -> workflow = w);
    for (Action a : last.actions()) {
      if (a instanceof Action.CreatePod c) {
        String nodeId = c.pod().getMetadata().getAnnotations().get(ArgoNames.ANNOTATION_NODE_ID);
        if (!pods.containsKey(nodeId)) {
          V1Pod pod = c.pod();
          pod.setStatus(new V1PodStatus().phase("Pending"));
          pods.put(nodeId, pod);
          created.add(requests.get(nodeId));
        }
      } else if (a instanceof Action.DeletePod d) {
        deleted.add(d.name());
        pods.values().removeIf(p -> p.getMetadata().getName().equals(d.name()));
      } else if (a instanceof Action.CreateClaim c) {
        claims.add(c.claim());
      } else if (a instanceof Action.DeleteClaim d) {
        deletedClaims.add(d.name());
      }
    }
    return last;
  }

  boolean done() {
    String phase = workflow.getStatus() == null ? null : workflow.getStatus().getPhase();
    return "Succeeded".equals(phase) || "Failed".equals(phase) || "Error".equals(phase);
  }

  /** Reconciles and runs pods until the workflow ends or is stuck (e.g. waiting to be resumed). */
  FakeCluster run() {
    for (int i = 0; i < 500; i++) {
      Reconciliation r = reconcileOnce();
      if (done()) {
        return this;
      }
      boolean moved = r.workflow().isPresent() || !r.actions().isEmpty();
      moved |= advancePods();
      if (!moved) {
        Instant next = nextPodEvent();
        Instant wake = r.wakeAt().orElse(null);
        if (wake != null && (next == null || wake.isBefore(next))) {
          next = wake;
        }
        if (next == null) {
          return this; // stuck: only an outside event can move it on
        }
        now = next.isAfter(now) ? next : now.plusSeconds(1);
      }
    }
    throw new AssertionError("workflow did not settle: " + Codec.toYaml(workflow.getStatus()));
  }

  /** Moves pods one step on (Pending to Running, finished when their time is up). */
  boolean run2Pods() {
    return advancePods();
  }

  private Instant nextPodEvent() {
    Instant next = null;
    for (Map.Entry<String, V1Pod> e : pods.entrySet()) {
      if (!"Running".equals(e.getValue().getStatus().getPhase())) {
        continue;
      }
      Behaviour b = behaviour.apply(requests.get(e.getKey()));
      Instant end = runningSince.get(e.getKey()).plus(b.duration());
      Long ads =
          e.getValue().getSpec() == null ? null : e.getValue().getSpec().getActiveDeadlineSeconds();
      if (ads != null && runningSince.get(e.getKey()).plusSeconds(ads).isBefore(end)) {
        end = runningSince.get(e.getKey()).plusSeconds(ads);
      }
      if (next == null || end.isBefore(next)) {
        next = end;
      }
    }
    return next;
  }

  private boolean advancePods() {
    boolean moved = false;
    int running = 0;
    for (Map.Entry<String, V1Pod> e : new ArrayList<>(pods.entrySet())) {
      String nodeId = e.getKey();
      V1Pod pod = e.getValue();
      String phase = pod.getStatus().getPhase();
      PodRequest request = requests.get(nodeId);
      Behaviour b = behaviour.apply(request);
      if ("Pending".equals(phase)) {
        if ("unschedulable".equals(b.failure())) {
          continue;
        }
        if ("init".equals(b.failure())) {
          finish(nodeId, pod, b);
        } else {
          pod.setStatus(
              new V1PodStatus()
                  .phase("Running")
                  .addContainerStatusesItem(
                      new V1ContainerStatus()
                          .name("main")
                          .state(new V1ContainerState().running(new V1ContainerStateRunning()))));
          runningSince.put(nodeId, now);
        }
        moved = true;
      } else if ("Running".equals(phase)) {
        Long ads = pod.getSpec() == null ? null : pod.getSpec().getActiveDeadlineSeconds();
        if (ads != null
            && !now.isBefore(runningSince.get(nodeId).plusSeconds(ads))
            && now.isBefore(runningSince.get(nodeId).plus(b.duration()))) {
          pod.setStatus(
              new V1PodStatus()
                  .phase("Failed")
                  .reason("DeadlineExceeded")
                  .message("Pod was active on the node longer than the specified deadline"));
          moved = true;
        } else if (!now.isBefore(runningSince.get(nodeId).plus(b.duration()))) {
          finish(nodeId, pod, b);
          moved = true;
        }
      }
      if ("Running".equals(pod.getStatus().getPhase()) || "Pending".equals(phase)) {
        running++;
      }
    }
    concurrentPods.add(running);
    return moved;
  }

  private void finish(String nodeId, V1Pod pod, Behaviour b) {
    OffsetDateTime t = OffsetDateTime.ofInstant(now, ZoneOffset.UTC);
    if ("vanish".equals(b.failure())) {
      pods.remove(nodeId);
      return;
    }
    V1PodStatus status = new V1PodStatus();
    if ("evicted".equals(b.failure())) {
      status.phase("Failed").reason("Evicted").message("The node was low on resource: memory.");
    } else if ("init".equals(b.failure())) {
      status
          .phase("Failed")
          .addInitContainerStatusesItem(terminated("init", 1, "Error", t))
          .addContainerStatusesItem(
              new V1ContainerStatus()
                  .name("main")
                  .state(
                      new V1ContainerState()
                          .waiting(
                              new io.kubernetes.client.openapi.models.V1ContainerStateWaiting()
                                  .reason("PodInitializing"))));
    } else if ("oom".equals(b.failure())) {
      status.phase("Failed").addContainerStatusesItem(terminated("main", 137, "OOMKilled", t));
    } else {
      int code = b.exitCode();
      status
          .phase(code == 0 ? "Succeeded" : "Failed")
          .addContainerStatusesItem(terminated("main", code, code == 0 ? "Completed" : "Error", t));
      results.put(nodeId, result(requests.get(nodeId), b));
    }
    pod.setStatus(status);
  }

  private static V1ContainerStatus terminated(
      String name, int code, String reason, OffsetDateTime t) {
    return new V1ContainerStatus()
        .name(name)
        .state(
            new V1ContainerState()
                .terminated(
                    new V1ContainerStateTerminated().exitCode(code).reason(reason).finishedAt(t)));
  }

  private static NodeResult result(PodRequest r, Behaviour b) {
    Outputs out = new Outputs();
    var declared = r.template().getOutputs();
    if (declared != null && declared.getParameters() != null) {
      for (Parameter p : declared.getParameters()) {
        String v = b.parameters().get(p.getName());
        if (v == null && p.getValueFrom() != null) {
          v = p.getValueFrom().getDefault_();
        }
        if (v != null) {
          out.addParametersItem(
              new Parameter().name(p.getName()).value(v).globalName(p.getGlobalName()));
        }
      }
    }
    if (r.template().getScript() != null || r.includeScriptOutput()) {
      out.setResult(b.result());
    }
    return new NodeResult().outputs(out).progress("1/1");
  }

  // --- what users and tests do to a running workflow ---

  /** {@code argo resume}: the running Suspend nodes succeed. */
  FakeCluster resume() {
    Workflow wf = Codec.copy(workflow);
    wf.getSpec().setSuspend(null);
    for (NodeStatus n : wf.getStatus().getNodes().values()) {
      if ("Suspend".equals(n.getType()) && "Running".equals(n.getPhase())) {
        n.setPhase("Succeeded");
        n.setFinishedAt(OffsetDateTime.ofInstant(now, ZoneOffset.UTC));
      }
    }
    workflow = wf;
    return this;
  }

  FakeCluster shutdown(String strategy) {
    Workflow wf = Codec.copy(workflow);
    wf.getSpec().setShutdown(strategy);
    workflow = wf;
    return this;
  }

  FakeCluster tick(Duration d) {
    now = now.plus(d);
    return this;
  }

  // --- assertions' helpers ---

  String phase() {
    return workflow.getStatus().getPhase();
  }

  String message() {
    return workflow.getStatus().getMessage();
  }

  NodeStatus node(String displayName) {
    return workflow.getStatus().getNodes().values().stream()
        .filter(n -> displayName.equals(n.getDisplayName()))
        .findFirst()
        .orElseThrow(() -> new AssertionError("no node " + displayName + " in " + displayNames()));
  }

  List<String> displayNames() {
    return workflow.getStatus().getNodes() == null
        ? List.of()
        : workflow.getStatus().getNodes().values().stream()
            .map(NodeStatus::getDisplayName)
            .toList();
  }

  PodRequest request(String displayName) {
    return requests.get(node(displayName).getId());
  }
}
