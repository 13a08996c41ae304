package dev.hubflow.core.cluster;

import dev.hubflow.model.v1alpha1.Workflow;
import dev.hubflow.model.v1alpha1.WorkflowTaskResult;
import io.kubernetes.client.openapi.ApiException;
import io.kubernetes.client.openapi.models.V1ObjectReference;
import io.kubernetes.client.openapi.models.V1PersistentVolumeClaim;
import io.kubernetes.client.openapi.models.V1Pod;
import java.util.List;
import java.util.Optional;

/**
 * One Kubernetes cluster as the controller sees it: informer caches to read from and the few writes
 * a reconcile makes. Reads never touch the network and return cache objects, which callers must not
 * mutate. Writes are idempotent: creating what exists and deleting what is gone succeed.
 */
public interface Cluster extends AutoCloseable {

  String name();

  /** Start the informers; their events go to the listener. Called once. */
  void start(ClusterListener listener);

  /**
   * Whether every informer has listed its objects at least once. Until then an object missing from
   * the cache may still exist, so nothing may be concluded from its absence.
   */
  boolean synced();

  /**
   * Whether the cluster's API server answered lately. While it does not, its caches are frozen at
   * what was last seen: nothing may be concluded from a pod missing there.
   */
  default boolean connected() {
    return true;
  }

  Optional<Workflow> workflow(String namespace, String name);

  /** Every workflow in the cache. */
  List<Workflow> workflows();

  /** The pods labelled with this workflow's name, in its namespace. */
  List<V1Pod> pods(String namespace, String workflowName);

  /** The pod of a node (by its {@code workflows.argoproj.io/node-id} annotation), if cached. */
  Optional<V1Pod> podOfNode(String namespace, String nodeId);

  /** The task results labelled with this workflow's name, in its namespace. */
  List<WorkflowTaskResult> taskResults(String namespace, String workflowName);

  /** Submit a workflow (honours {@code generateName}); returns it as stored. */
  Workflow createWorkflow(Workflow workflow) throws ApiException;

  /**
   * Apply a JSON merge patch (RFC 7386) to a workflow; returns the resourceVersion it was stored
   * with (the caller knows what it wrote).
   */
  String patchWorkflow(String namespace, String name, String mergePatch) throws ApiException;

  /** Create a pod (in its namespace); false when it already existed. */
  boolean createPod(V1Pod pod) throws ApiException;

  /** Delete a pod; a pod that is already gone is not an error. */
  void deletePod(String namespace, String name) throws ApiException;

  /** Create a claim; one that already exists is not an error. */
  void createClaim(V1PersistentVolumeClaim claim) throws ApiException;

  /** Delete a claim; one that is already gone is not an error. */
  void deleteClaim(String namespace, String name) throws ApiException;

  /** Delete a task result; one that is already gone is not an error. */
  default void deleteTaskResult(String namespace, String name) throws ApiException {
    throw new UnsupportedOperationException("cluster " + name() + " cannot delete task results");
  }

  /**
   * Record a Kubernetes Event about an object of this cluster (type Normal or Warning). Best
   * effort: clusters that cannot hold events ignore it.
   */
  default void recordEvent(V1ObjectReference about, String type, String reason, String message) {}

  /** Stop the informers. */
  @Override
  void close();
}
