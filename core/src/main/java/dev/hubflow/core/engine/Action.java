package dev.hubflow.core.engine;

import io.kubernetes.client.openapi.models.V1PersistentVolumeClaim;
import io.kubernetes.client.openapi.models.V1Pod;

/** Something the controller must do in a cluster for a workflow. Applying twice is harmless. */
public sealed interface Action {

  /** Create a pod (an "already exists" answer counts as done). */
  record CreatePod(V1Pod pod) implements Action {}

  /** Delete a pod (a "not found" answer counts as done). */
  record DeletePod(String namespace, String name) implements Action {}

  /** Create a claim from the workflow's {@code volumeClaimTemplates}. */
  record CreateClaim(V1PersistentVolumeClaim claim) implements Action {}

  /** Delete a claim the workflow created, once the workflow is done. */
  record DeleteClaim(String namespace, String name) implements Action {}
}
