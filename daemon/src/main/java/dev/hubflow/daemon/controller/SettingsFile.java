package dev.hubflow.daemon.controller;

import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import dev.hubflow.model.Codec;
import dev.hubflow.model.ManifestException;
import dev.hubflow.model.v1alpha1.Workflow;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * The controller's config file: YAML with the flags' settings plus {@code workflowDefaults}, or a
 * ConfigMap manifest whose {@code data.config} holds that YAML (so the deployed ConfigMap can be
 * mounted or read as is).
 *
 * <pre>
 * kubeconfig: /etc/hubflow/hub.kubeconfig     # or in-cluster
 * clusterSecretsNamespace: hubflow
 * namespaces: [argo]
 * spokes: {spoke-a: /etc/hubflow/spoke-a.kubeconfig}
 * leaderElect: true
 * healthPort: 8080
 * metricsPort: 9090
 * logFormat: json
 * executorImage: quay.io/argoproj/argoexec:v3.5.5
 * workers: 8
 * workflowDefaults: {spec: {serviceAccountName: argo}}
 * </pre>
 */
record SettingsFile(
    Optional<String> kubeconfig,
    Optional<String> clusterSecretsNamespace,
    List<String> namespaces,
    Map<String, Path> spokes,
    Optional<Boolean> leaderElect,
    Optional<Integer> healthPort,
    Optional<Integer> metricsPort,
    Optional<String> logFormat,
    Optional<String> executorImage,
    Optional<Integer> workers,
    Workflow workflowDefaults) {

  static SettingsFile empty() {
    return new SettingsFile(
        Optional.empty(),
        Optional.empty(),
        List.of(),
        Map.of(),
        Optional.empty(),
        Optional.empty(),
        Optional.empty(),
        Optional.empty(),
        Optional.empty(),
        Optional.empty(),
        null);
  }

  /**
   * @throws IllegalArgumentException naming the file and field when it cannot be used
   */
  static SettingsFile read(Path file) {
    String source = file.toString();
    String text;
    try {
      text = Files.readString(file);
    } catch (IOException e) {
      throw new IllegalArgumentException(source + ": cannot read: " + e.getMessage(), e);
    }
    JsonObject root = object(text, source);
    if (root.has("kind") && "ConfigMap".equals(root.get("kind").getAsString())) {
      JsonObject data = root.has("data") ? root.getAsJsonObject("data") : new JsonObject();
      if (!data.has("config")) {
        throw new IllegalArgumentException(source + ": ConfigMap has no data.config");
      }
      root = object(data.get("config").getAsString(), source + " (data.config)");
    }
    for (String key : root.keySet()) {
      if (!Set.of(
              "kubeconfig",
              "clusterSecretsNamespace",
              "namespaces",
              "spokes",
              "leaderElect",
              "healthPort",
              "metricsPort",
              "logFormat",
              "executorImage",
              "workers",
              "workflowDefaults")
          .contains(key)) {
        throw new IllegalArgumentException(source + ": unknown setting " + key);
      }
    }
    try {
      List<String> namespaces = new ArrayList<>();
      if (root.has("namespaces")) {
        root.getAsJsonArray("namespaces").forEach(n -> namespaces.add(n.getAsString()));
      }
      Map<String, Path> spokes = new LinkedHashMap<>();
      if (root.has("spokes")) {
        root.getAsJsonObject("spokes")
            .entrySet()
            .forEach(e -> spokes.put(e.getKey(), Path.of(e.getValue().getAsString())));
      }
      Workflow defaults =
          root.has("workflowDefaults")
              ? Codec.fromTree(
                  root.get("workflowDefaults"), Workflow.class, source + " workflowDefaults")
              : null;
      return new SettingsFile(
          text(root, "kubeconfig"),
          text(root, "clusterSecretsNamespace"),
          namespaces,
          spokes,
          Optional.ofNullable(root.get("leaderElect")).map(JsonElement::getAsBoolean),
          Optional.ofNullable(root.get("healthPort")).map(JsonElement::getAsInt),
          Optional.ofNullable(root.get("metricsPort")).map(JsonElement::getAsInt),
          text(root, "logFormat"),
          text(root, "executorImage"),
          Optional.ofNullable(root.get("workers")).map(JsonElement::getAsInt),
          defaults);
    } catch (ManifestException e) {
      throw new IllegalArgumentException(e.getMessage(), e);
    } catch (RuntimeException e) {
      throw new IllegalArgumentException(source + ": " + e.getMessage(), e);
    }
  }

  private static JsonObject object(String text, String source) {
    List<JsonElement> trees;
    try {
      trees = Codec.readTrees(text, source);
    } catch (ManifestException e) {
      throw new IllegalArgumentException(e.getMessage(), e);
    }
    if (trees.size() != 1 || !trees.get(0).isJsonObject()) {
      throw new IllegalArgumentException(source + ": expected one YAML mapping");
    }
    return trees.get(0).getAsJsonObject();
  }

  private static Optional<String> text(JsonObject root, String field) {
    JsonElement value = root.get(field);
    return value == null || value.isJsonNull()
        ? Optional.empty()
        : Optional.of(value.getAsString());
  }
}
