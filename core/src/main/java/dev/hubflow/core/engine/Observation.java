package dev.hubflow.core.engine;

import dev.hubflow.model.v1alpha1.NodeResult;
import dev.hubflow.model.v1alpha1.Workflow;
import io.kubernetes.client.openapi.models.V1Pod;
import java.time.Instant;
import java.util.Map;

/**
 * Everything the engine looks at for one workflow at one moment. Objects here come from informer
 * caches: the engine never mutates them.
 *
 * @param workflow the workflow as last seen
 * @param podsByNodeId its pods, keyed by the {@code workflows.argoproj.io/node-id} annotation
 * @param resultsByNodeId outputs reported by executors (WorkflowTaskResults), keyed by node id
 * @param now the time of this reconcile
 */
public record Observation(
    Workflow workflow,
    Map<String, V1Pod> podsByNodeId,
    Map<String, NodeResult> resultsByNodeId,
    Instant now) {}
