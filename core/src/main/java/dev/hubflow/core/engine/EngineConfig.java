package dev.hubflow.core.engine;

import dev.hubflow.core.engine.params.ArgoExpressions;
import dev.hubflow.core.engine.params.Expressions;
import dev.hubflow.core.pod.PodBuilder;
import dev.hubflow.core.pod.PodConfig;
import dev.hubflow.core.pod.PodRequest;
import dev.hubflow.model.v1alpha1.Workflow;
import io.kubernetes.client.openapi.models.V1Pod;
import java.util.function.Function;

/**
 * Settings of the {@link ArgoWorkflowEngine}.
 *
 * @param workflowDefaults Argo's {@code workflowDefaults} (controller config): merged under every
 *     workflow's spec; null for none
 * @param pods builds the pod for a node ({@code PodBuilder::build} in production)
 * @param expressions the expression languages
 * @param maxStackDepth Argo's recursion limit for nested templates
 */
public record EngineConfig(
    Workflow workflowDefaults,
    Function<PodRequest, V1Pod> pods,
    Expressions expressions,
    int maxStackDepth) {

  public static EngineConfig defaults() {
    return of(new PodBuilder(PodConfig.defaults()));
  }

  public static EngineConfig of(PodBuilder builder) {
    return new EngineConfig(null, builder::build, new ArgoExpressions(), 100);
  }

  public EngineConfig withWorkflowDefaults(Workflow defaults) {
    return new EngineConfig(defaults, pods, expressions, maxStackDepth);
  }

  public EngineConfig withPods(Function<PodRequest, V1Pod> factory) {
    return new EngineConfig(workflowDefaults, factory, expressions, maxStackDepth);
  }

  public EngineConfig withExpressions(Expressions languages) {
    return new EngineConfig(workflowDefaults, pods, languages, maxStackDepth);
  }
}
