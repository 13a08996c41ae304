package dev.hubflow.core.controller;

import dev.hubflow.model.v1alpha1.NodeStatus;
import dev.hubflow.model.v1alpha1.Workflow;
import dev.hubflow.model.v1alpha1.WorkflowStatus;
import io.kubernetes.client.openapi.models.V1ObjectMeta;
import io.kubernetes.client.openapi.models.V1Pod;
import java.util.HashMap;
import java.util.Map;

/** Small workflows and pods for controller tests. */
public final class TestWorkflows {
  private TestWorkflows() {}

  public static Workflow workflow(String namespace, String name) {
    return new Workflow()
        .apiVersion("argoproj.io/v1alpha1")
        .kind("Workflow")
        .metadata(new V1ObjectMeta().namespace(namespace).name(name));
  }

  public static Workflow withPhase(Workflow workflow, String phase) {
    Workflow copy = dev.hubflow.model.Codec.copy(workflow);
    if (copy.getStatus() == null) {
      copy.setStatus(new WorkflowStatus());
    }
    copy.getStatus().setPhase(phase);
    Map<String, String> labels =
        copy.getMetadata().getLabels() == null
            ? new HashMap<>()
            : new HashMap<>(copy.getMetadata().getLabels());
    labels.put("workflows.argoproj.io/phase", phase);
    copy.getMetadata().setLabels(labels);
    return copy;
  }

  public static Workflow withNode(Workflow workflow, String nodeId, String phase) {
    Workflow copy = dev.hubflow.model.Codec.copy(workflow);
    if (copy.getStatus() == null) {
      copy.setStatus(new WorkflowStatus());
    }
    copy.getStatus().putNodesItem(nodeId, new NodeStatus().id(nodeId).name(nodeId).phase(phase));
    return copy;
  }

  public static V1Pod pod(String namespace, String workflow, String name, String nodeId) {
    return new V1Pod()
        .metadata(
            new V1ObjectMeta()
                .namespace(namespace)
                .name(name)
                .putLabelsItem("workflows.argoproj.io/workflow", workflow)
                .putAnnotationsItem("workflows.argoproj.io/node-id", nodeId));
  }
}
