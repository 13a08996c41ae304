package dev.hubflow.core.engine.run;

import dev.hubflow.core.argo.ArgoNames;
import dev.hubflow.core.engine.Action;
import dev.hubflow.core.engine.params.Durations;
import dev.hubflow.core.engine.status.NodeType;
import dev.hubflow.core.engine.status.Phase;
import dev.hubflow.core.pod.PodBuildException;
import dev.hubflow.core.pod.PodRequest;
import dev.hubflow.model.Codec;
import dev.hubflow.model.v1alpha1.NodeStatus;
import dev.hubflow.model.v1alpha1.Template;
import dev.hubflow.model.v1alpha1.Workflow;
import dev.hubflow.model.v1alpha1.WorkflowSpec;
import io.kubernetes.client.openapi.models.V1ObjectMeta;
import io.kubernetes.client.openapi.models.V1Pod;
import io.kubernetes.client.openapi.models.V1PodSpec;
import io.kubernetes.client.openapi.models.V1Volume;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** Argo's {@code executeContainer}/{@code executeScript} and {@code createWorkflowPod}. */
final class PodNodes {

  private final Operation op;
  private Workflow podWorkflow;

  PodNodes(Operation op) {
    this.op = op;
  }

  void execute(String nodeName, TemplateReference ref, Template tmpl, ExecOpts opts) {
    NodeStatus node = op.nodes().byName(nodeName);
    if (node == null) {
      node =
          op.executor()
              .initExecutable(
                  nodeName,
                  NodeType.POD,
                  tmpl,
                  ref,
                  opts.boundaryId,
                  Phase.PENDING,
                  opts.flag,
                  null);
    }
    createPod(nodeName, node, tmpl, opts);
  }

  private void createPod(String nodeName, NodeStatus node, Template tmpl, ExecOpts opts) {
    if (op.pod(node.getId()) != null) {
      return;
    }
    if (!op.shouldExecute(opts.onExit)) {
      op.nodes()
          .markPhase(nodeName, Phase.SKIPPED, "workflow shutdown with strategy: " + op.shutdown());
      return;
    }
    Long activeDeadline =
        tmpl.getActiveDeadlineSeconds() == null
            ? null
            : Long.valueOf(Retries.intOf(tmpl.getActiveDeadlineSeconds()));
    Instant wfDeadline = op.workflowDeadline();
    if (wfDeadline != null && !opts.onExit) {
      long remaining = Duration.between(op.now(), wfDeadline).getSeconds();
      if (remaining <= 0) {
        return;
      }
      if (activeDeadline == null || remaining < activeDeadline) {
        activeDeadline = remaining;
      }
    }
    if (tmpl.getTimeout() != null && !tmpl.getTimeout().isEmpty()) {
      Instant templateDeadline =
          node.getStartedAt().toInstant().plus(Durations.go(tmpl.getTimeout()));
      long left = Duration.between(op.now(), templateDeadline).getSeconds();
      if (left <= 1) {
        throw NodeException.other(nodeName + " exceeded its deadline");
      }
      activeDeadline = left;
    }
    Instant deadline = wfDeadline;
    if (opts.executionDeadline != null
        && (deadline == null || opts.executionDeadline.isBefore(deadline))) {
      deadline = opts.executionDeadline;
    }
    Map<String, String> annotations = op.workflow().getMetadata().getAnnotations();
    String cluster = annotations == null ? null : annotations.get(ArgoNames.ANNOTATION_CLUSTER);
    String namespace = op.workflow().getMetadata().getNamespace();
    if (annotations != null && annotations.get(ArgoNames.ANNOTATION_CLUSTER_NAMESPACE) != null) {
      namespace = annotations.get(ArgoNames.ANNOTATION_CLUSTER_NAMESPACE);
    }
    String podName = ArgoNames.podName(op.name(), nodeName, tmpl.getName());
    PodRequest request =
        new PodRequest(
            podWorkflow(),
            node.getId(),
            nodeName,
            podName,
            tmpl,
            namespace,
            Optional.ofNullable(deadline),
            cluster == null || cluster.isEmpty(),
            "script".equals(TemplateExecutor.type(tmpl))
                || PodReconciliation.resultReferenced(op, node));
    V1Pod pod;
    try {
      pod = op.config().pods().apply(request);
    } catch (PodBuildException e) {
      throw NodeException.other(e.getMessage());
    }
    if (pod.getMetadata() == null) {
      pod.setMetadata(new V1ObjectMeta());
    }
    if (pod.getMetadata().getName() == null) {
      pod.getMetadata().setName(podName);
    }
    if (pod.getMetadata().getNamespace() == null) {
      pod.getMetadata().setNamespace(namespace);
    }
    if (opts.onExit) {
      pod.getMetadata().putLabelsItem(ArgoNames.LABEL_ON_EXIT, "true");
    }
    if (activeDeadline != null) {
      if (pod.getSpec() == null) {
        pod.setSpec(new V1PodSpec());
      }
      pod.getSpec().setActiveDeadlineSeconds(activeDeadline);
    }
    op.actions().add(new Action.CreatePod(pod));
    op.activePods++;
  }

  /** The workflow as pods see it: the effective spec, with the claims it created as volumes. */
  private Workflow podWorkflow() {
    if (podWorkflow == null) {
      Workflow wf = op.workflow();
      WorkflowSpec spec = Codec.copy(op.spec());
      List<V1Volume> claims = wf.getStatus().getPersistentVolumeClaims();
      if (claims != null && !claims.isEmpty()) {
        List<V1Volume> volumes =
            spec.getVolumes() == null ? new ArrayList<>() : new ArrayList<>(spec.getVolumes());
        volumes.addAll(claims);
        spec.setVolumes(volumes);
      }
      podWorkflow =
          new Workflow()
              .apiVersion(wf.getApiVersion())
              .kind(wf.getKind())
              .metadata(Codec.copy(wf.getMetadata()))
              .spec(spec);
      if (podWorkflow.getMetadata().getLabels() == null) {
        podWorkflow.getMetadata().setLabels(new HashMap<>());
      }
    }
    return podWorkflow;
  }
}
