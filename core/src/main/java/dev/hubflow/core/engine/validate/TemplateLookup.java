package dev.hubflow.core.engine.validate;

import dev.hubflow.model.v1alpha1.WorkflowSpec;
import java.util.Map;
import java.util.Optional;

/**
 * The WorkflowTemplates and ClusterWorkflowTemplates a manifest may refer to: the cluster's for the
 * engine, the ones found beside it for lint.
 */
public interface TemplateLookup {
  /** The spec of the WorkflowTemplate of that name in the workflow's namespace. */
  Optional<WorkflowSpec> workflowTemplate(String name);

  /** The spec of the ClusterWorkflowTemplate of that name. */
  Optional<WorkflowSpec> clusterWorkflowTemplate(String name);

  /** Knows no templates: every reference to one is a problem. */
  static TemplateLookup none() {
    return of(Map.of(), Map.of());
  }

  static TemplateLookup of(
      Map<String, WorkflowSpec> workflowTemplates, Map<String, WorkflowSpec> clusterTemplates) {
    return new TemplateLookup() {
      @Override
      public Optional<WorkflowSpec> workflowTemplate(String name) {
        return Optional.ofNullable(workflowTemplates.get(name));
      }

      @Override
      public Optional<WorkflowSpec> clusterWorkflowTemplate(String name) {
        return Optional.ofNullable(clusterTemplates.get(name));
      }
    };
  }
}
