package dev.hubflow.core.argo;

import dev.hubflow.model.v1alpha1.Template;

/**
 * Which kind of template a {@link Template} is, decided once for the engine and the pod builder.
 */
public final class TemplateTypes {
  private TemplateTypes() {}

  /** Argo's {@code Template.GetType}, lower-case; empty when the template has no body. */
  public static String of(Template t) {
    if (t.getContainer() != null) {
      return "container";
    }
    if (t.getContainerSet() != null) {
      return "containerSet";
    }
    if (t.getSteps() != null) {
      return "steps";
    }
    if (t.getDag() != null) {
      return "dag";
    }
    if (t.getScript() != null) {
      return "script";
    }
    if (t.getResource() != null) {
      return "resource";
    }
    if (t.getData() != null) {
      return "data";
    }
    if (t.getSuspend() != null) {
      return "suspend";
    }
    if (t.getHttp() != null) {
      return "http";
    }
    if (t.getPlugin() != null) {
      return "plugin";
    }
    return "";
  }
}
