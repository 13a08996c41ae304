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
 */
public record PodRequest(
    Workflow workflow,
    String nodeId,
    String nodeName,
    String podName,
    Template template,
    String namespace,
    Optional<Instant> deadline,
    boolean ownedByWorkflow) {}
