package dev.hubflow.testkit.kubelet;

import dev.hubflow.model.v1alpha1.WorkflowTaskResult;
import io.kubernetes.client.openapi.models.V1ConfigMap;
import io.kubernetes.client.openapi.models.V1Pod;
import io.kubernetes.client.openapi.models.V1PodStatus;
import io.kubernetes.client.openapi.models.V1Secret;
import java.util.Optional;

/**
 * Everything the simulated kubelet needs from its cluster, and nothing more: so it runs against any
 * API server ({@link ClientKubeletApi}), an in-process store, or an in-memory fake ({@link
 * InMemoryKubeletApi}). Implementations must be safe to call from any thread.
 */
public interface KubeletApi {

  /**
   * Starts delivering pod events: every existing pod first (as {@link PodListener#onPod}), then
   * each change. Events for one pod arrive in order. Closing the handle stops delivery.
   */
  AutoCloseable watchPods(PodListener listener);

  /** Receives pod events; must return quickly (the kubelet only queues them). */
  interface PodListener {
    /** A pod was added or changed. */
    void onPod(V1Pod pod);

    /** A pod is gone from the cluster. */
    void onPodDeleted(V1Pod pod);
  }

  /** Binds an unscheduled pod to a node (what the scheduler does). */
  void bindPod(String namespace, String name, String nodeName);

  /** Replaces the pod's status. A pod that no longer exists is ignored. */
  void updatePodStatus(String namespace, String name, V1PodStatus status);

  /** Removes the pod for good once its containers have stopped (delete with grace period 0). */
  void deletePod(String namespace, String name);

  Optional<V1ConfigMap> getConfigMap(String namespace, String name);

  Optional<V1Secret> getSecret(String namespace, String name);

  /**
   * Creates the task result, or merges it into the existing one of that name (labels, outputs,
   * phase, message), as argoexec does.
   */
  void upsertTaskResult(WorkflowTaskResult result);

  /** Offers a container's new log text to the cluster (an API server that serves pods/log). */
  default void appendLog(String namespace, String pod, String container, String text) {}

  /** Tells the cluster a container's log is complete (followers of the log stop). */
  default void finishLog(String namespace, String pod, String container) {}
}
