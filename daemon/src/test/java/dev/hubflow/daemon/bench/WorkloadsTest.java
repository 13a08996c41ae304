package dev.hubflow.daemon.bench;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.hubflow.core.engine.validate.TemplateLookup;
import dev.hubflow.core.engine.validate.WorkflowValidator;
import dev.hubflow.model.Codec;
import dev.hubflow.model.v1alpha1.DAGTask;
import dev.hubflow.model.v1alpha1.Template;
import dev.hubflow.model.v1alpha1.Workflow;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

class WorkloadsTest {
  private static final WorkflowValidator VALIDATOR =
      new WorkflowValidator(TemplateLookup.none(), true);

  private static Template main(Workflow wf) {
    return wf.getSpec().getTemplates().stream()
        .filter(t -> t.getName().equals("main"))
        .findFirst()
        .orElseThrow();
  }

  private static void assertValid(Workflow wf) {
    Workflow decoded = Codec.read(Codec.toJson(wf), Workflow.class);
    assertThat(VALIDATOR.validate(Codec.toTree(decoded)).problems()).isEmpty();
  }

  @Test
  void chainIsOneStepPerGroupInOrder() {
    Workflow wf = Workloads.chain("c", 7);

    assertThat(main(wf).getSteps()).hasSize(7).allSatisfy(g -> assertThat(g).hasSize(1));
    assertThat(main(wf).getSteps().get(6).get(0).getName()).isEqualTo("s6");
    assertValid(wf);
  }

  @Test
  void fanoutIsOneGroupOfParallelSteps() {
    Workflow wf = Workloads.fanout("f", 12);

    assertThat(main(wf).getSteps()).hasSize(1);
    assertThat(main(wf).getSteps().get(0)).hasSize(12);
    assertValid(wf);
  }

  @Test
  void singleRunsThePodTemplateAsEntrypoint() {
    Workflow wf = Workloads.single("one");

    assertThat(wf.getSpec().getEntrypoint()).isEqualTo("pod");
    assertThat(wf.getSpec().getTemplates()).hasSize(1);
    assertThat(wf.getSpec().getTemplates().get(0).getContainer().getImage())
        .isEqualTo(Workloads.IMAGE);
    assertValid(wf);
  }

  @Test
  void largeDagHasNTasksInRoughlySquareLevelsJoinedToTheLevelAbove() {
    Workflow wf = Workloads.large("l", 30);
    List<DAGTask> tasks = main(wf).getDag().getTasks();

    assertThat(Workloads.Shape.of(30)).isEqualTo(new Workloads.Shape(6, 5));
    assertThat(tasks).hasSize(30);
    assertThat(tasks.stream().map(DAGTask::getName).collect(Collectors.toSet())).hasSize(30);
    Map<String, DAGTask> byName =
        tasks.stream().collect(Collectors.toMap(DAGTask::getName, t -> t));
    assertThat(byName.get("t0-0").getDependencies()).isNull();
    assertThat(byName.get("t1-0").getDependencies()).containsExactly("t0-0", "t0-1");
    // The last of a level wraps round to the first of the level above.
    assertThat(byName.get("t1-5").getDependencies()).containsExactly("t0-5", "t0-0");
    assertValid(wf);
  }

  @Test
  void largeDagWithPartialLastLevelOnlyDependsOnExistingTasks() {
    Workflow wf = Workloads.large("l", 11);
    List<DAGTask> tasks = main(wf).getDag().getTasks();
    Set<String> names = new HashSet<>();
    tasks.forEach(t -> names.add(t.getName()));

    assertThat(Workloads.Shape.of(11).levels(11)).containsExactly(4, 4, 3);
    assertThat(tasks).hasSize(11);
    assertThat(tasks)
        .allSatisfy(
            t -> {
              if (t.getDependencies() != null) {
                assertThat(names).containsAll(t.getDependencies());
              }
            });
    assertValid(wf);
  }

  @Test
  void levelsOfTheFloorAddUpToN() {
    for (int n : new int[] {1, 2, 99, 1000, 20000}) {
      assertThat(Workloads.Shape.of(n).levels(n).stream().mapToInt(Integer::intValue).sum())
          .isEqualTo(n);
    }
  }

  @Test
  void emptyDagIsRefusedWithTheSize() {
    assertThatThrownBy(() -> Workloads.Shape.of(0)).hasMessageContaining("not 0");
  }

  @Test
  void floorPodIsAPlainPodOfTheSameImage() {
    var pod = Workloads.floorPod("floor-3");

    assertThat(pod.getMetadata().getName()).isEqualTo("floor-3");
    assertThat(pod.getSpec().getContainers()).hasSize(1);
    assertThat(pod.getSpec().getContainers().get(0).getImage()).isEqualTo(Workloads.IMAGE);
    assertThat(pod.getSpec().getRestartPolicy()).isEqualTo("Never");
  }
}
