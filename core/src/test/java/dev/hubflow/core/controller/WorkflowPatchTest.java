package dev.hubflow.core.controller;

import static dev.hubflow.core.controller.TestWorkflows.withNode;
import static dev.hubflow.core.controller.TestWorkflows.withPhase;
import static dev.hubflow.core.controller.TestWorkflows.workflow;
import static org.assertj.core.api.Assertions.assertThat;

import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import dev.hubflow.model.Codec;
import dev.hubflow.model.v1alpha1.Workflow;
import org.junit.jupiter.api.Test;

class WorkflowPatchTest {

  private static Workflow observed() {
    Workflow w = withNode(withPhase(workflow("ns", "wf"), "Running"), "wf", "Running");
    w.getMetadata().setResourceVersion("42");
    w.getMetadata().putLabelsItem("team", "a");
    return w;
  }

  private static JsonObject json(String patch) {
    return JsonParser.parseString(patch).getAsJsonObject();
  }

  @Test
  void sendsNothingWhenStatusAndLabelsAreUnchanged() {
    Workflow desired = Codec.copy(observed());
    desired.getSpec(); // untouched
    assertThat(WorkflowPatch.between(observed(), desired)).isEmpty();
  }

  @Test
  void ignoresChangesOutsideStatusAndLabels() {
    Workflow desired = Codec.copy(observed());
    desired.getMetadata().putAnnotationsItem("x", "y");
    assertThat(WorkflowPatch.between(observed(), desired)).isEmpty();
  }

  @Test
  void patchesOnlyTheChangedStatusFieldsAndCarriesTheObservedResourceVersion() {
    Workflow desired = withNode(observed(), "wf-123", "Pending");
    JsonObject patch = json(WorkflowPatch.between(observed(), desired).orElseThrow());

    assertThat(patch.keySet()).containsExactlyInAnyOrder("status", "metadata");
    assertThat(patch.getAsJsonObject("status").keySet()).containsExactly("nodes");
    assertThat(patch.getAsJsonObject("status").getAsJsonObject("nodes").keySet())
        .containsExactly("wf-123");
    assertThat(patch.getAsJsonObject("metadata").get("resourceVersion").getAsString())
        .isEqualTo("42");
    assertThat(patch.getAsJsonObject("metadata").has("labels")).isFalse();
  }

  @Test
  void patchesPhaseAndItsLabelsTogether() {
    Workflow desired = withPhase(observed(), "Succeeded");
    desired.getMetadata().putLabelsItem("workflows.argoproj.io/completed", "true");
    JsonObject patch = json(WorkflowPatch.between(observed(), desired).orElseThrow());

    assertThat(patch.getAsJsonObject("status").get("phase").getAsString()).isEqualTo("Succeeded");
    JsonObject labels = patch.getAsJsonObject("metadata").getAsJsonObject("labels");
    assertThat(labels.get("workflows.argoproj.io/phase").getAsString()).isEqualTo("Succeeded");
    assertThat(labels.get("workflows.argoproj.io/completed").getAsString()).isEqualTo("true");
    assertThat(labels.has("team")).isFalse();
  }

  @Test
  void removedFieldsAndLabelsBecomeNull() {
    Workflow desired = Codec.copy(observed());
    desired.getMetadata().getLabels().remove("team");
    desired.getStatus().setNodes(null);
    JsonObject patch = json(WorkflowPatch.between(observed(), desired).orElseThrow());

    assertThat(patch.getAsJsonObject("status").get("nodes").isJsonNull()).isTrue();
    assertThat(patch.getAsJsonObject("metadata").getAsJsonObject("labels").get("team").isJsonNull())
        .isTrue();
  }

  @Test
  void replacesListsWhole() {
    JsonObject before = json("{\"a\":[1,2],\"b\":{\"c\":1,\"d\":2}}");
    JsonObject after = json("{\"a\":[1,2,3],\"b\":{\"c\":1,\"d\":3}}");
    assertThat(WorkflowPatch.diff(before, after))
        .isEqualTo(json("{\"a\":[1,2,3],\"b\":{\"d\":3}}"));
  }

  @Test
  void applyingThePatchToTheObservedGivesTheDesiredStatus() {
    Workflow desired = withPhase(withNode(observed(), "wf-9", "Succeeded"), "Succeeded");
    desired.getStatus().setMessage("done");
    JsonObject patch = json(WorkflowPatch.between(observed(), desired).orElseThrow());
    JsonObject merged = FakeCluster.merge(Codec.toTree(observed()).getAsJsonObject(), patch);
    assertThat(merged.get("status"))
        .isEqualTo(Codec.toTree(desired).getAsJsonObject().get("status"));
  }

  @Test
  void theWorkflowAsAppliedIsWhatTheServerStoresFromThePatch() {
    Workflow observed = observed();
    observed.getMetadata().putAnnotationsItem("kept", "yes");
    Workflow desired = withPhase(withNode(observed, "wf-9", "Succeeded"), "Succeeded");
    desired.getMetadata().getLabels().remove("team");
    desired.getMetadata().putLabelsItem("workflows.argoproj.io/completed", "true");
    desired.getMetadata().putAnnotationsItem("not", "written");
    JsonObject patch = json(WorkflowPatch.between(observed, desired).orElseThrow());
    JsonObject server = FakeCluster.merge(Codec.toTree(observed).getAsJsonObject(), patch);
    server.getAsJsonObject("metadata").addProperty("resourceVersion", "43");

    assertThat(Codec.toTree(WorkflowPatch.applied(observed, desired, "43"))).isEqualTo(server);
  }

  @Test
  void patchesOnlyTheChangedFieldsOfAChangedNodeAndNullsARemovedOne() {
    Workflow before = withNode(withNode(observed(), "wf-1", "Running"), "wf-2", "Running");
    Workflow desired = Codec.copy(before);
    desired.getStatus().getNodes().get("wf-1").setPhase("Succeeded");
    desired.getStatus().getNodes().remove("wf-2");
    desired.getStatus().setMessage("m");
    JsonObject patch = json(WorkflowPatch.between(before, desired).orElseThrow());

    JsonObject status = patch.getAsJsonObject("status");
    assertThat(status.get("message").getAsString()).isEqualTo("m");
    JsonObject nodes = status.getAsJsonObject("nodes");
    assertThat(nodes.keySet()).containsExactlyInAnyOrder("wf-1", "wf-2");
    assertThat(nodes.getAsJsonObject("wf-1").keySet()).containsExactly("phase");
    assertThat(nodes.get("wf-2").isJsonNull()).isTrue();
  }
}
