package dev.hubflow.core.cluster;

import dev.hubflow.core.argo.ArgoNames;
import dev.hubflow.model.v1alpha1.Workflow;
import dev.hubflow.model.v1alpha1.WorkflowList;
import dev.hubflow.model.v1alpha1.WorkflowTaskResult;
import dev.hubflow.model.v1alpha1.WorkflowTaskResultList;
import io.kubernetes.client.common.KubernetesListObject;
import io.kubernetes.client.common.KubernetesObject;
import io.kubernetes.client.custom.V1Patch;
import io.kubernetes.client.informer.ResourceEventHandler;
import io.kubernetes.client.informer.SharedIndexInformer;
import io.kubernetes.client.informer.SharedInformerFactory;
import io.kubernetes.client.informer.cache.Lister;
import io.kubernetes.client.openapi.ApiClient;
import io.kubernetes.client.openapi.ApiException;
import io.kubernetes.client.openapi.apis.VersionApi;
import io.kubernetes.client.openapi.models.V1ObjectReference;
import io.kubernetes.client.openapi.models.V1PersistentVolumeClaim;
import io.kubernetes.client.openapi.models.V1PersistentVolumeClaimList;
import io.kubernetes.client.openapi.models.V1Pod;
import io.kubernetes.client.openapi.models.V1PodList;
import io.kubernetes.client.util.generic.GenericKubernetesApi;
import io.kubernetes.client.util.generic.KubernetesApiResponse;
import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A cluster reached through a client-java {@link ApiClient}: shared informers for Workflows, and
 * for the Pods and WorkflowTaskResults labelled {@code workflows.argoproj.io/workflow}, indexed by
 * workflow; writes through {@link GenericKubernetesApi}.
 *
 * <p>When namespaces are given, each gets its own {@link SharedInformerFactory} (a factory holds
 * one informer per kind), so the controller needs only namespaced list/watch rights.
 */
public final class KubernetesCluster implements Cluster {
  private static final Logger log = LoggerFactory.getLogger(KubernetesCluster.class);

  /** Index of pods and task results: {@code <namespace>/<workflow name>}. */
  static final String BY_WORKFLOW = "byWorkflow";

  /** Index of pods: {@code <namespace>/<node id>} (the node-id annotation). */
  static final String BY_NODE = "byNode";

  private static final String ALL_NAMESPACES = "";
  private static final int CONFLICT = 409;
  private static final int NOT_FOUND = 404;

  private final String name;
  private final GenericKubernetesApi<Workflow, WorkflowList> workflowApi;
  private final GenericKubernetesApi<V1Pod, V1PodList> podApi;
  private final GenericKubernetesApi<WorkflowTaskResult, WorkflowTaskResultList> taskResultApi;
  private final GenericKubernetesApi<V1PersistentVolumeClaim, V1PersistentVolumeClaimList> claimApi;
  private final Map<String, Scope> scopes = new LinkedHashMap<>();
  private final ExecutorService informerThreads;
  private final ApiClient client;
  private final EventRecorder events;
  private final Duration probePeriod;
  private final ScheduledExecutorService probeThread;
  private volatile boolean connected = true;
  private volatile String disconnectReason = "";
  private volatile ClusterListener listener;
  private okhttp3.OkHttpClient probeHttp;

  /**
   * @param name the cluster's name, used in keys and log lines
   * @param client how to reach it. Its read timeout is set to zero, as client-java's informer
   *     factory does, because watches stay open for minutes without data.
   * @param namespaces the namespaces to watch; empty for all
   * @param resyncPeriod how often informers replay their cache; zero for never
   */
  public KubernetesCluster(
      String name, ApiClient client, Set<String> namespaces, Duration resyncPeriod) {
    this(name, client, namespaces, resyncPeriod, Duration.ZERO);
  }

  /**
   * @param probePeriod how often to ask the API server for {@code /version} to tell whether it is
   *     reachable with our credentials; zero for never (the cluster then always counts as
   *     connected)
   */
  public KubernetesCluster(
      String name,
      ApiClient client,
      Set<String> namespaces,
      Duration resyncPeriod,
      Duration probePeriod) {
    this.name = Objects.requireNonNull(name, "name");
    this.client = Objects.requireNonNull(client, "client");
    this.events = new EventRecorder(client);
    this.probePeriod = Objects.requireNonNull(probePeriod, "probePeriod");
    if (client.getReadTimeout() > 0) {
      client.setReadTimeout(0);
    }
    this.workflowApi =
        new GenericKubernetesApi<>(
            Workflow.class,
            WorkflowList.class,
            ArgoNames.GROUP,
            ArgoNames.VERSION,
            "workflows",
            client);
    this.podApi =
        new GenericKubernetesApi<>(V1Pod.class, V1PodList.class, "", "v1", "pods", client);
    this.taskResultApi =
        new GenericKubernetesApi<>(
            WorkflowTaskResult.class,
            WorkflowTaskResultList.class,
            ArgoNames.GROUP,
            ArgoNames.VERSION,
            "workflowtaskresults",
            client);
    this.claimApi =
        new GenericKubernetesApi<>(
            V1PersistentVolumeClaim.class,
            V1PersistentVolumeClaimList.class,
            "",
            "v1",
            "persistentvolumeclaims",
            client);
    AtomicInteger threads = new AtomicInteger();
    this.informerThreads =
        Executors.newCachedThreadPool(
            r -> {
              Thread t =
                  new Thread(r, "hubflow-informer-" + name + "-" + threads.incrementAndGet());
              t.setDaemon(true);
              return t;
            });
    this.probeThread =
        probePeriod.isZero()
            ? null
            : Executors.newSingleThreadScheduledExecutor(
                r -> {
                  Thread t = new Thread(r, "hubflow-probe-" + name);
                  t.setDaemon(true);
                  return t;
                });
    long resyncMillis = resyncPeriod.toMillis();
    if (namespaces.isEmpty()) {
      scopes.put(ALL_NAMESPACES, new Scope(client, ALL_NAMESPACES, resyncMillis));
    } else {
      for (String namespace : namespaces.stream().sorted().toList()) {
        scopes.put(namespace, new Scope(client, namespace, resyncMillis));
      }
    }
  }

  @Override
  public String name() {
    return name;
  }

  @Override
  public void start(ClusterListener listener) {
    this.listener = listener;
    for (Scope scope : scopes.values()) {
      scope.workflows.addEventHandler(workflowHandler(listener));
      scope.pods.addEventHandler(podHandler(listener));
      scope.taskResults.addEventHandler(taskResultHandler(listener));
      scope.factory.startAllRegisteredInformers();
    }
    log.info("cluster={} informers started namespaces={}", name, scopes.keySet());
    if (probeThread != null) {
      probeThread.scheduleWithFixedDelay(
          this::probe, 0, probePeriod.toMillis(), TimeUnit.MILLISECONDS);
    }
  }

  @Override
  public boolean connected() {
    return connected;
  }

  /** Why the cluster counts as disconnected; empty while connected. */
  public String disconnectReason() {
    return disconnectReason;
  }

  // A watch that broke says little (servers end watches all the time), so reachability is asked
  // for directly, with the same credentials the informers use.
  private void probe() {
    String reason;
    try {
      okhttp3.Request request = new VersionApi(client).getCodeCall(null).request();
      if (probeHttp == null) {
        // The cluster's own client has no read timeout (for watches); a probe must not hang.
        probeHttp =
            client
                .getHttpClient()
                .newBuilder()
                .callTimeout(Duration.ofMillis(Math.max(probePeriod.toMillis() * 5, 2000)))
                .build();
      }
      try (okhttp3.Response response = probeHttp.newCall(request).execute()) {
        reason = response.isSuccessful() ? "" : "API server answered HTTP " + response.code();
      }
    } catch (IOException | ApiException | RuntimeException e) {
      reason = "unreachable: " + rootCause(e);
    }
    boolean now = reason.isEmpty();
    if (now != connected) {
      connected = now;
      disconnectReason = reason;
      if (now) {
        log.info("cluster={} connected again", name);
      } else {
        log.warn("cluster={} disconnected: {}", name, reason);
      }
      ClusterListener current = listener;
      if (current != null) {
        current.connectionChanged(name, now, reason);
      }
    }
  }

  private static String rootCause(Throwable e) {
    Throwable root = e;
    while (root.getCause() != null && root.getCause() != root) {
      root = root.getCause();
    }
    return root.getClass().getSimpleName()
        + (root.getMessage() == null ? "" : " " + root.getMessage());
  }

  @Override
  public boolean synced() {
    return scopes.values().stream().allMatch(Scope::synced);
  }

  @Override
  public Optional<Workflow> workflow(String namespace, String workflowName) {
    return scope(namespace).map(s -> s.workflowLister.namespace(namespace).get(workflowName));
  }

  @Override
  public List<Workflow> workflows() {
    List<Workflow> all = new ArrayList<>();
    scopes.values().forEach(s -> all.addAll(s.workflowLister.list()));
    return all;
  }

  @Override
  public List<V1Pod> pods(String namespace, String workflowName) {
    return scope(namespace)
        .map(s -> s.pods.getIndexer().byIndex(BY_WORKFLOW, namespace + "/" + workflowName))
        .orElse(List.of());
  }

  @Override
  public Optional<V1Pod> podOfNode(String namespace, String nodeId) {
    return scope(namespace)
        .flatMap(
            s ->
                s.pods.getIndexer().byIndex(BY_NODE, namespace + "/" + nodeId).stream()
                    .findFirst());
  }

  @Override
  public List<WorkflowTaskResult> taskResults(String namespace, String workflowName) {
    return scope(namespace)
        .map(s -> s.taskResults.getIndexer().byIndex(BY_WORKFLOW, namespace + "/" + workflowName))
        .orElse(List.of());
  }

  @Override
  public Workflow createWorkflow(Workflow workflow) throws ApiException {
    return call(() -> workflowApi.create(workflow)).throwsApiException().getObject();
  }

  /**
   * Sends the merge patch and reads only the new resourceVersion from the answer. The answer is the
   * whole workflow, status and all; the caller knows what it wrote, and decoding the rest (twice,
   * as client-java's generic API does) cost more than the rest of the write.
   */
  @Override
  public String patchWorkflow(String namespace, String workflowName, String mergePatch)
      throws ApiException {
    String path =
        "/apis/"
            + ArgoNames.GROUP
            + "/"
            + ArgoNames.VERSION
            + "/namespaces/"
            + client.escapeString(namespace)
            + "/workflows/"
            + client.escapeString(workflowName);
    return send(
        "PATCH",
        path,
        new V1Patch(mergePatch),
        V1Patch.PATCH_FORMAT_JSON_MERGE_PATCH,
        response -> {
          String version = resourceVersion(response.charStream());
          if (version == null) {
            throw new ApiException(
                "cluster "
                    + name
                    + ": patched workflow "
                    + namespace
                    + "/"
                    + workflowName
                    + " came back without a resourceVersion");
          }
          return version;
        });
  }

  /** What to make of a successful answer's body. */
  private interface Answer<T> {
    T read(okhttp3.ResponseBody body) throws IOException, ApiException;
  }

  /**
   * One request through the client (its authentication and TLS), its answer read by {@code answer}
   * instead of decoded whole. An error status becomes an {@link ApiException} with that code and
   * body; a failure to talk to the server one with code 0.
   */
  private <T> T send(String method, String path, Object body, String contentType, Answer<T> answer)
      throws ApiException {
    okhttp3.Call call =
        client.buildCall(
            path,
            method,
            new ArrayList<>(),
            new ArrayList<>(),
            body,
            new LinkedHashMap<>(Map.of("Content-Type", contentType, "Accept", "application/json")),
            new LinkedHashMap<>(),
            new LinkedHashMap<>(),
            new String[] {"BearerToken"},
            null);
    try (okhttp3.Response response = call.execute()) {
      okhttp3.ResponseBody responseBody = response.body();
      if (!response.isSuccessful()) {
        throw new ApiException(
            response.message(),
            response.code(),
            response.headers().toMultimap(),
            responseBody == null ? null : responseBody.string());
      }
      return answer.read(responseBody);
    } catch (IOException | RuntimeException e) {
      throw new ApiException(
          "cluster " + name + " unreachable: " + e.getMessage(), e, 0, null, null);
    }
  }

  /** {@code metadata.resourceVersion} of an object's JSON, skipping everything else. */
  static String resourceVersion(java.io.Reader json) throws IOException {
    com.google.gson.stream.JsonReader reader = new com.google.gson.stream.JsonReader(json);
    reader.beginObject();
    while (reader.hasNext()) {
      if (!reader.nextName().equals("metadata")) {
        reader.skipValue();
        continue;
      }
      reader.beginObject();
      while (reader.hasNext()) {
        if (reader.nextName().equals("resourceVersion")) {
          return reader.nextString();
        }
        reader.skipValue();
      }
      return null;
    }
    return null;
  }

  /** Creates the pod; the answer (the pod as stored) is not decoded: the caller has the pod. */
  @Override
  public boolean createPod(V1Pod pod) throws ApiException {
    String path =
        "/api/v1/namespaces/" + client.escapeString(pod.getMetadata().getNamespace()) + "/pods";
    try {
      return send("POST", path, pod, "application/json", response -> true);
    } catch (ApiException e) {
      if (e.getCode() == CONFLICT) {
        return false;
      }
      throw e;
    }
  }

  @Override
  public void deletePod(String namespace, String podName) throws ApiException {
    KubernetesApiResponse<V1Pod> response = call(() -> podApi.delete(namespace, podName));
    if (response.getHttpStatusCode() != NOT_FOUND) {
      response.throwsApiException();
    }
  }

  @Override
  public void createClaim(V1PersistentVolumeClaim claim) throws ApiException {
    var response = call(() -> claimApi.create(claim));
    if (response.getHttpStatusCode() != CONFLICT) {
      response.throwsApiException();
    }
  }

  @Override
  public void deleteClaim(String namespace, String claimName) throws ApiException {
    var response = call(() -> claimApi.delete(namespace, claimName));
    if (response.getHttpStatusCode() != NOT_FOUND) {
      response.throwsApiException();
    }
  }

  @Override
  public void deleteTaskResult(String namespace, String resultName) throws ApiException {
    var response = call(() -> taskResultApi.delete(namespace, resultName));
    if (response.getHttpStatusCode() != NOT_FOUND) {
      response.throwsApiException();
    }
  }

  @Override
  public void recordEvent(V1ObjectReference about, String type, String reason, String message) {
    events.record(about, type, reason, message);
  }

  @Override
  public void close() {
    if (probeThread != null) {
      probeThread.shutdownNow();
    }
    for (Scope scope : scopes.values()) {
      scope.factory.stopAllRegisteredInformers(false);
    }
    informerThreads.shutdownNow();
    log.info("cluster={} informers stopped", name);
  }

  private Optional<Scope> scope(String namespace) {
    Scope scope = scopes.get(ALL_NAMESPACES);
    return Optional.ofNullable(scope != null ? scope : scopes.get(namespace));
  }

  /**
   * GenericKubernetesApi answers HTTP errors with a status but throws a RuntimeException when the
   * server cannot be reached; make both a checked ApiException so callers handle one failure kind.
   */
  private <T extends KubernetesObject> KubernetesApiResponse<T> call(
      Supplier<KubernetesApiResponse<T>> request) throws ApiException {
    try {
      return request.get();
    } catch (RuntimeException e) {
      throw new ApiException(
          "cluster " + name + " unreachable: " + e.getMessage(), e, 0, null, null);
    }
  }

  private ResourceEventHandler<Workflow> workflowHandler(ClusterListener listener) {
    return new ResourceEventHandler<>() {
      @Override
      public void onAdd(Workflow workflow) {
        listener.workflowChanged(name, workflow);
      }

      @Override
      public void onUpdate(Workflow before, Workflow after) {
        listener.workflowChanged(name, after);
      }

      @Override
      public void onDelete(Workflow workflow, boolean finalStateUnknown) {
        listener.workflowDeleted(name, workflow);
      }
    };
  }

  private ResourceEventHandler<V1Pod> podHandler(ClusterListener listener) {
    return new ResourceEventHandler<>() {
      @Override
      public void onAdd(V1Pod pod) {
        keyOf(pod).ifPresent(key -> listener.podChanged(key, null, pod));
      }

      @Override
      public void onUpdate(V1Pod before, V1Pod after) {
        keyOf(after).ifPresent(key -> listener.podChanged(key, before, after));
      }

      @Override
      public void onDelete(V1Pod pod, boolean finalStateUnknown) {
        keyOf(pod).ifPresent(key -> listener.podChanged(key, pod, null));
      }
    };
  }

  private ResourceEventHandler<WorkflowTaskResult> taskResultHandler(ClusterListener listener) {
    return new ResourceEventHandler<>() {
      @Override
      public void onAdd(WorkflowTaskResult result) {
        notify(result);
      }

      @Override
      public void onUpdate(WorkflowTaskResult before, WorkflowTaskResult after) {
        notify(after);
      }

      @Override
      public void onDelete(WorkflowTaskResult result, boolean finalStateUnknown) {
        notify(result);
      }

      private void notify(WorkflowTaskResult result) {
        keyOf(result).ifPresent(key -> listener.taskResultChanged(key, result));
      }
    };
  }

  /** The workflow a pod or task result belongs to, by its label. */
  private Optional<WorkflowKey> keyOf(KubernetesObject object) {
    String workflowName = workflowLabel(object);
    return workflowName == null
        ? Optional.empty()
        : Optional.of(new WorkflowKey(name, object.getMetadata().getNamespace(), workflowName));
  }

  private static String workflowLabel(KubernetesObject object) {
    Map<String, String> labels = object.getMetadata().getLabels();
    return labels == null ? null : labels.get(ArgoNames.LABEL_WORKFLOW);
  }

  private static <T extends KubernetesObject> List<String> byWorkflow(T object) {
    String workflowName = workflowLabel(object);
    if (workflowName == null) {
      return List.of();
    }
    return List.of(object.getMetadata().getNamespace() + "/" + workflowName);
  }

  private static List<String> byNode(V1Pod pod) {
    Map<String, String> annotations = pod.getMetadata().getAnnotations();
    String nodeId = annotations == null ? null : annotations.get(ArgoNames.ANNOTATION_NODE_ID);
    return nodeId == null ? List.of() : List.of(pod.getMetadata().getNamespace() + "/" + nodeId);
  }

  /** The informers of one namespace (or of all namespaces). */
  private final class Scope {
    final SharedInformerFactory factory;
    final SharedIndexInformer<Workflow> workflows;
    final SharedIndexInformer<V1Pod> pods;
    final SharedIndexInformer<WorkflowTaskResult> taskResults;
    final Lister<Workflow> workflowLister;

    Scope(ApiClient client, String namespace, long resyncMillis) {
      factory = new SharedInformerFactory(client, informerThreads);
      workflows = informer(workflowApi, Workflow.class, namespace, null, resyncMillis);
      pods = informer(podApi, V1Pod.class, namespace, ArgoNames.LABEL_WORKFLOW, resyncMillis);
      taskResults =
          informer(
              taskResultApi,
              WorkflowTaskResult.class,
              namespace,
              ArgoNames.LABEL_WORKFLOW,
              resyncMillis);
      Map<String, Function<V1Pod, List<String>>> podIndex =
          Map.of(BY_WORKFLOW, KubernetesCluster::byWorkflow, BY_NODE, KubernetesCluster::byNode);
      pods.addIndexers(podIndex);
      Map<String, Function<WorkflowTaskResult, List<String>>> resultIndex =
          Map.of(BY_WORKFLOW, KubernetesCluster::byWorkflow);
      taskResults.addIndexers(resultIndex);
      workflowLister = new Lister<>(workflows.getIndexer());
    }

    boolean synced() {
      return workflows.hasSynced() && pods.hasSynced() && taskResults.hasSynced();
    }

    private <T extends KubernetesObject, L extends KubernetesListObject>
        SharedIndexInformer<T> informer(
            GenericKubernetesApi<T, L> api,
            Class<T> type,
            String namespace,
            String labelSelector,
            long resyncMillis) {
      return factory.sharedIndexInformerFor(
          new LabelSelectedListerWatcher<>(api, namespace, labelSelector),
          type,
          resyncMillis,
          (kind, error) ->
              log.warn(
                  "cluster={} namespace={} kind={} list/watch failed, retrying: {}",
                  name,
                  namespace.isEmpty() ? "*" : namespace,
                  kind.getSimpleName(),
                  error.toString()));
    }
  }
}
