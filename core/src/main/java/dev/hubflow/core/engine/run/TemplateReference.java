package dev.hubflow.core.engine.run;

import dev.hubflow.model.v1alpha1.DAGTask;
import dev.hubflow.model.v1alpha1.Template;
import dev.hubflow.model.v1alpha1.TemplateRef;
import dev.hubflow.model.v1alpha1.WorkflowStep;

/**
 * What points at a template (Argo's {@code TemplateReferenceHolder}): a step, a DAG task, a hook or
 * the entrypoint.
 *
 * @param kind {@code step}, {@code task} or {@code other}
 * @param name the step's or task's name
 * @param template the template's name
 * @param inline an inline template
 * @param templateRef a reference into a WorkflowTemplate
 */
public record TemplateReference(
    String kind, String name, String template, Template inline, TemplateRef templateRef) {

  public static TemplateReference of(WorkflowStep step) {
    return new TemplateReference(
        "step", step.getName(), step.getTemplate(), step.getInline(), step.getTemplateRef());
  }

  public static TemplateReference of(DAGTask task) {
    return new TemplateReference(
        "task", task.getName(), task.getTemplate(), task.getInline(), task.getTemplateRef());
  }

  public static TemplateReference named(String template) {
    return new TemplateReference("other", null, template, null, null);
  }

  /** The name recorded in {@code node.templateName}. */
  public String templateName() {
    return template == null ? "" : template;
  }
}
