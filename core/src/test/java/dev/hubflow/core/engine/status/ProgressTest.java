package dev.hubflow.core.engine.status;

import static org.assertj.core.api.Assertions.assertThat;

import dev.hubflow.model.Codec;
import dev.hubflow.model.v1alpha1.NodeStatus;
import dev.hubflow.model.v1alpha1.WorkflowStatus;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import org.junit.jupiter.api.Test;

class ProgressTest {

  @Test
  void sumsAChainOfStepGroupsOverEverythingBelowEachGroup() {
    WorkflowStatus status = new WorkflowStatus().nodes(new LinkedHashMap<>());
    NodeStatus steps = node(status, "wf", "Steps", "Running");
    String parent = "wf";
    for (int i = 0; i < 3; i++) {
      NodeStatus group = node(status, "g" + i, "StepGroup", "Running");
      NodeStatus pod = node(status, "p" + i, "Pod", i < 2 ? "Succeeded" : "Running");
      status.getNodes().get(parent).addChildrenItem(group.getId());
      group.addChildrenItem(pod.getId());
      parent = pod.getId();
    }
    Progress.update(status);

    assertThat(status.getProgress()).isEqualTo("2/3");
    assertThat(steps.getProgress()).isEqualTo("2/3");
    assertThat(status.getNodes().get("g1").getProgress()).isEqualTo("1/2");
    assertThat(status.getNodes().get("g2").getProgress()).isEqualTo("0/1");
  }

  @Test
  void countsANodeReachedByTwoPathsOnceAsArgoDoes() {
    // Random graphs with shared children, a cycle now and then and missing children: the
    // remembered subtree sums must agree with Argo's plain walk from every node.
    Random random = new Random(7);
    String[] types = {"Pod", "DAG", "TaskGroup", "Retry", "StepGroup", "Suspend"};
    String[] phases = {"Succeeded", "Running", "Pending", "Skipped", "Failed"};
    for (int round = 0; round < 200; round++) {
      WorkflowStatus status = new WorkflowStatus().nodes(new LinkedHashMap<>());
      int n = 2 + random.nextInt(25);
      for (int i = 0; i < n; i++) {
        node(status, "n" + i, types[random.nextInt(types.length)], phases[random.nextInt(5)]);
      }
      for (int i = 0; i < n; i++) {
        int edges = random.nextInt(3);
        for (int e = 0; e < edges; e++) {
          int to = random.nextInt(10) == 0 ? random.nextInt(n + 2) : i + 1 + random.nextInt(n);
          if (to != i && (to < n || random.nextBoolean())) {
            status.getNodes().get("n" + i).addChildrenItem("n" + to);
          }
        }
      }
      WorkflowStatus expected = Codec.copy(status);
      Progress.update(status);
      plainArgo(expected);
      assertThat(Codec.toTree(status)).as("round " + round).isEqualTo(Codec.toTree(expected));
    }
  }

  private static NodeStatus node(WorkflowStatus status, String id, String type, String phase) {
    NodeStatus node = new NodeStatus().id(id).name(id).type(type).phase(phase);
    status.getNodes().put(id, node);
    return node;
  }

  /** Argo's algorithm as it reads: a fresh walk with a visited set from every container node. */
  private static void plainArgo(WorkflowStatus status) {
    Map<String, NodeStatus> nodes = status.getNodes();
    long[] total = {0, 0};
    for (NodeStatus node : nodes.values()) {
      if (!Progress.executable(node.getType())) {
        continue;
      }
      if (node.getProgress() == null) {
        node.setProgress("0/1");
      }
      long[] p = Progress.parse(node.getProgress());
      if (Set.of("Succeeded", "Skipped", "Omitted").contains(node.getPhase())) {
        p = new long[] {p[1], p[1]};
        node.setProgress(p[0] + "/" + p[1]);
      }
      total[0] += p[0];
      total[1] += p[1];
    }
    status.setProgress(total[0] + "/" + total[1]);
    for (NodeStatus node : new ArrayList<>(nodes.values())) {
      if (Progress.executable(node.getType())) {
        continue;
      }
      long[] sum = sum(nodes, node, new HashSet<>());
      if (sum[1] > 0 && sum[0] <= sum[1]) {
        node.setProgress(sum[0] + "/" + sum[1]);
      }
    }
  }

  private static long[] sum(Map<String, NodeStatus> nodes, NodeStatus node, Set<String> visited) {
    long[] total = {0, 0};
    List<String> children = node.getChildren();
    if (children == null) {
      return total;
    }
    for (String id : children) {
      if (!visited.add(id) || !nodes.containsKey(id)) {
        continue;
      }
      NodeStatus child = nodes.get(id);
      long[] inner = sum(nodes, child, visited);
      total[0] += inner[0];
      total[1] += inner[1];
      if (Progress.executable(child.getType())) {
        long[] p = Progress.parse(child.getProgress());
        if (p != null) {
          total[0] += p[0];
          total[1] += p[1];
        }
      }
    }
    return total;
  }
}
