package dev.hubflow.model;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import dev.hubflow.model.v1alpha1.ClusterWorkflowTemplate;
import dev.hubflow.model.v1alpha1.CronWorkflow;
import dev.hubflow.model.v1alpha1.Workflow;
import dev.hubflow.model.v1alpha1.WorkflowEventBinding;
import dev.hubflow.model.v1alpha1.WorkflowTemplate;
import io.kubernetes.client.openapi.models.V1ConfigMap;
import io.kubernetes.client.openapi.models.V1PersistentVolumeClaim;
import io.kubernetes.client.openapi.models.V1Secret;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * Every Argo example and e2e fixture survives parse and re-serialization through the model: what
 * hubflow reads is what it writes back, so nothing a user wrote is silently lost or changed.
 */
class ArgoRoundTripTest {
  private static final Path ARGO =
      Path.of(System.getProperty("hubflow.shared", "../shared"), "argo", "v3.7.18");

  /** Documents allowed to differ after a round trip, with the reason. Keep this list short. */
  private static final Map<String, String> ALLOWED_TO_DIFFER =
      Map.of(
          "test/e2e/functional/continue-on-failed.yaml",
          "a step has `dependencies`, which steps do not have (Argo drops it too; strict lint"
              + " rejects it)",
          "test/e2e/functional/output-jqfilter-parameters.yaml",
          "typo `jqfilter` for `jqFilter`: no such field (Kubernetes decoding is case-sensitive)",
          "test/e2e/testdata/workflow-templates/invalid-workflowtemplate.yaml",
          "deliberately invalid: `entrypoints` is no field");

  /** Documents Argo cannot decode either: they must be rejected with a message, not crash. */
  private static final Map<String, String> UNDECODABLE =
      Map.of(
          "test/e2e/testdata/malformed/malformed-clusterworkflowtemplate.yaml",
          "arguments.parameters is a map",
          "test/e2e/testdata/malformed/malformed-cronworkflow.yaml",
          "arguments.parameters is a map",
          "test/e2e/testdata/malformed/malformed-workflow.yaml",
          "arguments.parameters is a map",
          "test/e2e/testdata/malformed/malformed-workflowtemplate.yaml",
          "arguments.parameters is a map");

  private static final Map<String, Class<?>> KINDS =
      Map.of(
          "Workflow", Workflow.class,
          "WorkflowTemplate", WorkflowTemplate.class,
          "ClusterWorkflowTemplate", ClusterWorkflowTemplate.class,
          "CronWorkflow", CronWorkflow.class,
          "WorkflowEventBinding", WorkflowEventBinding.class,
          "ConfigMap", V1ConfigMap.class,
          "Secret", V1Secret.class,
          "PersistentVolumeClaim", V1PersistentVolumeClaim.class);

  @Test
  void everyArgoDocumentRoundTripsThroughTheModel() throws IOException {
    List<Path> files = new ArrayList<>();
    for (String dir : List.of("examples", "test/e2e")) {
      try (Stream<Path> walk = Files.walk(ARGO.resolve(dir))) {
        walk.filter(Files::isRegularFile)
            .filter(p -> p.toString().endsWith(".yaml") || p.toString().endsWith(".yml"))
            .sorted()
            .forEach(files::add);
      }
    }
    assertThat(files).as("Argo fixtures under " + ARGO).hasSizeGreaterThan(300);

    int documents = 0;
    int exact = 0;
    int unreadable = 0;
    int withNulls = 0;
    List<String> rejected = new ArrayList<>();
    List<String> unexpected = new ArrayList<>();
    List<String> allowed = new ArrayList<>();
    for (Path file : files) {
      String name = ARGO.relativize(file).toString();
      List<JsonElement> trees;
      try {
        trees = Codec.readTrees(file);
      } catch (ManifestException e) {
        // Deliberately malformed fixtures (test/e2e/testdata/malformed) are not YAML at all.
        unreadable++;
        System.out.println("unreadable " + name + ": " + e.getMessage());
        continue;
      }
      for (int i = 0; i < trees.size(); i++) {
        JsonElement tree = trees.get(i);
        String id = trees.size() == 1 ? name : name + "#" + i;
        if (UNDECODABLE.containsKey(id)) {
          assertThatThrownBy(() -> decode(tree))
              .as(id)
              .isInstanceOf(ManifestException.class)
              .hasMessageContaining("cannot read as");
          rejected.add(id);
          continue;
        }
        documents++;
        if (!withoutNulls(tree).equals(tree)) {
          withNulls++;
        }
        String difference = difference(tree);
        if (difference == null) {
          exact++;
        } else if (ALLOWED_TO_DIFFER.containsKey(id)) {
          allowed.add(id);
        } else {
          unexpected.add(id + ": " + difference);
        }
      }
    }
    double ratio = documents == 0 ? 0 : (double) exact / documents;
    System.out.printf(
        "round trip: %d files, %d documents, %d exact (%.2f%%), %d allowed to differ %s,"
            + " %d with explicit nulls (dropped, as Kubernetes does), %d undecodable (rejected),"
            + " %d unreadable YAML%n",
        files.size(),
        documents,
        exact,
        100 * ratio,
        allowed.size(),
        allowed,
        withNulls,
        rejected.size(),
        unreadable);
    unexpected.forEach(u -> System.out.println("DIFFERS " + u));
    assertThat(unexpected).as("documents that differ after a round trip").isEmpty();
    assertThat(rejected).as("undecodable documents found").hasSize(UNDECODABLE.size());
    assertThat(allowed)
        .as("allowed differences that still occur")
        .hasSize(ALLOWED_TO_DIFFER.size());
    assertThat(ratio).as("share of documents that round-trip exactly").isGreaterThanOrEqualTo(0.99);
  }

  @Test
  void everyArgoDocumentCopiesToAnEqualObjectThatSharesNothingMutable() throws IOException {
    int copied = 0;
    for (String dir : List.of("examples", "test/e2e")) {
      List<Path> files;
      try (Stream<Path> walk = Files.walk(ARGO.resolve(dir))) {
        files = walk.filter(p -> p.toString().endsWith(".yaml")).sorted().toList();
      }
      for (Path file : files) {
        List<JsonElement> trees;
        try {
          trees = Codec.readTrees(file);
        } catch (ManifestException e) {
          continue;
        }
        for (JsonElement tree : trees) {
          Object value;
          try {
            value = decode(tree);
          } catch (ManifestException e) {
            continue;
          }
          Object copy = Codec.copy(value);
          assertThat(copy).as(file.toString()).isNotSameAs(value).isEqualTo(value);
          assertThat(Codec.toTree(copy)).as(file.toString()).isEqualTo(Codec.toTree(value));
          if (value instanceof Workflow w
              && w.getSpec() != null
              && w.getSpec().getTemplates() != null) {
            ((Workflow) copy).getSpec().getTemplates().clear();
            assertThat(w.getSpec().getTemplates()).as(file.toString()).isNotEmpty();
          }
          copied++;
        }
      }
    }
    assertThat(copied).isGreaterThan(300);
  }

  /** Null when the document round-trips exactly, else the first difference found. */
  static String difference(JsonElement tree) {
    Object value;
    try {
      value = decode(tree);
    } catch (ManifestException e) {
      return e.getMessage();
    }
    JsonElement back = Codec.toTree(value);
    return TreeDiff.first(withoutNulls(tree), back, "");
  }

  private static Object decode(JsonElement tree) {
    String kind =
        tree.isJsonObject() && tree.getAsJsonObject().has("kind")
            ? tree.getAsJsonObject().get("kind").getAsString()
            : "";
    return Codec.fromTree(tree, KINDS.getOrDefault(kind, JsonObject.class), kind);
  }

  /**
   * The tree without {@code key: null} entries: Kubernetes prunes them and Go's omitempty never
   * writes them, so they carry nothing a round trip could keep.
   */
  static JsonElement withoutNulls(JsonElement tree) {
    if (tree.isJsonObject()) {
      JsonObject out = new JsonObject();
      for (Map.Entry<String, JsonElement> e : tree.getAsJsonObject().entrySet()) {
        if (!e.getValue().isJsonNull()) {
          out.add(e.getKey(), withoutNulls(e.getValue()));
        }
      }
      return out;
    }
    if (tree.isJsonArray()) {
      JsonArray out = new JsonArray();
      tree.getAsJsonArray().forEach(e -> out.add(withoutNulls(e)));
      return out;
    }
    return tree;
  }
}
