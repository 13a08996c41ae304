package dev.hubflow.core.engine.run;

import dev.hubflow.model.v1alpha1.Condition;
import dev.hubflow.model.v1alpha1.WorkflowStatus;
import java.util.ArrayList;

/** Argo's {@code Conditions.UpsertCondition}. */
final class Conditions {
  private Conditions() {}

  static void upsert(WorkflowStatus status, String type, String value) {
    if (status.getConditions() == null) {
      status.setConditions(new ArrayList<>());
    }
    for (Condition c : status.getConditions()) {
      if (type.equals(c.getType())) {
        c.setStatus(value);
        return;
      }
    }
    status.getConditions().add(new Condition().type(type).status(value));
  }
}
