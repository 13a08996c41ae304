package dev.hubflow.core.engine.validate;

import static org.assertj.core.api.Assertions.assertThat;

import com.google.gson.JsonElement;
import dev.hubflow.model.Codec;
import dev.hubflow.model.ManifestException;
import dev.hubflow.model.v1alpha1.WorkflowSpec;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.yaml.snakeyaml.Yaml;

/**
 * Argo's own examples and e2e fixtures: the valid ones validate clean, and the ones Argo rejects
 * are rejected with Argo's message.
 */
class ArgoFixturesValidationTest {
  static final Path ARGO =
      Path.of(System.getProperty("hubflow.shared", "../shared"), "argo", "v3.7.18");
  static final Path EXPECTATIONS =
      Path.of(
          System.getProperty("hubflow.shared", "../shared"), "conformance", "expectations.yaml");

  /** Fixtures Argo's strict lint rejects too although they are not marked so, and why. */
  static final Map<String, String> INVALID =
      Map.of(
          "test/e2e/functional/continue-on-failed.yaml",
          "a step has `dependencies`, which steps do not have: strict lint rejects the unknown"
              + " field (the controller ignores it and runs the workflow)",
          "test/e2e/functional/output-jqfilter-parameters.yaml",
          "`jqfilter` is a typo for `jqFilter`: unknown field to strict lint",
          "test/e2e/testdata/workflow-templates/invalid-workflowtemplate.yaml",
          "deliberately invalid: `entrypoints` is no field",
          "test/e2e/testdata/wellformed/wellformed-workflow-with-malformed-workflow-template-ref.yaml",
          "refers to WorkflowTemplate `malformed`, which cannot be created: Argo ends it with"
              + " '\"malformed\" not found'",
          "test/e2e/testdata/wellformed/wellformed-workflow-with-malformed-cluster-workflow-template-ref.yaml",
          "refers to ClusterWorkflowTemplate `malformed`, which cannot be created: Argo ends it"
              + " with '\"malformed\" not found'");

  @Test
  void everyValidArgoManifestValidatesClean() throws IOException {
    Map<Path, List<JsonElement>> docs = manifests();
    WorkflowValidator validator = new WorkflowValidator(lookup(docs), true);
    Map<String, String> rejectedByArgo = lintRejected();
    List<String> unexpected = new ArrayList<>();
    int checked = 0;
    for (Map.Entry<Path, List<JsonElement>> e : docs.entrySet()) {
      String name = ARGO.relativize(e.getKey()).toString();
      for (JsonElement doc : e.getValue()) {
        if (!WorkflowValidator.KINDS.contains(kind(doc)) || name.contains("/malformed/")) {
          continue;
        }
        checked++;
        Validation v = validator.validate(doc);
        if (!v.valid() && !INVALID.containsKey(name) && !rejectedByArgo.containsKey(name)) {
          unexpected.add(name + ": " + v.problems());
        }
      }
    }
    System.out.println("validated " + checked + " Argo manifests");
    unexpected.forEach(u -> System.out.println("UNEXPECTED " + u));
    assertThat(unexpected).isEmpty();
  }

  @Test
  void fixturesArgoRejectsAreRejectedWithArgosMessage() throws IOException {
    Map<Path, List<JsonElement>> docs = manifests();
    WorkflowValidator validator = new WorkflowValidator(lookup(docs), true);
    Map<String, String> rejected = lintRejected();
    assertThat(rejected).isNotEmpty();
    for (Map.Entry<String, String> e : rejected.entrySet()) {
      List<JsonElement> file = docs.get(ARGO.resolve(e.getKey()));
      assertThat(file).as(e.getKey()).isNotEmpty();
      Validation v = validator.validate(file.get(0));
      assertThat(v.valid()).as(e.getKey()).isFalse();
      assertThat(v.problems().get(0).message()).as(e.getKey()).isEqualTo(e.getValue());
      assertThat(v.failureMessage()).isEqualTo("invalid spec: " + e.getValue());
    }
  }

  @Test
  void fixturesArgoLintsCleanValidateClean() throws IOException {
    Map<Path, List<JsonElement>> docs = manifests();
    WorkflowValidator validator = new WorkflowValidator(lookup(docs), true);
    int clean = 0;
    for (String file : lintClean()) {
      for (JsonElement doc : docs.get(ARGO.resolve(file))) {
        assertThat(validator.validate(doc).problems()).as(file).isEmpty();
      }
      clean++;
    }
    assertThat(clean).isPositive();
  }

  @Test
  void malformedFixturesAreRejectedNamingTheField() throws IOException {
    Map<Path, List<JsonElement>> docs = manifests();
    WorkflowValidator validator = new WorkflowValidator(lookup(docs), true);
    int malformed = 0;
    for (Map.Entry<Path, List<JsonElement>> e : docs.entrySet()) {
      if (!e.getKey().toString().contains("/malformed/")) {
        continue;
      }
      malformed++;
      Validation v = validator.validate(e.getValue().get(0));
      assertThat(v.valid()).as(e.getKey().toString()).isFalse();
      assertThat(v.summary())
          .as(e.getKey().toString())
          .containsAnyOf("arguments.parameters", "name is required");
    }
    assertThat(malformed).isEqualTo(5);
  }

  static Map<Path, List<JsonElement>> manifests() throws IOException {
    Map<Path, List<JsonElement>> docs = new LinkedHashMap<>();
    for (String dir : List.of("examples", "test/e2e")) {
      try (Stream<Path> walk = Files.walk(ARGO.resolve(dir))) {
        for (Path p :
            walk.filter(Files::isRegularFile)
                .filter(p -> p.toString().endsWith(".yaml") || p.toString().endsWith(".yml"))
                .sorted()
                .toList()) {
          try {
            docs.put(p, Codec.readTrees(p));
          } catch (ManifestException unreadable) {
            docs.put(p, List.of());
          }
        }
      }
    }
    return docs;
  }

  static TemplateLookup lookup(Map<Path, List<JsonElement>> docs) {
    Map<String, WorkflowSpec> namespaced = new HashMap<>();
    Map<String, WorkflowSpec> cluster = new HashMap<>();
    for (Map.Entry<Path, List<JsonElement>> file : docs.entrySet()) {
      if (file.getKey().toString().contains("/malformed/")) {
        continue; // the API server refuses these, so the cluster never has them
      }
      for (JsonElement doc : file.getValue()) {
        String kind = kind(doc);
        if (!kind.equals("WorkflowTemplate") && !kind.equals("ClusterWorkflowTemplate")) {
          continue;
        }
        try {
          JsonElement meta = doc.getAsJsonObject().get("metadata");
          String name = meta.getAsJsonObject().get("name").getAsString();
          WorkflowSpec spec =
              Codec.fromTree(doc.getAsJsonObject().get("spec"), WorkflowSpec.class, name);
          (kind.equals("WorkflowTemplate") ? namespaced : cluster).put(name, spec);
        } catch (RuntimeException malformed) {
          // malformed fixtures are found by the validator itself
        }
      }
    }
    return TemplateLookup.of(namespaced, cluster);
  }

  static String kind(JsonElement doc) {
    return doc.isJsonObject() && doc.getAsJsonObject().has("kind")
        ? doc.getAsJsonObject().get("kind").getAsString()
        : "";
  }

  @SuppressWarnings("unchecked")
  static List<String> lintClean() throws IOException {
    List<String> clean = new ArrayList<>();
    List<Map<String, Object>> entries = new Yaml().load(Files.readString(EXPECTATIONS));
    for (Map<String, Object> entry : entries) {
      if ("clean".equals(entry.get("lint"))) {
        clean.add((String) entry.get("file"));
      }
    }
    return clean;
  }

  /** file → lintMessage of the expectations marked {@code lint: rejected}. */
  @SuppressWarnings("unchecked")
  static Map<String, String> lintRejected() throws IOException {
    Map<String, String> rejected = new LinkedHashMap<>();
    List<Map<String, Object>> entries = new Yaml().load(Files.readString(EXPECTATIONS));
    for (Map<String, Object> entry : entries) {
      if ("rejected".equals(entry.get("lint"))) {
        rejected.put((String) entry.get("file"), String.valueOf(entry.get("lintMessage")));
      }
    }
    return rejected;
  }
}
