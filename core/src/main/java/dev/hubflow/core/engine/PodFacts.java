package dev.hubflow.core.engine;

import dev.hubflow.core.argo.ArgoNames;
import io.kubernetes.client.openapi.models.V1ContainerStatus;
import io.kubernetes.client.openapi.models.V1Pod;
import io.kubernetes.client.openapi.models.V1PodCondition;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;

/**
 * What the engine reads from a pod, and nothing else: the engine takes pods only through this view,
 * so two pods with equal facts cannot make it decide differently. The controller relies on that to
 * ignore pod updates that change nothing here (a kubelet writes many: conditions, a container
 * starting while the pod already runs), which is Argo's {@code significantPodChange} made exact.
 *
 * @param name the pod's name
 * @param namespace the pod's namespace
 * @param phase the pod's phase, {@code Pending} when it has none yet
 * @param nodeName the Kubernetes node it was bound to, if any
 * @param onExit whether it runs an exit handler (labelled so; a shutdown lets it finish)
 * @param pendingMessage while Pending: the first waiting container's reason (and message), or why
 *     it cannot be scheduled; otherwise null
 * @param failure when the pod Failed: the node phase and message Argo infers for it; otherwise null
 * @param mainExitCode the main container's exit code once it terminated, else null
 * @param initFailed an init container terminated with a non-zero code
 * @param waitUnfinished a {@code wait} container has not terminated (outputs may still come)
 * @param finishedAt when the pod has ended: its last container's end (to the second), or null for
 *     "now" (a container still runs, or none reported an end); null while it has not ended
 */
public record PodFacts(
    String name,
    String namespace,
    String phase,
    String nodeName,
    boolean onExit,
    String pendingMessage,
    Failure failure,
    String mainExitCode,
    boolean initFailed,
    boolean waitUnfinished,
    OffsetDateTime finishedAt) {

  /** Argo's {@code inferFailedReason}: the node phase and message of a failed pod. */
  public record Failure(String phase, String message) {}

  public static PodFacts of(V1Pod pod) {
    var status = pod.getStatus();
    String phase = status == null || status.getPhase() == null ? "Pending" : status.getPhase();
    List<V1ContainerStatus> containers =
        status == null || status.getContainerStatuses() == null
            ? List.of()
            : status.getContainerStatuses();
    List<V1ContainerStatus> inits =
        status == null || status.getInitContainerStatuses() == null
            ? List.of()
            : status.getInitContainerStatuses();
    Map<String, String> labels = pod.getMetadata().getLabels();
    String mainExitCode = null;
    boolean waitUnfinished = false;
    for (V1ContainerStatus c : containers) {
      var terminated = c.getState() == null ? null : c.getState().getTerminated();
      if ("main".equals(c.getName()) && terminated != null) {
        mainExitCode = String.valueOf(terminated.getExitCode());
      }
      if ("wait".equals(c.getName()) && terminated == null) {
        waitUnfinished = true;
      }
    }
    boolean initFailed =
        inits.stream()
            .anyMatch(
                c ->
                    c.getState() != null
                        && c.getState().getTerminated() != null
                        && c.getState().getTerminated().getExitCode() != 0);
    boolean ended = ended(phase) || initFailed;
    return new PodFacts(
        pod.getMetadata().getName(),
        pod.getMetadata().getNamespace(),
        phase,
        pod.getSpec() == null ? null : pod.getSpec().getNodeName(),
        labels != null && labels.containsKey(ArgoNames.LABEL_ON_EXIT),
        "Pending".equals(phase) ? pendingReason(pod, containers) : null,
        "Failed".equals(phase) ? failedReason(pod, containers, inits) : null,
        mainExitCode,
        initFailed,
        waitUnfinished,
        ended ? lastEnd(containers, inits) : null);
  }

  /** Whether the pod still runs or will: Pending or Running. */
  public boolean active() {
    return !ended(phase);
  }

  /**
   * Whether these facts end the pod's node: the pod ended and its executor is done, or an init
   * container failed. Only such a change can let the workflow move on; the others refine the status
   * of a node that still runs.
   */
  public boolean endsNode() {
    return initFailed || (ended(phase) && !waitUnfinished);
  }

  private static boolean ended(String phase) {
    return !"Pending".equals(phase) && !"Running".equals(phase);
  }

  private static OffsetDateTime lastEnd(
      List<V1ContainerStatus> containers, List<V1ContainerStatus> inits) {
    OffsetDateTime latest = null;
    List<V1ContainerStatus> all = new ArrayList<>(inits);
    all.addAll(containers);
    for (V1ContainerStatus c : all) {
      if (c.getState() == null) {
        continue;
      }
      if (c.getState().getRunning() != null) {
        return null;
      }
      var terminated = c.getState().getTerminated();
      if (terminated != null && terminated.getFinishedAt() != null) {
        OffsetDateTime t = terminated.getFinishedAt().withOffsetSameInstant(ZoneOffset.UTC);
        if (latest == null || t.isAfter(latest)) {
          latest = t;
        }
      }
    }
    return latest == null ? null : latest.truncatedTo(ChronoUnit.SECONDS);
  }

  private static String pendingReason(V1Pod pod, List<V1ContainerStatus> containers) {
    for (V1ContainerStatus c : containers) {
      if (c.getState() != null && c.getState().getWaiting() != null) {
        var w = c.getState().getWaiting();
        String reason = w.getReason() == null ? "" : w.getReason();
        if (w.getMessage() != null && !w.getMessage().isEmpty()) {
          return reason + ": " + w.getMessage();
        }
        return reason;
      }
    }
    if (pod.getStatus() != null && pod.getStatus().getConditions() != null) {
      for (V1PodCondition cond : pod.getStatus().getConditions()) {
        if ("Unschedulable".equals(cond.getReason())) {
          if (cond.getMessage() != null && !cond.getMessage().isEmpty()) {
            return cond.getReason() + ": " + cond.getMessage();
          }
          return cond.getReason();
        }
      }
    }
    return "";
  }

  private static Failure failedReason(
      V1Pod pod, List<V1ContainerStatus> containers, List<V1ContainerStatus> inits) {
    if (pod.getStatus() != null
        && pod.getStatus().getMessage() != null
        && !pod.getStatus().getMessage().isEmpty()) {
      return new Failure("Failed", pod.getStatus().getMessage());
    }
    List<V1ContainerStatus> ordered = new ArrayList<>(containers);
    ordered.sort(Comparator.comparingInt(c -> order(c.getName())));
    List<V1ContainerStatus> all = new ArrayList<>(inits);
    all.addAll(ordered);
    if (all.isEmpty()) {
      return new Failure(
          "Failed",
          "can't find failed message for pod "
              + pod.getMetadata().getName()
              + " namespace "
              + pod.getMetadata().getNamespace());
    }
    for (V1ContainerStatus c : all) {
      if (c.getState() != null && c.getState().getWaiting() != null) {
        var w = c.getState().getWaiting();
        return new Failure(
            "Error",
            "Pod failed before "
                + c.getName()
                + " container starts due to "
                + nullToEmpty(w.getReason())
                + ": "
                + nullToEmpty(w.getMessage()));
      }
      var t = c.getState() == null ? null : c.getState().getTerminated();
      if (t == null || t.getExitCode() == 0) {
        continue;
      }
      String msg = nullToEmpty(t.getReason()) + " (exit code " + t.getExitCode() + ")";
      if (t.getMessage() != null && !t.getMessage().isEmpty()) {
        msg = msg + ": " + t.getMessage();
      }
      if (inits.contains(c) && "init".equals(c.getName())) {
        return new Failure("Error", msg);
      }
      if ("main".equals(c.getName())) {
        return new Failure("Failed", msg);
      }
      if ("wait".equals(c.getName())) {
        return new Failure("Error", msg);
      }
      if (t.getExitCode() != 137 && t.getExitCode() != 143) {
        return new Failure("Failed", msg);
      }
    }
    return new Failure("Succeeded", "");
  }

  private static int order(String name) {
    if ("main".equals(name)) {
      return 1;
    }
    if ("wait".equals(name)) {
      return 2;
    }
    return 3;
  }

  private static String nullToEmpty(String s) {
    return s == null ? "" : s;
  }
}
