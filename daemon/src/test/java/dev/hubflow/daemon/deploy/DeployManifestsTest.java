package dev.hubflow.daemon.deploy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import dev.hubflow.model.Codec;
import io.kubernetes.client.openapi.models.RbacV1Subject;
import io.kubernetes.client.openapi.models.V1ClusterRole;
import io.kubernetes.client.openapi.models.V1ClusterRoleBinding;
import io.kubernetes.client.openapi.models.V1Container;
import io.kubernetes.client.openapi.models.V1CustomResourceDefinition;
import io.kubernetes.client.openapi.models.V1CustomResourceDefinitionVersion;
import io.kubernetes.client.openapi.models.V1Deployment;
import io.kubernetes.client.openapi.models.V1JSONSchemaProps;
import io.kubernetes.client.openapi.models.V1Namespace;
import io.kubernetes.client.openapi.models.V1PodSpec;
import io.kubernetes.client.openapi.models.V1PolicyRule;
import io.kubernetes.client.openapi.models.V1Role;
import io.kubernetes.client.openapi.models.V1RoleBinding;
import io.kubernetes.client.openapi.models.V1RoleRef;
import io.kubernetes.client.openapi.models.V1Service;
import io.kubernetes.client.openapi.models.V1ServiceAccount;
import io.kubernetes.client.openapi.models.V1Volume;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Every manifest under deploy/ parses with client-java's types and keeps its promises. */
class DeployManifestsTest {

  static final Path DEPLOY = Path.of("").toAbsolutePath().getParent().resolve("deploy");

  static final Map<String, Class<?>> TYPES =
      Map.of(
          "Namespace", V1Namespace.class,
          "ServiceAccount", V1ServiceAccount.class,
          "Role", V1Role.class,
          "RoleBinding", V1RoleBinding.class,
          "ClusterRole", V1ClusterRole.class,
          "ClusterRoleBinding", V1ClusterRoleBinding.class,
          "Deployment", V1Deployment.class,
          "Service", V1Service.class,
          "CustomResourceDefinition", V1CustomResourceDefinition.class);

  /** One parsed document: where it came from, its tree and its client-java object. */
  record Manifest(Path file, JsonObject tree, Object object) {
    String kind() {
      return tree.get("kind").getAsString();
    }

    String dir() {
      return DEPLOY.relativize(file).getName(0).toString();
    }

    <T> T as(Class<T> type) {
      return type.cast(object);
    }
  }

  static List<Manifest> manifests;

  @BeforeAll
  static void parseEverything() throws IOException {
    assertThat(DEPLOY.resolve("hub")).isDirectory();
    assertThat(DEPLOY.resolve("spoke")).isDirectory();
    manifests = new ArrayList<>();
    for (Path file : yamlFiles()) {
      if (file.getFileName().toString().equals("kustomization.yaml")) {
        continue;
      }
      for (JsonElement tree : Codec.readTrees(file)) {
        if (tree.isJsonNull()) {
          continue;
        }
        JsonObject object = tree.getAsJsonObject();
        String kind = object.get("kind").getAsString();
        Class<?> type = TYPES.get(kind);
        if (type == null) {
          fail("%s: no client-java type for kind %s; add it to TYPES", file, kind);
        }
        manifests.add(new Manifest(file, object, Codec.fromTree(object, type, file.toString())));
      }
    }
  }

  static List<Path> yamlFiles() throws IOException {
    try (Stream<Path> files = Files.walk(DEPLOY)) {
      return files.filter(p -> p.toString().endsWith(".yaml")).sorted().toList();
    }
  }

  static Stream<Manifest> ofKind(String kind) {
    return manifests.stream().filter(m -> m.kind().equals(kind));
  }

  @Test
  void everyFieldOfEveryManifestIsKnownToClientJava() {
    assertThat(manifests).hasSizeGreaterThan(10);
    for (Manifest m : manifests) {
      // A misspelt or misplaced field would be dropped by the typed round trip.
      assertThat(Codec.toTree(m.object()))
          .as("%s %s in %s", m.kind(), name(m), m.file())
          .isEqualTo(m.tree());
    }
  }

  @Test
  void rbacNeverGrantsWildcardsOrEscalation() {
    Set<String> dangerous = Set.of("*", "escalate", "bind", "impersonate");
    for (Manifest m : manifests) {
      List<V1PolicyRule> rules = rules(m);
      for (V1PolicyRule rule : rules) {
        assertThat(rule.getVerbs())
            .as("verbs in %s", m.file())
            .doesNotContainAnyElementsOf(dangerous);
        assertThat(rule.getResources()).as("resources in %s", m.file()).doesNotContain("*");
        assertThat(rule.getApiGroups()).as("apiGroups in %s", m.file()).doesNotContain("*");
        assertThat(rule.getNonResourceURLs()).as("nonResourceURLs in %s", m.file()).isNull();
      }
    }
  }

  @Test
  void spokeControllerRoleGrantsExactlyWhatTheControllerUses() {
    V1ClusterRole role = clusterRole("hubflow-controller");
    assertThat(grants(role.getRules()))
        .isEqualTo(
            new TreeMap<>(
                Map.ofEntries(
                    Map.entry("argoproj.io/workflows", "get,list,patch,update,watch"),
                    Map.entry(
                        "argoproj.io/workflowtaskresults",
                        "delete,deletecollection,get,list,watch"),
                    Map.entry("argoproj.io/workflowtemplates", "get,list,watch"),
                    Map.entry("argoproj.io/clusterworkflowtemplates", "get,list,watch"),
                    Map.entry("/pods", "create,delete,get,list,patch,watch"),
                    Map.entry("/pods/log", "get"),
                    Map.entry("/persistentvolumeclaims", "create,delete,get,list,watch"),
                    Map.entry("/events", "create,patch"),
                    Map.entry("/configmaps", "get"),
                    Map.entry("/secrets", "get"))));
    V1ClusterRoleBinding binding =
        ofKind("ClusterRoleBinding")
            .map(m -> m.as(V1ClusterRoleBinding.class))
            .filter(b -> b.getRoleRef().getName().equals("hubflow-controller"))
            .findFirst()
            .orElseThrow();
    // The EKS access entry maps the hub's IAM role into this group.
    assertThat(binding.getSubjects())
        .singleElement()
        .satisfies(
            s -> {
              assertThat(s.getKind()).isEqualTo("Group");
              assertThat(s.getName()).isEqualTo("hubflow-controller");
            });
  }

  @Test
  void executorRoleLetsWorkflowPodsReportOutputsOnly() {
    V1Role role = role("argo", "hubflow-executor");
    assertThat(grants(role.getRules()))
        .isEqualTo(
            new TreeMap<>(
                Map.of(
                    "argoproj.io/workflowtaskresults", "create,patch",
                    "/pods", "get,patch,watch")));
  }

  @Test
  void hubRoleIsNamespacedAndCoversLeasesRegistrationSecretsAndEvents() {
    assertThat(manifests.stream().filter(m -> m.dir().equals("hub")).map(Manifest::kind))
        .doesNotContain("ClusterRole", "ClusterRoleBinding");
    V1Role role = role("hubflow", "hubflow-controller");
    assertThat(grants(role.getRules()))
        .isEqualTo(
            new TreeMap<>(
                Map.of(
                    "coordination.k8s.io/leases", "create,get,update",
                    "/secrets", "get,list,watch",
                    "/events", "create,patch")));
  }

  @Test
  void everyBindingRefersToARoleAndServiceAccountsDefinedHere() {
    Set<String> roles = new TreeSet<>();
    Set<String> accounts = new TreeSet<>();
    for (Manifest m : manifests) {
      switch (m.kind()) {
        case "Role" -> roles.add("Role/" + ns(m) + "/" + name(m));
        case "ClusterRole" -> roles.add("ClusterRole//" + name(m));
        case "ServiceAccount" -> accounts.add(ns(m) + "/" + name(m));
        default -> {}
      }
    }
    for (Manifest m : manifests) {
      V1RoleRef ref;
      List<RbacV1Subject> subjects;
      if (m.object() instanceof V1RoleBinding b) {
        ref = b.getRoleRef();
        subjects = b.getSubjects();
        assertThat(roles)
            .as(m.file().toString())
            .contains(ref.getKind() + "/" + ns(m) + "/" + ref.getName());
      } else if (m.object() instanceof V1ClusterRoleBinding b) {
        ref = b.getRoleRef();
        subjects = b.getSubjects();
        assertThat(roles).as(m.file().toString()).contains("ClusterRole//" + ref.getName());
      } else {
        continue;
      }
      for (RbacV1Subject s : subjects) {
        // "default" exists in every namespace without being declared.
        if (s.getKind().equals("ServiceAccount") && !s.getName().equals("default")) {
          assertThat(accounts)
              .as(m.file().toString())
              .contains(s.getNamespace() + "/" + s.getName());
        }
      }
    }
  }

  @Test
  void everyContainerRunsNonRootWithAReadOnlyRootAndNoCapabilities() {
    List<Manifest> deployments = ofKind("Deployment").toList();
    assertThat(deployments).isNotEmpty();
    for (Manifest m : deployments) {
      V1PodSpec pod = m.as(V1Deployment.class).getSpec().getTemplate().getSpec();
      assertThat(pod.getSecurityContext().getRunAsNonRoot()).isTrue();
      List<V1Container> containers = new ArrayList<>(pod.getContainers());
      if (pod.getInitContainers() != null) {
        containers.addAll(pod.getInitContainers());
      }
      for (V1Container c : containers) {
        var sc = c.getSecurityContext();
        assertThat(sc).as("securityContext of %s in %s", c.getName(), m.file()).isNotNull();
        assertThat(sc.getReadOnlyRootFilesystem()).as(c.getName()).isTrue();
        assertThat(sc.getAllowPrivilegeEscalation()).as(c.getName()).isFalse();
        assertThat(sc.getPrivileged()).as(c.getName()).isNotEqualTo(Boolean.TRUE);
        assertThat(sc.getCapabilities().getDrop()).as(c.getName()).containsExactly("ALL");
        assertThat(sc.getCapabilities().getAdd()).as(c.getName()).isNullOrEmpty();
        // The image writes only to /tmp, so /tmp must be a volume.
        String tmpVolume =
            c.getVolumeMounts().stream()
                .filter(v -> v.getMountPath().equals("/tmp"))
                .findFirst()
                .orElseThrow(() -> new AssertionError(c.getName() + " mounts no /tmp"))
                .getName();
        V1Volume volume =
            pod.getVolumes().stream()
                .filter(v -> v.getName().equals(tmpVolume))
                .findFirst()
                .orElseThrow();
        assertThat(volume.getEmptyDir()).as("/tmp volume").isNotNull();
      }
    }
  }

  @Test
  void controllerDeploymentRunsTheControllerWithProbesAndMetrics() {
    V1Deployment deployment =
        ofKind("Deployment").map(m -> m.as(V1Deployment.class)).findFirst().orElseThrow();
    V1PodSpec pod = deployment.getSpec().getTemplate().getSpec();
    assertThat(deployment.getMetadata().getNamespace()).isEqualTo("hubflow");
    assertThat(pod.getServiceAccountName()).isEqualTo("hubflow");
    V1Container controller = pod.getContainers().get(0);
    assertThat(controller.getArgs()).first().isEqualTo("controller");
    assertThat(controller.getArgs())
        .contains("--leader-elect", "--cluster-secrets-namespace=hubflow");
    assertThat(controller.getLivenessProbe().getHttpGet().getPath()).isEqualTo("/healthz");
    assertThat(controller.getReadinessProbe().getHttpGet().getPath()).isEqualTo("/readyz");
    assertThat(controller.getPorts()).extracting(p -> p.getName()).contains("health", "metrics");
    assertThat(controller.getResources().getLimits()).containsKey("memory");
  }

  @Test
  void crdsDeclareArgosTypesWithSchemasThatKeepEveryField() {
    Map<String, V1CustomResourceDefinition> crds =
        ofKind("CustomResourceDefinition")
            .map(m -> m.as(V1CustomResourceDefinition.class))
            .collect(Collectors.toMap(c -> c.getSpec().getNames().getKind(), c -> c));
    assertThat(crds.keySet())
        .containsExactlyInAnyOrder(
            "Workflow", "WorkflowTaskResult", "WorkflowTemplate", "ClusterWorkflowTemplate");
    for (V1CustomResourceDefinition crd : crds.values()) {
      var spec = crd.getSpec();
      var names = spec.getNames();
      assertThat(spec.getGroup()).isEqualTo("argoproj.io");
      assertThat(crd.getMetadata().getName()).isEqualTo(names.getPlural() + ".argoproj.io");
      assertThat(names.getPlural()).isEqualTo(names.getKind().toLowerCase() + "s");
      assertThat(names.getSingular()).isEqualTo(names.getKind().toLowerCase());
      assertThat(names.getListKind()).isEqualTo(names.getKind() + "List");
      assertThat(spec.getScope())
          .isEqualTo(names.getKind().startsWith("Cluster") ? "Cluster" : "Namespaced");
      assertThat(spec.getVersions())
          .singleElement()
          .satisfies(
              v -> {
                assertThat(v.getName()).isEqualTo("v1alpha1");
                assertThat(v.getServed()).isTrue();
                assertThat(v.getStorage()).isTrue();
                // Argo keeps status in the resource; a status subresource would drop its writes.
                assertThat(v.getSubresources()).isNull();
                assertThat(keepsUnknownFields(v)).as(names.getKind()).isTrue();
              });
    }
  }

  @Test
  void everyArgoResourceTheControllerRoleNamesHasACrd() {
    Set<String> plurals =
        ofKind("CustomResourceDefinition")
            .map(m -> m.as(V1CustomResourceDefinition.class).getSpec().getNames().getPlural())
            .collect(Collectors.toSet());
    for (V1PolicyRule rule : clusterRole("hubflow-controller").getRules()) {
      if (rule.getApiGroups().contains("argoproj.io")) {
        assertThat(plurals).containsAll(rule.getResources());
      }
    }
  }

  @Test
  void kustomizationsListEveryManifestOfTheirDirectory() throws IOException {
    for (String dir : List.of("hub", "spoke")) {
      Path folder = DEPLOY.resolve(dir);
      JsonObject kustomization =
          Codec.readTrees(folder.resolve("kustomization.yaml")).get(0).getAsJsonObject();
      Set<String> listed = new TreeSet<>();
      kustomization.getAsJsonArray("resources").forEach(r -> listed.add(r.getAsString()));
      Set<String> present;
      try (Stream<Path> files = Files.list(folder)) {
        present =
            files
                .map(p -> p.getFileName().toString())
                .filter(n -> n.endsWith(".yaml") && !n.equals("kustomization.yaml"))
                .collect(Collectors.toCollection(TreeSet::new));
      }
      assertThat(listed).as(dir).isEqualTo(present);
    }
  }

  // --- helpers ---

  static boolean keepsUnknownFields(V1CustomResourceDefinitionVersion version) {
    V1JSONSchemaProps root = version.getSchema().getOpenAPIV3Schema();
    if (Boolean.TRUE.equals(root.getxKubernetesPreserveUnknownFields())) {
      return true;
    }
    V1JSONSchemaProps spec = root.getProperties().get("spec");
    return spec != null && Boolean.TRUE.equals(spec.getxKubernetesPreserveUnknownFields());
  }

  static List<V1PolicyRule> rules(Manifest m) {
    if (m.object() instanceof V1Role r) {
      return r.getRules();
    }
    if (m.object() instanceof V1ClusterRole r) {
      return r.getRules();
    }
    return List.of();
  }

  /** "group/resource" to sorted, comma-joined verbs, merged over all rules. */
  static Map<String, String> grants(List<V1PolicyRule> rules) {
    Map<String, Set<String>> verbs = new TreeMap<>();
    for (V1PolicyRule rule : rules) {
      for (String group : rule.getApiGroups()) {
        for (String resource : rule.getResources()) {
          verbs
              .computeIfAbsent(group + "/" + resource, k -> new TreeSet<>())
              .addAll(rule.getVerbs());
        }
      }
    }
    Map<String, String> out = new TreeMap<>();
    verbs.forEach((k, v) -> out.put(k, String.join(",", v)));
    return out;
  }

  static V1ClusterRole clusterRole(String name) {
    return ofKind("ClusterRole")
        .filter(m -> name(m).equals(name))
        .map(m -> m.as(V1ClusterRole.class))
        .findFirst()
        .orElseThrow(() -> new AssertionError("no ClusterRole " + name));
  }

  static V1Role role(String namespace, String name) {
    return ofKind("Role")
        .filter(m -> name(m).equals(name) && ns(m).equals(namespace))
        .map(m -> m.as(V1Role.class))
        .findFirst()
        .orElseThrow(() -> new AssertionError("no Role " + namespace + "/" + name));
  }

  static String name(Manifest m) {
    return m.tree().getAsJsonObject("metadata").get("name").getAsString();
  }

  static String ns(Manifest m) {
    JsonElement ns = m.tree().getAsJsonObject("metadata").get("namespace");
    return ns == null ? "" : ns.getAsString();
  }
}
