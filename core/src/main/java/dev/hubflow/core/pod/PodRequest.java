package dev.hubflow.core.pod;

import dev.hubflow.model.v1alpha1.Template;
import dev.hubflow.model.v1alpha1.Workflow;
import java.time.Instant;
import java.util.Optional;

/**
 * What the engine asks of one pod: the node it runs and the template it runs, already resolved
 * (inputs substituted, defaults applied).
 *
 * @param workflow the workflow the node belongs to
 * @param nodeId Argo's node id ({@code ArgoNames.nodeId})
 * @param nodeName the node's full name, e.g. {@code wf[0].step}
 * @param podName the pod's name ({@code ArgoNames.podName})
 * @param template the resolved template ({@code container} or {@code script}, ...)
 * @param namespace where the pod goes (the workflow's namespace, or the spoke's)
 * @param deadline when the node must end ({@code ARGO_DEADLINE}), if any
 * @param ownedByWorkflow whether the pod gets an ownerReference to the workflow (only when both
 *     live in the same cluster)
 * @param includeScriptOutput whether the executor captures stdout as {@code outputs.result} ({@code
 *     ARGO_INCLUDE_SCRIPT_OUTPUT}); Argo sets it when a later step or task references this node's
 *     {@code outputs.result}
 */
public record PodRequest(
    Workflow workflow,
    String nodeId,
    String nodeName,
    String podName,
    Template template,
    String namespace,
    Optional<Instant> deadline,
    boolean ownedByWorkflow,
    boolean includeScriptOutput) {

  /**
   * A request that always captures the result: callers that do not track references get {@code
   * outputs.result} everywhere, at the cost of a larger task result.
   */
  public PodRequest(
      Workflow workflow,
      String nodeId,
      String nodeName,
      String podName,
      Template template,
      String namespace,
      Optional<Instant> deadline,
      boolean ownedByWorkflow) {
    this(workflow, nodeId, nodeName, podName, template, namespace, deadline, ownedByWorkflow, true);
  }
}
