package dev.hubflow.core.engine.run;

import com.google.gson.JsonArray;
import com.google.gson.JsonObject;
import dev.hubflow.core.argo.ArgoNames;
import dev.hubflow.core.engine.Action;
import dev.hubflow.core.engine.EngineConfig;
import dev.hubflow.core.engine.Observation;
import dev.hubflow.core.engine.Reconciliation;
import dev.hubflow.core.engine.expr.ExpressionException;
import dev.hubflow.core.engine.params.Substitution;
import dev.hubflow.core.engine.status.Nodes;
import dev.hubflow.core.engine.status.Phase;
import dev.hubflow.core.engine.status.Progress;
import dev.hubflow.core.engine.validate.TemplateLookup;
import dev.hubflow.core.engine.validate.Validation;
import dev.hubflow.core.engine.validate.WorkflowValidator;
import dev.hubflow.model.Codec;
import dev.hubflow.model.v1alpha1.Arguments;
import dev.hubflow.model.v1alpha1.LifecycleHook;
import dev.hubflow.model.v1alpha1.NodeFlag;
import dev.hubflow.model.v1alpha1.NodeStatus;
import dev.hubflow.model.v1alpha1.Template;
import dev.hubflow.model.v1alpha1.Workflow;
import dev.hubflow.model.v1alpha1.WorkflowSpec;
import dev.hubflow.model.v1alpha1.WorkflowStatus;
import io.kubernetes.client.openapi.models.V1ObjectMeta;
import io.kubernetes.client.openapi.models.V1OwnerReference;
import io.kubernetes.client.openapi.models.V1PersistentVolumeClaim;
import io.kubernetes.client.openapi.models.V1PersistentVolumeClaimVolumeSource;
import io.kubernetes.client.openapi.models.V1Volume;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** Argo's {@code operate}: one reconcile of one workflow, start to finish. */
public final class WorkflowOperation {
  private final Operation op;

  private WorkflowOperation(Operation op) {
    this.op = op;
  }

  /** The whole reconcile; never throws for anything a workflow can contain. */
  public static Reconciliation reconcile(Observation observation, EngineConfig config) {
    Workflow original = observation.workflow();
    WorkflowStatus originalStatus = original.getStatus();
    String phase = originalStatus == null ? null : originalStatus.getPhase();
    Map<String, String> labels =
        original.getMetadata() == null ? null : original.getMetadata().getLabels();
    if (Phase.workflowDone(phase)
        || (labels != null && "true".equals(labels.get(ArgoNames.LABEL_COMPLETED)))) {
      return Reconciliation.nothing();
    }
    // The workflow's own spec is only read (effectiveSpec makes the engine's working copy), so it
    // is shared rather than copied: with hundreds of steps it is most of the object.
    Workflow wf =
        new Workflow()
            .apiVersion(original.getApiVersion())
            .kind(original.getKind())
            .metadata(Codec.copy(original.getMetadata()))
            .spec(original.getSpec())
            .status(Codec.copy(original.getStatus()));
    if (wf.getStatus() == null) {
      wf.setStatus(new WorkflowStatus());
    }
    if (wf.getMetadata().getLabels() == null) {
      wf.getMetadata().setLabels(new HashMap<>());
    }
    WorkflowSpec spec = effectiveSpec(wf, config);
    Operation op = new Operation(wf, spec, observation, config);
    WorkflowOperation operation = new WorkflowOperation(op);
    try {
      operation.operate();
    } catch (RuntimeException e) {
      // A bug or an input we did not foresee: end the workflow like Argo's panic recovery.
      operation.markPhase(Phase.ERROR, e.getMessage() == null ? e.toString() : e.getMessage());
    }
    Progress.update(wf.getStatus());
    // The model's equals compares what its JSON form would, without building two trees.
    boolean changed = !wf.equals(original);
    Instant wake = Phase.workflowDone(wf.getStatus().getPhase()) ? null : op.wakeAt();
    return new Reconciliation(
        changed ? Optional.of(wf) : Optional.empty(),
        List.copyOf(op.actions()),
        Optional.ofNullable(wake));
  }

  // workflowDefaults under the workflow's own spec (Argo's setWorkflowDefaults).
  private static WorkflowSpec effectiveSpec(Workflow wf, EngineConfig config) {
    WorkflowSpec spec = Codec.copy(wf.getSpec() == null ? new WorkflowSpec() : wf.getSpec());
    Workflow defaults = config.workflowDefaults();
    if (defaults != null && defaults.getSpec() != null) {
      var merged = merge(Codec.toTree(defaults.getSpec()), Codec.toTree(spec));
      spec = Codec.fromTree(merged, WorkflowSpec.class, "workflowDefaults");
    }
    return spec;
  }

  private static com.google.gson.JsonElement merge(
      com.google.gson.JsonElement base, com.google.gson.JsonElement over) {
    if (base != null && base.isJsonObject() && over != null && over.isJsonObject()) {
      JsonObject out = base.getAsJsonObject().deepCopy();
      for (var e : over.getAsJsonObject().entrySet()) {
        out.add(e.getKey(), merge(out.get(e.getKey()), e.getValue()));
      }
      return out;
    }
    return over == null ? base : over;
  }

  private void operate() {
    Workflow wf = op.workflow();
    WorkflowStatus status = wf.getStatus();
    boolean first = status.getPhase() == null || status.getPhase().isEmpty();
    if (first) {
      // Validate the effective spec; the status (possibly large) plays no part, so it is not
      // copied.
      Workflow effective =
          new Workflow()
              .apiVersion(wf.getApiVersion())
              .kind(wf.getKind())
              .metadata(Codec.copy(wf.getMetadata()))
              .spec(Codec.copy(op.spec()));
      Validation validation =
          new WorkflowValidator(TemplateLookup.none(), false).validate(effective);
      if (!validation.valid()) {
        markPhase(Phase.FAILED, validation.failureMessage());
        return;
      }
      // What the engine itself needs beyond Argo's validation (e.g. expressions that parse).
      String problem = SpecCheck.problem(op.spec());
      if (problem != null) {
        markPhase(Phase.FAILED, "invalid spec: " + problem);
        return;
      }
    }
    try {
      op.globals().putAll(GlobalParams.of(wf, op.spec()));
    } catch (NodeException e) {
      markPhase(Phase.FAILED, "failed to set global parameters: " + e.getMessage());
      return;
    }
    substituteGlobals();
    op.globals().put("workflow.status", first ? "" : status.getPhase());
    Instant started = status.getStartedAt() == null ? null : status.getStartedAt().toInstant();
    op.globals()
        .put(
            "workflow.duration",
            Substitution.format(
                started == null ? 0.0 : Duration.between(started, op.now()).toMillis() / 1000.0));

    PodReconciliation pods = new PodReconciliation(op);
    pods.results();
    if (first) {
      markPhase(Phase.RUNNING, "");
      // Argo's setWfPodNamesAnnotation: tools read pod names in this format.
      wf.getMetadata().putAnnotationsItem("workflows.argoproj.io/pod-name-format", "v2");
      op.workflowDeadline(deadline());
    } else {
      op.workflowDeadline(deadline());
      boolean complete = pods.pods();
      failSuspendedAndPending();
      if (!complete) {
        return;
      }
    }
    if (op.workflowDeadline() != null) {
      op.wake(op.workflowDeadline().plusSeconds(1));
    }
    if (Boolean.TRUE.equals(op.spec().getSuspend())) {
      return;
    }
    if (op.spec().getParallelism() != null) {
      op.activePods = op.executor().countActivePods();
    }
    createClaims();

    NodeStatus node;
    try {
      node =
          op.executor()
              .execute(
                  op.name(),
                  TemplateReference.named(op.spec().getEntrypoint()),
                  op.spec().getArguments() == null ? new Arguments() : op.spec().getArguments(),
                  ExecOpts.root());
    } catch (NodeException e) {
      if (e.kind() == NodeException.Kind.DEADLINE_EXCEEDED
          || e.kind() == NodeException.Kind.PARALLELISM_REACHED) {
        return;
      }
      if (!Phase.workflowDone(status.getPhase())) {
        markPhase(Phase.ERROR, "error in entry template execution: " + e.getMessage());
        deleteClaims();
      }
      return;
    }
    String workflowPhase = workflowPhase(node.getPhase());
    op.globals().put("workflow.status", workflowPhase);
    op.globals().put("workflow.failures", goQuote(failures()));
    if (!Phase.fulfilled(node.getPhase())) {
      return;
    }
    NodeStatus onExit = null;
    LifecycleHook hook = exitHook();
    // An exit handler that has started is seen to its end even when the shutdown strategy would
    // not start it (Terminate): its nodes end as the shutdown says, and so does the workflow.
    if (hook != null
        && (op.nodes().byName(op.name() + ".onExit") != null || op.shouldExecute(true))) {
      try {
        onExit =
            op.executor()
                .execute(
                    op.name() + ".onExit",
                    new TemplateReference(
                        "other", null, hook.getTemplate(), null, hook.getTemplateRef()),
                    hook.getArguments() == null ? new Arguments() : hook.getArguments(),
                    new ExecOpts("", true, new NodeFlag().hooked(true)));
      } catch (NodeException e) {
        if (e.kind() == NodeException.Kind.DEADLINE_EXCEEDED
            || e.kind() == NodeException.Kind.PARALLELISM_REACHED) {
          return;
        }
        if (!Phase.workflowDone(status.getPhase())) {
          markPhase(Phase.ERROR, "error in exit template execution : " + e.getMessage());
          deleteClaims();
        }
        return;
      }
      if (onExit == null || !Phase.fulfilled(onExit.getPhase())) {
        return;
      }
    }
    String message =
        Phase.failedOrError(node.getPhase()) && op.shuttingDown()
            ? "Stopped with strategy '" + op.shutdown() + "'"
            : nullToEmpty(node.getMessage());
    switch (workflowPhase) {
      case Phase.SUCCEEDED:
        if (onExit != null && Phase.failedOrError(onExit.getPhase())) {
          markPhase(
              Phase.FAILED.equals(onExit.getPhase()) ? Phase.FAILED : Phase.ERROR,
              nullToEmpty(onExit.getMessage()));
        } else {
          markPhase(Phase.SUCCEEDED, "");
        }
        break;
      case Phase.FAILED:
        markPhase(Phase.FAILED, message);
        break;
      case Phase.ERROR:
        markPhase(Phase.ERROR, message);
        break;
      default:
        markPhase(Phase.ERROR, "Unexpected node phase " + op.name());
    }
    deleteClaims();
  }

  private LifecycleHook exitHook() {
    WorkflowSpec spec = op.spec();
    if (spec.getOnExit() != null && !spec.getOnExit().isEmpty()) {
      return new LifecycleHook()
          .template(spec.getOnExit())
          .arguments(Codec.copy(spec.getArguments()));
    }
    if (spec.getHooks() != null && spec.getHooks().get("exit") != null) {
      LifecycleHook h = Codec.copy(spec.getHooks().get("exit"));
      if (h.getArguments() == null) {
        h.setArguments(Codec.copy(spec.getArguments()));
      }
      return h;
    }
    return null;
  }

  private static String workflowPhase(String nodePhase) {
    switch (nodePhase == null ? "" : nodePhase) {
      case Phase.PENDING:
        return Phase.PENDING;
      case Phase.RUNNING:
        return Phase.RUNNING;
      case Phase.SUCCEEDED:
      case Phase.SKIPPED:
      case Phase.OMITTED:
        return Phase.SUCCEEDED;
      case Phase.FAILED:
        return Phase.FAILED;
      case Phase.ERROR:
        return Phase.ERROR;
      default:
        return "";
    }
  }

  // Argo's workflow.failures: failed nodes as JSON.
  private String failures() {
    JsonArray out = new JsonArray();
    for (NodeStatus n : op.nodes().all()) {
      if (!Phase.failedOrError(n.getPhase())) {
        continue;
      }
      JsonObject f = new JsonObject();
      f.addProperty("displayName", n.getDisplayName());
      f.addProperty("message", nullToEmpty(n.getMessage()));
      f.addProperty("templateName", nullToEmpty(n.getTemplateName()));
      f.addProperty("phase", n.getPhase());
      f.addProperty(
          "podName", ArgoNames.podName(op.name(), n.getName(), nullToEmpty(n.getTemplateName())));
      f.addProperty(
          "finishedAt",
          n.getFinishedAt() == null
              ? null
              : n.getFinishedAt().format(java.time.format.DateTimeFormatter.ISO_INSTANT));
      out.add(f);
    }
    return out.toString();
  }

  private static String goQuote(String s) {
    return new com.google.gson.JsonPrimitive(s).toString();
  }

  // Argo's substituteGlobalVariables: workflow-level fields may use {{workflow.*}}.
  private void substituteGlobals() {
    WorkflowSpec spec = op.spec();
    List<Template> templates = spec.getTemplates();
    spec.setTemplates(null);
    WorkflowSpec replaced;
    try {
      replaced = op.substitution().apply(spec, op.globals(), true);
    } catch (ExpressionException e) {
      replaced = Codec.copy(spec);
    }
    replaced.setTemplates(templates);
    copyInto(replaced, spec);
  }

  private static void copyInto(WorkflowSpec from, WorkflowSpec to) {
    for (var f : WorkflowSpec.class.getDeclaredFields()) {
      if (java.lang.reflect.Modifier.isStatic(f.getModifiers())) {
        continue;
      }
      try {
        f.setAccessible(true);
        f.set(to, f.get(from));
      } catch (IllegalAccessException e) {
        throw new IllegalStateException(e);
      }
    }
  }

  private Instant deadline() {
    Integer seconds = op.spec().getActiveDeadlineSeconds();
    var startedAt = op.workflow().getStatus().getStartedAt();
    if (seconds == null || startedAt == null) {
      return null;
    }
    return startedAt.toInstant().plusSeconds(seconds);
  }

  // Argo's failSuspendedAndPendingNodesAfterDeadlineOrShutdown.
  private void failSuspendedAndPending() {
    Nodes nodes = op.nodes();
    for (NodeStatus node : new ArrayList<>(nodes.all())) {
      if (op.shuttingDown() && Nodes.activeSuspend(node)) {
        nodes.markPhase(
            node.getName(), Phase.FAILED, "Stopped with strategy '" + op.shutdown() + "'");
        continue;
      }
      if (op.deadlineExceeded()
          && (Phase.PENDING.equals(node.getPhase()) || Nodes.activeSuspend(node))) {
        nodes.markPhase(node.getName(), Phase.FAILED, "Step exceeded its deadline");
      }
    }
  }

  private void createClaims() {
    var templates = op.spec().getVolumeClaimTemplates();
    WorkflowStatus status = op.workflow().getStatus();
    if (templates == null || templates.isEmpty()) {
      return;
    }
    if (!(Phase.RUNNING.equals(status.getPhase()) || Phase.PENDING.equals(status.getPhase()))) {
      return;
    }
    List<V1Volume> claims =
        status.getPersistentVolumeClaims() == null
            ? new ArrayList<>()
            : status.getPersistentVolumeClaims();
    if (claims.size() == templates.size()) {
      return;
    }
    for (int i = 0; i < templates.size(); i++) {
      V1PersistentVolumeClaim tmpl = Codec.copy(templates.get(i));
      String ref = tmpl.getMetadata() == null ? null : tmpl.getMetadata().getName();
      if (ref == null || ref.isEmpty()) {
        throw NodeException.other("volumeClaimTemplates[" + i + "].metadata.name is required");
      }
      if (claims.stream().anyMatch(v -> ref.equals(v.getName()))) {
        continue;
      }
      String name = op.name() + "-" + ref;
      V1ObjectMeta meta = tmpl.getMetadata();
      meta.setName(name);
      meta.setNamespace(op.workflow().getMetadata().getNamespace());
      meta.putLabelsItem(ArgoNames.LABEL_WORKFLOW, op.name());
      if (op.workflow().getMetadata().getUid() != null) {
        meta.setOwnerReferences(
            List.of(
                new V1OwnerReference()
                    .apiVersion(ArgoNames.API_VERSION)
                    .kind("Workflow")
                    .name(op.name())
                    .uid(op.workflow().getMetadata().getUid())
                    .controller(true)
                    .blockOwnerDeletion(true)));
      }
      op.actions().add(new Action.CreateClaim(tmpl));
      claims.add(
          new V1Volume()
              .name(ref)
              .persistentVolumeClaim(new V1PersistentVolumeClaimVolumeSource().claimName(name)));
    }
    status.setPersistentVolumeClaims(claims);
  }

  private void deleteClaims() {
    WorkflowStatus status = op.workflow().getStatus();
    if (status.getPersistentVolumeClaims() == null
        || status.getPersistentVolumeClaims().isEmpty()) {
      return;
    }
    String strategy =
        op.spec().getVolumeClaimGC() == null || op.spec().getVolumeClaimGC().getStrategy() == null
            ? "OnSuccess"
            : op.spec().getVolumeClaimGC().getStrategy();
    if (strategy.equals("OnSuccess")
        && (Phase.ERROR.equals(status.getPhase()) || Phase.FAILED.equals(status.getPhase()))) {
      return;
    }
    for (V1Volume v : status.getPersistentVolumeClaims()) {
      op.actions()
          .add(
              new Action.DeleteClaim(
                  op.workflow().getMetadata().getNamespace(),
                  v.getPersistentVolumeClaim().getClaimName()));
    }
    status.setPersistentVolumeClaims(null);
  }

  /** Argo's {@code markWorkflowPhase}. */
  void markPhase(String phase, String message) {
    markPhase(op.workflow(), phase, message, op.nowTime());
  }

  /**
   * Argo's {@code markWorkflowError} for an error found outside the engine (a status too large to
   * store, nodes that cannot be read): a copy of the workflow ended in phase Error with the
   * message.
   */
  public static Workflow markError(Workflow workflow, String message, Instant now) {
    Workflow wf = Codec.copy(workflow);
    if (wf.getStatus() == null) {
      wf.setStatus(new WorkflowStatus());
    }
    if (wf.getMetadata().getLabels() == null) {
      wf.getMetadata().setLabels(new HashMap<>());
    }
    markPhase(
        wf,
        Phase.ERROR,
        message,
        OffsetDateTime.ofInstant(now, ZoneOffset.UTC).truncatedTo(ChronoUnit.SECONDS));
    return wf;
  }

  private static void markPhase(Workflow wf, String phase, String message, OffsetDateTime now) {
    WorkflowStatus status = wf.getStatus();
    if (!phase.equals(status.getPhase())) {
      status.setPhase(phase);
      wf.getMetadata().putLabelsItem(ArgoNames.LABEL_PHASE, phase);
      wf.getMetadata().getLabels().putIfAbsent(ArgoNames.LABEL_COMPLETED, "false");
    }
    if (status.getStartedAt() == null && !Phase.PENDING.equals(phase)) {
      status.setStartedAt(now);
    }
    status.setMessage(message == null || message.isEmpty() ? null : message);
    if (Phase.ERROR.equals(phase) && status.getNodes() != null) {
      NodeStatus entry = status.getNodes().get(wf.getMetadata().getName());
      if (entry != null && Phase.RUNNING.equals(entry.getPhase())) {
        entry.setPhase(Phase.ERROR);
        entry.setMessage("Workflow operation error");
        if (entry.getFinishedAt() == null) {
          entry.setFinishedAt(now);
        }
      }
    }
    if (Phase.workflowDone(phase)) {
      status.setFinishedAt(now);
      wf.getMetadata().putLabelsItem(ArgoNames.LABEL_COMPLETED, "true");
      Conditions.upsert(status, "Completed", "True");
    }
  }

  private static String nullToEmpty(String s) {
    return s == null ? "" : s;
  }
}
