package dev.hubflow.daemon.bench;

import dev.hubflow.model.v1alpha1.DAGTask;
import dev.hubflow.model.v1alpha1.DAGTemplate;
import dev.hubflow.model.v1alpha1.Template;
import dev.hubflow.model.v1alpha1.Workflow;
import dev.hubflow.model.v1alpha1.WorkflowSpec;
import dev.hubflow.model.v1alpha1.WorkflowStep;
import io.kubernetes.client.openapi.models.V1Container;
import io.kubernetes.client.openapi.models.V1ObjectMeta;
import io.kubernetes.client.openapi.models.V1Pod;
import io.kubernetes.client.openapi.models.V1PodSpec;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The benchmark's workflows, built in code, and the floor's equivalent plain pods. Every pod runs
 * an image the simulated runtime does not know, so it succeeds at once with no output.
 */
final class Workloads {
  /** Not argosay: the simulated runtime finishes any other image at once. */
  static final String IMAGE = "hubflow.dev/bench-noop:1";

  static final String NAMESPACE = "default";
  private static final String POD_TEMPLATE = "pod";

  private Workloads() {}

  /** One workflow of {@code n} sequential steps. */
  static Workflow chain(String name, int n) {
    Template main = new Template().name("main");
    for (int i = 0; i < n; i++) {
      main.addStepsItem(List.of(step("s" + i)));
    }
    return workflow(name, main);
  }

  /** One workflow whose one step group runs {@code n} pods in parallel. */
  static Workflow fanout(String name, int n) {
    List<WorkflowStep> group = new ArrayList<>(n);
    for (int i = 0; i < n; i++) {
      group.add(step("p" + i));
    }
    return workflow(name, new Template().name("main").addStepsItem(group));
  }

  /** A workflow of one pod. */
  static Workflow single(String name) {
    Workflow wf = workflow(name, null);
    wf.getSpec().setEntrypoint(POD_TEMPLATE);
    return wf;
  }

  /** The wide-and-deep shape of the {@code large} DAG of {@code n} nodes. */
  record Shape(int width, int depth) {
    /** Roughly square: as many levels as pods per level. */
    static Shape of(int n) {
      if (n < 1) {
        throw new IllegalArgumentException("a DAG needs at least one node, not " + n);
      }
      int width = (int) Math.ceil(Math.sqrt(n));
      return new Shape(width, (n + width - 1) / width);
    }

    /** How many pods run at each level (the last level may be partial), as the floor's waves. */
    List<Integer> levels(int n) {
      List<Integer> out = new ArrayList<>();
      for (int left = n; left > 0; left -= width) {
        out.add(Math.min(width, left));
      }
      return out;
    }
  }

  /**
   * One DAG of {@code n} tasks in levels of {@link Shape#width()} tasks; a task depends on two of
   * the level above (its column and the next, wrapping), so levels join rather than being separate
   * chains.
   */
  static Workflow large(String name, int n) {
    Shape shape = Shape.of(n);
    List<Integer> levels = shape.levels(n);
    DAGTemplate dag = new DAGTemplate();
    for (int level = 0; level < levels.size(); level++) {
      for (int col = 0; col < levels.get(level); col++) {
        DAGTask task = new DAGTask().name(taskName(level, col)).template(POD_TEMPLATE);
        if (level > 0) {
          int above = levels.get(level - 1);
          task.addDependenciesItem(taskName(level - 1, col % above));
          int next = (col + 1) % above;
          if (next != col % above) {
            task.addDependenciesItem(taskName(level - 1, next));
          }
        }
        dag.addTasksItem(task);
      }
    }
    return workflow(name, new Template().name("main").dag(dag));
  }

  static String taskName(int level, int col) {
    return "t" + level + "-" + col;
  }

  /** The floor's pod: one container of the same image, nothing of Argo's. */
  static V1Pod floorPod(String name) {
    return new V1Pod()
        .apiVersion("v1")
        .kind("Pod")
        .metadata(
            new V1ObjectMeta()
                .name(name)
                .namespace(NAMESPACE)
                .labels(Map.of("hubflow.dev/bench", "floor")))
        .spec(
            new V1PodSpec()
                .restartPolicy("Never")
                .addContainersItem(new V1Container().name("main").image(IMAGE)));
  }

  private static WorkflowStep step(String name) {
    return new WorkflowStep().name(name).template(POD_TEMPLATE);
  }

  private static Workflow workflow(String name, Template main) {
    WorkflowSpec spec =
        new WorkflowSpec()
            .entrypoint("main")
            .addTemplatesItem(
                new Template()
                    .name(POD_TEMPLATE)
                    .container(new V1Container().name("main").image(IMAGE)));
    if (main != null) {
      spec.addTemplatesItem(main);
    }
    Workflow wf = new Workflow();
    wf.setApiVersion("argoproj.io/v1alpha1");
    wf.setKind("Workflow");
    wf.setMetadata(new V1ObjectMeta().name(name).namespace(NAMESPACE));
    wf.setSpec(spec);
    return wf;
  }
}
