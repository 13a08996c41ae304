package dev.hubflow.core.engine;

import dev.hubflow.core.argo.ArgoNames;
import dev.hubflow.model.Codec;
import dev.hubflow.model.v1alpha1.Condition;
import dev.hubflow.model.v1alpha1.NodeStatus;
import dev.hubflow.model.v1alpha1.Outputs;
import dev.hubflow.model.v1alpha1.Workflow;
import dev.hubflow.model.v1alpha1.WorkflowStatus;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A wide-and-deep DAG: {@code levels} tasks in a chain ({@code depends} on the one before), each
 * looping {@code width} times, so {@code levels * (width + 1) + 1} nodes. {@link #finished} builds
 * the status the engine ends it with directly (checked against the engine at a small size by {@code
 * LargeDagTest}), because running 20,000 nodes through the engine takes too long for a test.
 */
public final class LargeDag {
  static final String NAME = "large-dag-x7k2p";
  private static final OffsetDateTime T0 =
      OffsetDateTime.of(2026, 1, 1, 0, 0, 0, 0, ZoneOffset.UTC);

  private LargeDag() {}

  public static String yaml(int levels, int width) {
    StringBuilder y = new StringBuilder();
    y.append("metadata: {name: ").append(NAME).append(", namespace: argo}\n");
    y.append("spec:\n  entrypoint: main\n  templates:\n  - name: main\n    dag:\n      tasks:\n");
    for (int l = 0; l < levels; l++) {
      y.append("      - {name: t").append(l).append(", template: work, withSequence: {count: \"");
      y.append(width).append("\"}");
      if (l > 0) {
        y.append(", depends: t").append(l - 1);
      }
      y.append("}\n");
    }
    y.append("  - name: work\n    container: {image: argoproj/argosay:v2}\n");
    return y.toString();
  }

  /** The workflow as it ends, every pod succeeded one second after the level before. */
  public static Workflow finished(int levels, int width) {
    Workflow wf = Codec.read(yaml(levels, width), Workflow.class);
    wf.getMetadata().setUid("5b0c3c32-8f1e-4a0e-9a55-2c6d0f0a7e11");
    wf.getMetadata().setResourceVersion("123456");
    wf.getMetadata().setCreationTimestamp(T0);
    wf.getMetadata().putLabelsItem(ArgoNames.LABEL_PHASE, "Succeeded");
    wf.getMetadata().putLabelsItem(ArgoNames.LABEL_COMPLETED, "true");
    wf.getMetadata().putAnnotationsItem("workflows.argoproj.io/pod-name-format", "v2");
    int total = levels * width;
    Map<String, NodeStatus> nodes = new LinkedHashMap<>();
    Map<String, Boolean> results = new HashMap<>();
    List<String> outbound = new ArrayList<>();
    for (int i = 0; i < width; i++) {
      outbound.add(id(item(levels - 1, i)));
    }
    nodes.put(
        NAME,
        new NodeStatus()
            .id(NAME)
            .name(NAME)
            .displayName(NAME)
            .type("DAG")
            .templateName("main")
            .phase("Succeeded")
            .startedAt(T0)
            .finishedAt(T0.plusSeconds(levels))
            .progress(total + "/" + total)
            .children(new ArrayList<>(List.of(id(group(0)))))
            .outboundNodes(outbound));
    for (int l = 0; l < levels; l++) {
      String group = group(l);
      List<String> items = new ArrayList<>();
      for (int i = 0; i < width; i++) {
        items.add(id(item(l, i)));
      }
      int below = (levels - l) * width;
      nodes.put(id(group), node(group, "t" + l, "TaskGroup", l).progress(below + "/" + below));
      nodes.get(id(group)).setChildren(items);
      for (int i = 0; i < width; i++) {
        String item = item(l, i);
        NodeStatus pod =
            node(item, "t" + l + "(" + i + ":" + i + ")", "Pod", l)
                .progress("1/1")
                .outputs(new Outputs().exitCode("0"));
        if (l < levels - 1) {
          pod.setChildren(new ArrayList<>(List.of(id(group(l + 1)))));
        }
        nodes.put(id(item), pod);
        results.put(id(item), true);
      }
    }
    wf.setStatus(
        new WorkflowStatus()
            .phase("Succeeded")
            .startedAt(T0)
            .finishedAt(T0.plusSeconds(levels))
            .progress(total + "/" + total)
            .conditions(
                new ArrayList<>(
                    List.of(
                        new Condition().type("PodRunning").status("False"),
                        new Condition().type("Completed").status("True"))))
            .nodes(nodes)
            .taskResultsCompletionStatus(results));
    return wf;
  }

  private static NodeStatus node(String name, String displayName, String type, int level) {
    return new NodeStatus()
        .id(id(name))
        .name(name)
        .displayName(displayName)
        .type(type)
        .templateName("work")
        .boundaryID(NAME)
        .phase("Succeeded")
        .startedAt(T0.plusSeconds(level))
        .finishedAt(T0.plusSeconds(level + 1));
  }

  private static String group(int level) {
    return NAME + ".t" + level;
  }

  private static String item(int level, int i) {
    return group(level) + "(" + i + ":" + i + ")";
  }

  private static String id(String nodeName) {
    return ArgoNames.nodeId(NAME, nodeName);
  }
}
