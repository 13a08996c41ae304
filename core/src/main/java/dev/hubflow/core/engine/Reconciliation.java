package dev.hubflow.core.engine;

import dev.hubflow.model.v1alpha1.Workflow;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * What one reconcile decided: the workflow as it should now be (status, labels), the actions to
 * take, and when to look again if nothing else happens.
 *
 * @param workflow a new copy of the workflow with its new status and labels, or empty when nothing
 *     about the workflow object changed
 * @param actions pods and claims to create or delete, in order
 * @param wakeAt when to reconcile again without any event (a deadline, a retry backoff, a suspend
 *     duration); empty when only an event can move the workflow on
 */
public record Reconciliation(
    Optional<Workflow> workflow, List<Action> actions, Optional<Instant> wakeAt) {

  public static Reconciliation nothing() {
    return new Reconciliation(Optional.empty(), List.of(), Optional.empty());
  }
}
