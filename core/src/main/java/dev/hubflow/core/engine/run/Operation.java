package dev.hubflow.core.engine.run;

import dev.hubflow.core.engine.Action;
import dev.hubflow.core.engine.EngineConfig;
import dev.hubflow.core.engine.Observation;
import dev.hubflow.core.engine.params.Substitution;
import dev.hubflow.core.engine.params.TemplateArgs;
import dev.hubflow.core.engine.status.Nodes;
import dev.hubflow.model.v1alpha1.NodeResult;
import dev.hubflow.model.v1alpha1.Template;
import dev.hubflow.model.v1alpha1.Workflow;
import dev.hubflow.model.v1alpha1.WorkflowSpec;
import io.kubernetes.client.openapi.models.V1Pod;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;

/**
 * The state of one reconcile (Argo's {@code wfOperationCtx}): the workflow copy being edited, its
 * effective spec, the global variables, and the actions and wake-up collected so far.
 */
public final class Operation {
  private final Workflow workflow;
  private final WorkflowSpec spec;
  private final Nodes nodes;
  private final Instant now;
  private final OffsetDateTime nowTime;
  private final Map<String, String> globals = new HashMap<>();
  private final List<Action> actions = new ArrayList<>();
  private final EngineConfig config;
  private final Observation observation;
  private final Substitution substitution;
  private final TemplateArgs templateArgs;
  private final TemplateExecutor executor;
  private final Map<Template, String> templateJson = new IdentityHashMap<>();
  private Instant wakeAt;
  private Instant workflowDeadline;
  int activePods;
  int depth;

  public Operation(
      Workflow workflow, WorkflowSpec spec, Observation observation, EngineConfig config) {
    this.workflow = workflow;
    this.spec = spec;
    this.observation = observation;
    this.config = config;
    this.now = observation.now();
    this.nowTime = OffsetDateTime.ofInstant(now, ZoneOffset.UTC).truncatedTo(ChronoUnit.SECONDS);
    if (workflow.getStatus().getNodes() == null) {
      workflow.getStatus().setNodes(new java.util.LinkedHashMap<>());
    }
    this.nodes = new Nodes(name(), workflow.getStatus().getNodes(), nowTime);
    this.substitution = new Substitution(config.expressions());
    this.templateArgs = new TemplateArgs(substitution);
    this.executor = new TemplateExecutor(this);
  }

  public Workflow workflow() {
    return workflow;
  }

  public WorkflowSpec spec() {
    return spec;
  }

  public String name() {
    return workflow.getMetadata().getName();
  }

  public Nodes nodes() {
    return nodes;
  }

  public Instant now() {
    return now;
  }

  /** Now as Argo stores times: UTC, whole seconds. */
  public OffsetDateTime nowTime() {
    return nowTime;
  }

  public Map<String, String> globals() {
    return globals;
  }

  public EngineConfig config() {
    return config;
  }

  public Substitution substitution() {
    return substitution;
  }

  public TemplateArgs templateArgs() {
    return templateArgs;
  }

  public TemplateExecutor executor() {
    return executor;
  }

  public List<Action> actions() {
    return actions;
  }

  public V1Pod pod(String nodeId) {
    return observation.podsByNodeId() == null ? null : observation.podsByNodeId().get(nodeId);
  }

  public Map<String, V1Pod> pods() {
    return observation.podsByNodeId() == null ? Map.of() : observation.podsByNodeId();
  }

  public Map<String, NodeResult> results() {
    return observation.resultsByNodeId() == null ? Map.of() : observation.resultsByNodeId();
  }

  /** Asks to be reconciled again at {@code at} (the earliest request wins). */
  public void wake(Instant at) {
    if (at == null) {
      return;
    }
    if (wakeAt == null || at.isBefore(wakeAt)) {
      wakeAt = at;
    }
  }

  public Instant wakeAt() {
    return wakeAt;
  }

  public Instant workflowDeadline() {
    return workflowDeadline;
  }

  void workflowDeadline(Instant deadline) {
    this.workflowDeadline = deadline;
  }

  public boolean deadlineExceeded() {
    return workflowDeadline != null && now.isAfter(workflowDeadline);
  }

  /** {@code spec.shutdown}: empty, Stop or Terminate. */
  public String shutdown() {
    return spec.getShutdown() == null ? "" : spec.getShutdown();
  }

  public boolean shuttingDown() {
    return !shutdown().isEmpty();
  }

  /** Argo's {@code ShutdownStrategy.ShouldExecute}. */
  public boolean shouldExecute(boolean onExit) {
    switch (shutdown()) {
      case "Terminate":
        return false;
      case "Stop":
        return onExit;
      default:
        return true;
    }
  }

  /** The workflow's own template of that name, or null. */
  public Template template(String name) {
    if (name == null || spec.getTemplates() == null) {
      return null;
    }
    return spec.getTemplates().stream()
        .filter(t -> name.equals(t.getName()))
        .findFirst()
        .orElse(null);
  }

  /**
   * A template's JSON text, made once per reconcile: checks that search the parent template for a
   * reference would otherwise write a large DAG out again for every task.
   */
  public String templateJson(Template template) {
    return templateJson.computeIfAbsent(template, dev.hubflow.core.engine.params.Json::plain);
  }
}
