package dev.hubflow.testkit.apiserver.store;

import com.google.gson.JsonArray;
import com.google.gson.JsonObject;
import java.util.List;

/** The kinds every emulated cluster serves from the start, and the Argo CRDs it may install. */
public final class BuiltinTypes {
  private BuiltinTypes() {}

  private static final List<PrinterColumn> AGE =
      List.of(new PrinterColumn("Age", "date", ".metadata.creationTimestamp", ""));

  public static final ResourceType NAMESPACES =
      core("namespaces", "Namespace", false, List.of("ns"), true, false);
  public static final ResourceType PODS =
      core("pods", "Pod", true, List.of("po"), true, true, List.of("all"));
  public static final ResourceType CONFIGMAPS =
      core("configmaps", "ConfigMap", true, List.of("cm"), false, false);
  public static final ResourceType SECRETS =
      core("secrets", "Secret", true, List.of(), false, false);
  public static final ResourceType SERVICE_ACCOUNTS =
      core("serviceaccounts", "ServiceAccount", true, List.of("sa"), false, false);
  public static final ResourceType EVENTS =
      core("events", "Event", true, List.of("ev"), false, false);
  public static final ResourceType PVCS =
      core("persistentvolumeclaims", "PersistentVolumeClaim", true, List.of("pvc"), true, false);
  public static final ResourceType SERVICES =
      core("services", "Service", true, List.of("svc"), true, false, List.of("all"));
  public static final ResourceType NODES = core("nodes", "Node", false, List.of("no"), true, false);
  public static final ResourceType LEASES =
      type("coordination.k8s.io", "v1", "leases", "Lease", true, List.of(), false, false);
  public static final ResourceType EVENTS_V1 =
      type("events.k8s.io", "v1", "events", "Event", true, List.of("ev"), false, false);

  /** Who am I ({@code kubectl auth whoami}); answered from the request, never stored. */
  public static final ResourceType SELF_SUBJECT_REVIEWS =
      type(
          "authentication.k8s.io",
          "v1",
          "selfsubjectreviews",
          "SelfSubjectReview",
          false,
          List.of(),
          false,
          false);

  public static final ResourceType CRDS =
      type(
          "apiextensions.k8s.io",
          "v1",
          "customresourcedefinitions",
          "CustomResourceDefinition",
          false,
          List.of("crd", "crds"),
          true,
          false);

  public static final String ARGO_GROUP = "argoproj.io";
  public static final ResourceType WORKFLOWS = argo("workflows", "Workflow", List.of("wf"), false);
  public static final ResourceType WORKFLOW_TEMPLATES =
      argo("workflowtemplates", "WorkflowTemplate", List.of("wftmpl"), false);
  public static final ResourceType CLUSTER_WORKFLOW_TEMPLATES =
      argoCluster(
          "clusterworkflowtemplates", "ClusterWorkflowTemplate", List.of("clusterwftmpl", "cwft"));
  public static final ResourceType CRON_WORKFLOWS =
      argo("cronworkflows", "CronWorkflow", List.of("cwf", "cronwf"), false);
  public static final ResourceType WORKFLOW_TASK_RESULTS =
      argo("workflowtaskresults", "WorkflowTaskResult", List.of(), false);
  public static final ResourceType WORKFLOW_TASK_SETS =
      argo("workflowtasksets", "WorkflowTaskSet", List.of("wfts"), true);
  public static final ResourceType WORKFLOW_ARTIFACT_GC_TASKS =
      argo("workflowartifactgctasks", "WorkflowArtifactGCTask", List.of("wfat"), true);
  public static final ResourceType WORKFLOW_EVENT_BINDINGS =
      argo("workfloweventbindings", "WorkflowEventBinding", List.of("wfeb"), false);

  /** Kinds served without a CRD object. */
  public static List<ResourceType> builtins() {
    return List.of(
        NAMESPACES,
        PODS,
        CONFIGMAPS,
        SECRETS,
        SERVICE_ACCOUNTS,
        EVENTS,
        PVCS,
        SERVICES,
        NODES,
        LEASES,
        EVENTS_V1,
        SELF_SUBJECT_REVIEWS,
        CRDS);
  }

  public static List<ResourceType> argo() {
    return List.of(
        WORKFLOWS,
        WORKFLOW_TEMPLATES,
        CLUSTER_WORKFLOW_TEMPLATES,
        CRON_WORKFLOWS,
        WORKFLOW_TASK_RESULTS,
        WORKFLOW_TASK_SETS,
        WORKFLOW_ARTIFACT_GC_TASKS,
        WORKFLOW_EVENT_BINDINGS);
  }

  /** A CustomResourceDefinition object that, once created, makes {@code type} served. */
  public static JsonObject crdFor(ResourceType type) {
    JsonObject crd = new JsonObject();
    crd.addProperty("apiVersion", "apiextensions.k8s.io/v1");
    crd.addProperty("kind", "CustomResourceDefinition");
    JsonObject meta = new JsonObject();
    meta.addProperty("name", type.resource() + "." + type.group());
    crd.add("metadata", meta);
    JsonObject spec = new JsonObject();
    spec.addProperty("group", type.group());
    spec.addProperty("scope", type.namespaced() ? "Namespaced" : "Cluster");
    JsonObject names = new JsonObject();
    names.addProperty("kind", type.kind());
    names.addProperty("listKind", type.listKind());
    names.addProperty("plural", type.resource());
    names.addProperty("singular", type.singular());
    names.add("shortNames", strings(type.shortNames()));
    if (!type.categories().isEmpty()) {
      names.add("categories", strings(type.categories()));
    }
    spec.add("names", names);
    JsonArray versions = new JsonArray();
    JsonObject version = new JsonObject();
    version.addProperty("name", type.version());
    version.addProperty("served", true);
    version.addProperty("storage", true);
    JsonObject schema = new JsonObject();
    JsonObject openApi = new JsonObject();
    openApi.addProperty("type", "object");
    openApi.addProperty("x-kubernetes-preserve-unknown-fields", true);
    schema.add("openAPIV3Schema", openApi);
    version.add("schema", schema);
    JsonObject sub = new JsonObject();
    if (type.statusSubresource()) {
      sub.add("status", new JsonObject());
    }
    version.add("subresources", sub);
    JsonArray columns = new JsonArray();
    for (PrinterColumn c : type.printerColumns()) {
      if (c.jsonPath().equals(".metadata.creationTimestamp")) {
        continue;
      }
      JsonObject col = new JsonObject();
      col.addProperty("name", c.name());
      col.addProperty("type", c.type());
      col.addProperty("jsonPath", c.jsonPath());
      if (!c.format().isEmpty()) {
        col.addProperty("format", c.format());
      }
      columns.add(col);
    }
    if (!columns.isEmpty()) {
      version.add("additionalPrinterColumns", columns);
    }
    versions.add(version);
    spec.add("versions", versions);
    crd.add("spec", spec);
    return crd;
  }

  private static JsonArray strings(List<String> values) {
    JsonArray a = new JsonArray();
    values.forEach(a::add);
    return a;
  }

  private static ResourceType core(
      String resource,
      String kind,
      boolean namespaced,
      List<String> shortNames,
      boolean status,
      boolean generation) {
    return core(resource, kind, namespaced, shortNames, status, generation, List.of());
  }

  private static ResourceType core(
      String resource,
      String kind,
      boolean namespaced,
      List<String> shortNames,
      boolean status,
      boolean generation,
      List<String> categories) {
    return new ResourceType(
        "",
        "v1",
        resource,
        kind,
        kind.toLowerCase(java.util.Locale.ROOT),
        namespaced,
        shortNames,
        categories,
        status,
        generation,
        columnsFor(kind));
  }

  private static List<PrinterColumn> columnsFor(String kind) {
    if (kind.equals("Pod")) {
      // As kubectl shows pods; the '#' paths are computed from the pod (see Tables).
      return List.of(
          new PrinterColumn("Ready", "string", "#ready", ""),
          new PrinterColumn("Status", "string", "#podStatus", ""),
          new PrinterColumn("Restarts", "string", "#restarts", ""),
          AGE.get(0));
    }
    if (kind.equals("Namespace")) {
      return List.of(new PrinterColumn("Status", "string", ".status.phase", ""), AGE.get(0));
    }
    return AGE;
  }

  private static ResourceType type(
      String group,
      String version,
      String resource,
      String kind,
      boolean namespaced,
      List<String> shortNames,
      boolean status,
      boolean generation) {
    return new ResourceType(
        group,
        version,
        resource,
        kind,
        kind.toLowerCase(java.util.Locale.ROOT),
        namespaced,
        shortNames,
        List.of(),
        status,
        generation,
        AGE);
  }

  private static ResourceType argo(
      String resource, String kind, List<String> shortNames, boolean status) {
    List<PrinterColumn> columns =
        kind.equals("Workflow")
            ? List.of(
                new PrinterColumn("Status", "string", ".status.phase", ""),
                new PrinterColumn("Age", "date", ".status.startedAt", "date-time"),
                new PrinterColumn("Message", "string", ".status.message", ""))
            : AGE;
    return new ResourceType(
        ARGO_GROUP,
        "v1alpha1",
        resource,
        kind,
        kind.toLowerCase(java.util.Locale.ROOT),
        true,
        shortNames,
        List.of(),
        status,
        true,
        columns);
  }

  private static ResourceType argoCluster(String resource, String kind, List<String> shortNames) {
    return new ResourceType(
        ARGO_GROUP,
        "v1alpha1",
        resource,
        kind,
        kind.toLowerCase(java.util.Locale.ROOT),
        false,
        shortNames,
        List.of(),
        false,
        true,
        AGE);
  }

  /** The resource type a CRD object describes, one per served version. */
  public static List<ResourceType> fromCrd(JsonObject crd) {
    JsonObject spec = Json.obj(crd, "spec");
    JsonObject names = Json.obj(spec, "names");
    String group = Json.str(spec, "group");
    String plural = Json.str(names, "plural");
    String kind = Json.str(names, "kind");
    if (group.isEmpty() || plural.isEmpty() || kind.isEmpty()) {
      throw StatusException.invalid(
          CRDS,
          Json.str(Json.obj(crd, "metadata"), "name"),
          "spec.names",
          "group, names.plural and names.kind are required");
    }
    String singular = Json.str(names, "singular");
    if (singular.isEmpty()) {
      singular = kind.toLowerCase(java.util.Locale.ROOT);
    }
    boolean namespaced = !"Cluster".equals(Json.str(spec, "scope"));
    List<String> shortNames = Json.strings(names, "shortNames");
    List<String> categories = Json.strings(names, "categories");
    List<ResourceType> out = new java.util.ArrayList<>();
    for (var v : Json.arr(spec, "versions")) {
      JsonObject version = v.getAsJsonObject();
      if (version.has("served") && !version.get("served").getAsBoolean()) {
        continue;
      }
      boolean status = Json.obj(version, "subresources").has("status");
      List<PrinterColumn> columns = new java.util.ArrayList<>();
      for (var c : Json.arr(version, "additionalPrinterColumns")) {
        JsonObject col = c.getAsJsonObject();
        columns.add(
            new PrinterColumn(
                Json.str(col, "name"),
                Json.str(col, "type"),
                Json.str(col, "jsonPath"),
                Json.str(col, "format")));
      }
      if (columns.isEmpty()) {
        columns.addAll(AGE);
      }
      out.add(
          new ResourceType(
              group,
              Json.str(version, "name"),
              plural,
              kind,
              singular,
              namespaced,
              shortNames,
              categories,
              status,
              true,
              columns));
    }
    return out;
  }
}
