package dev.hubflow.core.controller;

import static dev.hubflow.core.controller.TestWorkflows.withPhase;
import static dev.hubflow.core.controller.TestWorkflows.workflow;
import static org.assertj.core.api.Assertions.assertThat;

import dev.hubflow.core.cluster.WorkflowKey;
import dev.hubflow.model.v1alpha1.Workflow;
import org.junit.jupiter.api.Test;

class WriteOverlayTest {
  private final WorkflowKey key = new WorkflowKey("c", "ns", "wf");
  private final WriteOverlay overlay = new WriteOverlay();

  private static Workflow version(String resourceVersion, String phase) {
    Workflow w = withPhase(workflow("ns", "wf"), phase);
    w.getMetadata().setUid("uid-1");
    w.getMetadata().setResourceVersion(resourceVersion);
    return w;
  }

  @Test
  void staleCacheIsShadowedByOurOwnWrite() {
    overlay.remember(key, version("11", "Running"), false);
    assertThat(overlay.resolve(key, version("10", "Pending")).getStatus().getPhase())
        .isEqualTo("Running");
  }

  @Test
  void cacheWinsOnceItShowsTheVersionWeWrote() {
    overlay.remember(key, version("11", "Running"), false);
    Workflow cached = version("11", "Running");
    assertThat(overlay.resolve(key, cached)).isSameAs(cached);
    assertThat(overlay.size()).isZero();
  }

  @Test
  void cacheWinsWhenItIsNewerThanOurWrite() {
    overlay.remember(key, version("11", "Running"), false);
    Workflow cached = version("12", "Running");
    assertThat(overlay.resolve(key, cached)).isSameAs(cached);
  }

  @Test
  void informerEventWithOurVersionDropsTheOverlay() {
    overlay.remember(key, version("11", "Running"), false);
    overlay.observed(key, version("10", "Pending"));
    assertThat(overlay.size()).isOne();
    overlay.observed(key, version("11", "Running"));
    assertThat(overlay.size()).isZero();
  }

  @Test
  void ourSettledWriteComingBackIsRecognised() {
    overlay.remember(key, version("11", "Running"), true);
    assertThat(overlay.observed(key, version("10", "Pending"))).isFalse();
    assertThat(overlay.observed(key, version("11", "Running"))).isTrue();
    // Once consumed, the same version (a resync replay) is news again.
    assertThat(overlay.observed(key, version("11", "Running"))).isFalse();
  }

  @Test
  void anUnsettledWriteOrSomeoneElsesVersionIsNews() {
    overlay.remember(key, version("11", "Running"), false);
    assertThat(overlay.observed(key, version("11", "Running"))).isFalse();
    overlay.remember(key, version("11", "Running"), true);
    assertThat(overlay.observed(key, version("12", "Running"))).isFalse();
  }

  @Test
  void recreatedWorkflowWithSameNameIsNotShadowed() {
    overlay.remember(key, version("11", "Running"), false);
    Workflow recreated = version("5", "Pending");
    recreated.getMetadata().setUid("uid-2");
    assertThat(overlay.resolve(key, recreated)).isSameAs(recreated);
  }

  @Test
  void opaqueVersionsWaitForTheExactVersion() {
    overlay.remember(key, version("b", "Running"), false);
    assertThat(overlay.resolve(key, version("a", "Pending")).getStatus().getPhase())
        .isEqualTo("Running");
    overlay.forget(key);
    assertThat(overlay.resolve(key, version("a", "Pending")).getStatus().getPhase())
        .isEqualTo("Pending");
  }
}
