package dev.hubflow.daemon;

import static org.assertj.core.api.Assertions.assertThat;

import dev.hubflow.model.v1alpha1.NodeStatus;
import dev.hubflow.model.v1alpha1.Workflow;
import dev.hubflow.model.v1alpha1.WorkflowStatus;
import io.kubernetes.client.openapi.models.V1ObjectMeta;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.List;
import org.junit.jupiter.api.Test;

class WorkflowTreeTest {
  private static final OffsetDateTime T0 =
      OffsetDateTime.of(2026, 1, 1, 0, 0, 0, 0, ZoneOffset.UTC);

  @Test
  void stepGroupsForkOffTheirStepsTemplateInsteadOfNestingEachStepUnderTheLast() {
    Workflow wf = workflow("wf");
    add(wf, node("wf", "wf", "Steps", "Succeeded", null, 0).templateName("main"));
    add(wf, node("g0", "[0]", "StepGroup", "Succeeded", "wf", 0).children(List.of("a")));
    add(wf, node("a", "a", "Pod", "Succeeded", "wf", 0).templateName("echo"));
    wf.getStatus().getNodes().get("wf").children(List.of("g0"));
    add(wf, node("g1", "[1]", "StepGroup", "Succeeded", "wf", 1).children(List.of("b1", "b2")));
    wf.getStatus().getNodes().get("a").children(List.of("g1"));
    add(wf, node("b1", "b1", "Pod", "Succeeded", "wf", 1).templateName("echo"));
    add(wf, node("b2", "b2", "Pod", "Failed", "wf", 1).templateName("echo").message("exit 1"));

    List<String> lines = WorkflowTree.nodes(wf, T0.plusSeconds(5).toInstant());

    assertThat(lines.stream().map(l -> l.replaceAll("(\\S)\\s{2,}.*", "$1")).toList())
        .containsExactly("STEP", " ✔ wf", " ├───✔ a", " └─┬─✔ b1", "   └─✖ b2");
    assertThat(lines.get(4)).endsWith("exit 1");
    assertThat(lines.get(2)).contains("wf-echo-").endsWith("5s");
  }

  @Test
  void dagTasksHangOffTheirDagAndARetryWithOneAttemptIsLeftOut() {
    Workflow wf = workflow("d");
    add(wf, node("d", "d", "DAG", "Succeeded", null, 0).templateName("main"));
    add(wf, node("ra", "A", "Retry", "Succeeded", "d", 0).children(List.of("a0")));
    add(wf, node("a0", "A(0)", "Pod", "Succeeded", "d", 0).children(List.of("rb", "rc")));
    add(wf, node("rb", "B", "Retry", "Succeeded", "d", 1).children(List.of("b0", "b1")));
    add(wf, node("b0", "B(0)", "Pod", "Failed", "d", 1));
    add(wf, node("b1", "B(1)", "Pod", "Succeeded", "d", 2));
    add(wf, node("c", "C", "Skipped", "Omitted", "d", 1));

    List<String> lines = WorkflowTree.nodes(wf, Instant.EPOCH);

    assertThat(lines.stream().map(l -> l.replaceAll("(\\S)\\s{2,}.*", "$1")).toList())
        .containsExactly("STEP", " ✔ d", " ├─✔ A(0)", " ├─✔ B", " │ ├─✖ B(0)", " │ └─✔ B(1)");
  }

  @Test
  void itemIndexesOrderSiblingsThatStartTogether() {
    assertThat(WorkflowTree.index("step(10:x)")).isEqualTo(10);
    assertThat(WorkflowTree.index("A(2)")).isEqualTo(2);
    assertThat(WorkflowTree.index("plain")).isEqualTo(-1);
  }

  private static Workflow workflow(String name) {
    return new Workflow()
        .metadata(new V1ObjectMeta().name(name).namespace("argo"))
        .status(new WorkflowStatus().phase("Succeeded"));
  }

  private static NodeStatus node(
      String id, String display, String type, String phase, String boundary, int start) {
    return new NodeStatus()
        .id(id)
        .name(display)
        .displayName(display)
        .type(type)
        .phase(phase)
        .boundaryID(boundary)
        .startedAt(T0.plusSeconds(start));
  }

  private static void add(Workflow wf, NodeStatus node) {
    wf.getStatus().putNodesItem(node.getId(), node);
  }
}
