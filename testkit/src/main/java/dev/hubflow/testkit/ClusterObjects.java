package dev.hubflow.testkit;

import com.google.gson.JsonObject;
import dev.hubflow.core.cluster.credentials.ClusterApiClient;
import dev.hubflow.core.cluster.credentials.Kubeconfig;
import dev.hubflow.core.cluster.credentials.KubeconfigCredentialProvider;
import dev.hubflow.core.spi.Clock;
import dev.hubflow.core.spi.ClusterConnection;
import dev.hubflow.core.status.NodeStatusPacking;
import dev.hubflow.model.Codec;
import dev.hubflow.model.v1alpha1.Workflow;
import dev.hubflow.model.v1alpha1.WorkflowList;
import io.kubernetes.client.openapi.ApiClient;
import io.kubernetes.client.openapi.models.V1Namespace;
import io.kubernetes.client.openapi.models.V1NamespaceList;
import io.kubernetes.client.openapi.models.V1ObjectMeta;
import io.kubernetes.client.openapi.models.V1Pod;
import io.kubernetes.client.openapi.models.V1PodList;
import io.kubernetes.client.util.generic.GenericKubernetesApi;
import io.kubernetes.client.util.generic.KubernetesApiResponse;
import io.kubernetes.client.util.generic.dynamic.DynamicKubernetesApi;
import io.kubernetes.client.util.generic.dynamic.DynamicKubernetesObject;
import io.kubernetes.client.util.generic.options.ListOptions;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * The objects hubflow's tools put into any cluster, through its API: namespaces, manifests
 * (ConfigMaps, WorkflowTemplates, ...), workflows and their pods.
 */
public final class ClusterObjects {
  /** Plural resource names and scope of the kinds workflows usually come with. */
  private static final Map<String, String> PLURALS =
      Map.ofEntries(
          Map.entry("ConfigMap", "configmaps"),
          Map.entry("Secret", "secrets"),
          Map.entry("ServiceAccount", "serviceaccounts"),
          Map.entry("PersistentVolumeClaim", "persistentvolumeclaims"),
          Map.entry("Namespace", "namespaces"),
          Map.entry("Role", "roles"),
          Map.entry("RoleBinding", "rolebindings"),
          Map.entry("Workflow", "workflows"),
          Map.entry("WorkflowTemplate", "workflowtemplates"),
          Map.entry("ClusterWorkflowTemplate", "clusterworkflowtemplates"),
          Map.entry("CronWorkflow", "cronworkflows"),
          Map.entry("WorkflowTaskResult", "workflowtaskresults"));

  private static final List<String> CLUSTER_SCOPED =
      List.of("Namespace", "ClusterWorkflowTemplate");

  private final ApiClient client;
  private final GenericKubernetesApi<Workflow, WorkflowList> workflows;
  private final GenericKubernetesApi<V1Pod, V1PodList> pods;
  private final GenericKubernetesApi<V1Namespace, V1NamespaceList> namespaces;

  public ClusterObjects(ApiClient client) {
    this.client = client;
    this.workflows =
        new GenericKubernetesApi<>(
            Workflow.class, WorkflowList.class, "argoproj.io", "v1alpha1", "workflows", client);
    this.pods = new GenericKubernetesApi<>(V1Pod.class, V1PodList.class, "", "v1", "pods", client);
    this.namespaces =
        new GenericKubernetesApi<>(
            V1Namespace.class, V1NamespaceList.class, "", "v1", "namespaces", client);
  }

  /** Creates the namespace unless it exists. */
  public void createNamespace(String name) {
    if (namespaces.get(name).isSuccess()) {
      return;
    }
    KubernetesApiResponse<V1Namespace> r =
        namespaces.create(new V1Namespace().metadata(new V1ObjectMeta().name(name)));
    if (!r.isSuccess() && r.getHttpStatusCode() != 409) {
      throw new ClusterObjectException(
          "creating namespace "
              + name
              + " failed: HTTP "
              + r.getHttpStatusCode()
              + " "
              + status(r));
    }
  }

  /** Deletes the namespace (and so everything in it); gone already is fine. */
  public void deleteNamespace(String name) {
    KubernetesApiResponse<V1Namespace> r = namespaces.delete(name);
    if (!r.isSuccess() && r.getHttpStatusCode() != 404) {
      throw new ClusterObjectException(
          "deleting namespace "
              + name
              + " failed: HTTP "
              + r.getHttpStatusCode()
              + " "
              + status(r));
    }
  }

  /**
   * Creates every document of a YAML/JSON stream in the namespace (unless a document names its
   * own); returns what the server stored.
   *
   * @param source named in errors (the file name)
   */
  public List<JsonObject> apply(String text, String namespace, String source) {
    List<JsonObject> created = new ArrayList<>();
    for (JsonObject doc : documents(text, source)) {
      created.add(create(doc, namespace, source));
    }
    return created;
  }

  /** Creates one object (a Kubernetes manifest as JSON). */
  public JsonObject create(JsonObject object, String namespace, String source) {
    String apiVersion = string(object, "apiVersion");
    String kind = string(object, "kind");
    if (apiVersion == null || kind == null) {
      throw new ClusterObjectException(source + ": a document has no apiVersion or kind");
    }
    int slash = apiVersion.indexOf('/');
    String group = slash < 0 ? "" : apiVersion.substring(0, slash);
    String version = apiVersion.substring(slash + 1);
    String plural = PLURALS.getOrDefault(kind, kind.toLowerCase(Locale.ROOT) + "s");
    JsonObject copy = object.deepCopy();
    if (!copy.has("metadata") || !copy.get("metadata").isJsonObject()) {
      copy.add("metadata", new JsonObject());
    }
    JsonObject meta = copy.getAsJsonObject("metadata");
    if (!CLUSTER_SCOPED.contains(kind) && !meta.has("namespace")) {
      meta.addProperty("namespace", namespace);
    }
    var api = new DynamicKubernetesApi(group, version, plural, client);
    var r = api.create(new DynamicKubernetesObject(copy));
    if (!r.isSuccess()) {
      throw new ClusterObjectException(
          source
              + ": creating "
              + kind
              + " "
              + name(meta)
              + " failed: HTTP "
              + r.getHttpStatusCode()
              + " "
              + status(r));
    }
    return r.getObject().getRaw();
  }

  /** Creates the workflow (its namespace defaults to the given one) and returns it as stored. */
  public Workflow submit(Workflow workflow, String namespace) {
    Workflow copy = Codec.copy(workflow);
    if (copy.getApiVersion() == null) {
      copy.setApiVersion("argoproj.io/v1alpha1");
    }
    if (copy.getKind() == null) {
      copy.setKind("Workflow");
    }
    if (copy.getMetadata() == null) {
      copy.setMetadata(new V1ObjectMeta());
    }
    if (copy.getMetadata().getNamespace() == null) {
      copy.getMetadata().setNamespace(namespace);
    }
    KubernetesApiResponse<Workflow> r = workflows.create(copy);
    if (!r.isSuccess()) {
      throw new ClusterObjectException(
          "submitting workflow "
              + name(copy.getMetadata())
              + " failed: HTTP "
              + r.getHttpStatusCode()
              + " "
              + status(r));
    }
    return r.getObject();
  }

  /**
   * The workflow as the server has it now, with its nodes in {@code status.nodes} also when it is
   * stored with {@code status.compressedNodes} (as {@code argo get} shows it).
   */
  public Optional<Workflow> workflow(String namespace, String name) {
    return storedWorkflow(namespace, name).map(NodeStatusPacking::unpackIfReadable);
  }

  /** The workflow exactly as the server stores it (node status possibly compressed). */
  public Optional<Workflow> storedWorkflow(String namespace, String name) {
    KubernetesApiResponse<Workflow> r = workflows.get(namespace, name);
    if (r.getHttpStatusCode() == 404) {
      return Optional.empty();
    }
    if (!r.isSuccess()) {
      throw new ClusterObjectException(
          "reading workflow " + namespace + "/" + name + " failed: HTTP " + r.getHttpStatusCode());
    }
    return Optional.of(r.getObject());
  }

  /** The pods of a workflow (by Argo's {@code workflows.argoproj.io/workflow} label). */
  public List<V1Pod> pods(String namespace, String workflowName) {
    ListOptions options = new ListOptions();
    options.setLabelSelector("workflows.argoproj.io/workflow=" + workflowName);
    KubernetesApiResponse<V1PodList> r = pods.list(namespace, options);
    if (!r.isSuccess()) {
      throw new ClusterObjectException(
          "listing pods of workflow " + workflowName + " failed: HTTP " + r.getHttpStatusCode());
    }
    return r.getObject().getItems();
  }

  /**
   * A client for a context of a kubeconfig (its current context when {@code context} is null), with
   * the credentials hubflow supports (tokens, certificates, exec plugins).
   */
  public static ApiClient client(Path kubeconfig, String context) {
    var provider = new KubeconfigCredentialProvider(Kubeconfig.load(kubeconfig), Clock.system());
    ClusterConnection connection =
        context == null
            ? provider.connectCurrent()
            : provider
                .connect(context)
                .orElseThrow(() -> new IllegalArgumentException("no context named " + context));
    return ClusterApiClient.create(connection);
  }

  /** The documents of a YAML/JSON stream, empty ones dropped. */
  public static List<JsonObject> documents(String text, String source) {
    List<JsonObject> docs = new ArrayList<>();
    for (var tree : Codec.readTrees(text, source)) {
      if (tree != null && tree.isJsonObject() && tree.getAsJsonObject().size() > 0) {
        docs.add(tree.getAsJsonObject());
      }
    }
    return docs;
  }

  private static String string(JsonObject o, String field) {
    return o.has(field) && o.get(field).isJsonPrimitive() ? o.get(field).getAsString() : null;
  }

  private static String name(JsonObject meta) {
    String n = string(meta, "name");
    return n != null ? n : String.valueOf(string(meta, "generateName")) + "*";
  }

  private static String name(V1ObjectMeta meta) {
    return meta.getName() != null ? meta.getName() : meta.getGenerateName() + "*";
  }

  private static String status(KubernetesApiResponse<?> r) {
    return r.getStatus() == null || r.getStatus().getMessage() == null
        ? ""
        : r.getStatus().getMessage();
  }
}
