package dev.hubflow.testkit.kubelet;

import dev.hubflow.core.argo.ArgoNames;
import dev.hubflow.core.pod.PodBuilder;
import dev.hubflow.core.pod.PodConfig;
import dev.hubflow.core.pod.PodRequest;
import dev.hubflow.model.Codec;
import dev.hubflow.model.v1alpha1.Template;
import dev.hubflow.model.v1alpha1.Workflow;
import io.kubernetes.client.openapi.models.V1ContainerStatus;
import io.kubernetes.client.openapi.models.V1Pod;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

/** Pods in Argo's layout for kubelet tests. */
final class Pods {
  static final String NS = "argo";

  private Pods() {}

  static Workflow workflow(String name) {
    return Codec.read(
        """
        apiVersion: argoproj.io/v1alpha1
        kind: Workflow
        metadata: {name: %s, namespace: argo, uid: %s-uid}
        spec:
          entrypoint: main
          volumeClaimTemplates:
          - metadata: {name: workdir}
            spec: {accessModes: [ReadWriteOnce], resources: {requests: {storage: 1Gi}}}
        """
            .formatted(name, name),
        Workflow.class);
  }

  /** The pod of node {@code <wf>[0].step} running {@code templateYaml}. */
  static V1Pod argoPod(String wf, String templateYaml) {
    return argoPod(wf, templateYaml, Optional.empty());
  }

  static V1Pod argoPod(String wf, String templateYaml, Optional<Instant> deadline) {
    return argoPod(wf, templateYaml, deadline, true);
  }

  /** Without an owner: the workflow lives in another cluster (or not at all). */
  static V1Pod unownedArgoPod(String wf, String templateYaml) {
    return argoPod(wf, templateYaml, Optional.empty(), false);
  }

  static V1Pod argoPod(String wf, String templateYaml, Optional<Instant> deadline, boolean owned) {
    Template t = Codec.read(templateYaml, Template.class);
    String nodeName = wf + "[0].step";
    return new PodBuilder(PodConfig.defaults())
        .build(
            new PodRequest(
                workflow(wf),
                ArgoNames.nodeId(wf, nodeName),
                nodeName,
                ArgoNames.podName(wf, nodeName, t.getName()),
                t,
                NS,
                deadline,
                owned,
                true));
  }

  static String nodeId(String wf) {
    return ArgoNames.nodeId(wf, wf + "[0].step");
  }

  static V1ContainerStatus status(V1Pod pod, String container) {
    List<V1ContainerStatus> all = new java.util.ArrayList<>();
    if (pod.getStatus().getInitContainerStatuses() != null) {
      all.addAll(pod.getStatus().getInitContainerStatuses());
    }
    if (pod.getStatus().getContainerStatuses() != null) {
      all.addAll(pod.getStatus().getContainerStatuses());
    }
    return all.stream().filter(s -> s.getName().equals(container)).findFirst().orElseThrow();
  }

  static String condition(V1Pod pod, String type) {
    return pod.getStatus().getConditions().stream()
        .filter(c -> c.getType().equals(type))
        .map(c -> c.getStatus())
        .findFirst()
        .orElse(null);
  }
}
