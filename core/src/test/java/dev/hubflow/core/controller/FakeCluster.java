package dev.hubflow.core.controller;

import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import dev.hubflow.core.cluster.Cluster;
import dev.hubflow.core.cluster.ClusterListener;
import dev.hubflow.core.cluster.WorkflowKey;
import dev.hubflow.model.v1alpha1.ModelJson;
import dev.hubflow.model.v1alpha1.Workflow;
import dev.hubflow.model.v1alpha1.WorkflowTaskResult;
import io.kubernetes.client.openapi.ApiException;
import io.kubernetes.client.openapi.models.V1PersistentVolumeClaim;
import io.kubernetes.client.openapi.models.V1Pod;
import java.util.ArrayDeque;
import java.util.Collections;
import java.util.Deque;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicLong;

/**
 * An in-memory {@link Cluster}: a "server" of workflows, pods and results plus a "cache" that lags
 * behind it until {@link #catchUp()} (or always follows, when {@code lagging} is false). Records
 * every write; can fail the next writes with given HTTP codes.
 */
public final class FakeCluster implements Cluster {
  private final String name;
  private final AtomicLong versions = new AtomicLong(100);
  private final Map<String, Workflow> server = new ConcurrentHashMap<>();
  private final Map<String, Workflow> cache = new ConcurrentHashMap<>();
  private final Map<String, V1Pod> pods = new ConcurrentHashMap<>();
  private final Map<String, V1Pod> cachedPods = new ConcurrentHashMap<>();
  private final Map<String, WorkflowTaskResult> results = new ConcurrentHashMap<>();
  private final Deque<Integer> failures = new ArrayDeque<>();

  /** Every write, in order: "create-pod ns/name", "patch ns/name {json}", "delete-pod ns/name". */
  public final List<String> writes = new CopyOnWriteArrayList<>();

  private volatile java.util.function.UnaryOperator<V1Pod> kubelet = pod -> pod;
  private volatile boolean synced = true;
  private volatile boolean lagging;
  private volatile ClusterListener listener;

  public FakeCluster(String name) {
    this.name = name;
  }

  public FakeCluster synced(boolean value) {
    this.synced = value;
    return this;
  }

  /** When lagging, writes reach the cache only on {@link #catchUp()}. */
  public FakeCluster lagging(boolean value) {
    this.lagging = value;
    return this;
  }

  /** What happens to each created pod at once (e.g. it runs and succeeds); default nothing. */
  public FakeCluster kubelet(java.util.function.UnaryOperator<V1Pod> value) {
    this.kubelet = value;
    return this;
  }

  /** The next writes fail with these HTTP codes, one each. */
  public synchronized FakeCluster failNextWrites(Integer... codes) {
    Collections.addAll(failures, codes);
    return this;
  }

  /** Put a workflow on the server and in the cache, as if created by a user. */
  public Workflow add(Workflow workflow) {
    Workflow stored = ModelJson.gson().fromJson(ModelJson.toJson(workflow), Workflow.class);
    if (stored.getMetadata().getUid() == null) {
      stored.getMetadata().setUid(UUID.randomUUID().toString());
    }
    stored.getMetadata().setResourceVersion(Long.toString(versions.incrementAndGet()));
    server.put(key(stored.getMetadata().getNamespace(), stored.getMetadata().getName()), stored);
    catchUp();
    return stored;
  }

  public void addPod(V1Pod pod) {
    String key = key(pod.getMetadata().getNamespace(), pod.getMetadata().getName());
    pods.put(key, pod);
    V1Pod before = cachedPods.put(key, pod);
    notifyDependent(pod.getMetadata().getNamespace(), before, pod);
  }

  public void addResult(WorkflowTaskResult result) {
    results.put(key(result.getMetadata().getNamespace(), result.getMetadata().getName()), result);
  }

  /** Bring the cache up to the server and tell the listener what changed. */
  public void catchUp() {
    for (Map.Entry<String, Workflow> entry : server.entrySet()) {
      Workflow before = cache.put(entry.getKey(), entry.getValue());
      if (before != entry.getValue() && listener != null) {
        listener.workflowChanged(name, entry.getValue());
      }
    }
    for (Map.Entry<String, V1Pod> entry : pods.entrySet()) {
      if (cachedPods.put(entry.getKey(), entry.getValue()) == null) {
        notifyDependent(entry.getValue().getMetadata().getNamespace(), null, entry.getValue());
      }
    }
  }

  public Workflow serverWorkflow(String namespace, String workflowName) {
    return server.get(key(namespace, workflowName));
  }

  public List<String> writes(String prefix) {
    return writes.stream().filter(w -> w.startsWith(prefix)).toList();
  }

  @Override
  public String name() {
    return name;
  }

  @Override
  public void start(ClusterListener value) {
    this.listener = value;
    cache.values().forEach(w -> value.workflowChanged(name, w));
  }

  private volatile boolean connected = true;

  /** Whether the API server answers; while it does not, caches are frozen. */
  public FakeCluster connected(boolean value) {
    this.connected = value;
    return this;
  }

  @Override
  public boolean connected() {
    return connected;
  }

  @Override
  public boolean synced() {
    return synced;
  }

  @Override
  public Optional<Workflow> workflow(String namespace, String workflowName) {
    return Optional.ofNullable(cache.get(key(namespace, workflowName)));
  }

  @Override
  public List<Workflow> workflows() {
    return List.copyOf(cache.values());
  }

  @Override
  public List<V1Pod> pods(String namespace, String workflowName) {
    return cachedPods.values().stream()
        .filter(p -> namespace.equals(p.getMetadata().getNamespace()))
        .filter(p -> workflowName.equals(label(p.getMetadata().getLabels())))
        .toList();
  }

  @Override
  public Optional<V1Pod> podOfNode(String namespace, String nodeId) {
    return cachedPods.values().stream()
        .filter(p -> namespace.equals(p.getMetadata().getNamespace()))
        .filter(
            p ->
                p.getMetadata().getAnnotations() != null
                    && nodeId.equals(
                        p.getMetadata().getAnnotations().get("workflows.argoproj.io/node-id")))
        .findFirst();
  }

  @Override
  public List<WorkflowTaskResult> taskResults(String namespace, String workflowName) {
    return results.values().stream()
        .filter(r -> namespace.equals(r.getMetadata().getNamespace()))
        .filter(r -> workflowName.equals(label(r.getMetadata().getLabels())))
        .toList();
  }

  @Override
  public Workflow createWorkflow(Workflow workflow) throws ApiException {
    maybeFail("create-workflow");
    Workflow copy = ModelJson.gson().fromJson(ModelJson.toJson(workflow), Workflow.class);
    if (copy.getMetadata().getName() == null) {
      copy.getMetadata().setName(copy.getMetadata().getGenerateName() + "x1y2z");
    }
    writes.add(
        "create-workflow "
            + copy.getMetadata().getNamespace()
            + "/"
            + copy.getMetadata().getName());
    return add(copy);
  }

  @Override
  public synchronized String patchWorkflow(String namespace, String workflowName, String mergePatch)
      throws ApiException {
    maybeFail("patch");
    writes.add("patch " + namespace + "/" + workflowName + " " + mergePatch);
    Workflow current = server.get(key(namespace, workflowName));
    if (current == null) {
      throw new ApiException(404, "not found");
    }
    JsonObject patch = JsonParser.parseString(mergePatch).getAsJsonObject();
    JsonElement expected = patch.getAsJsonObject("metadata").get("resourceVersion");
    if (expected != null
        && !expected.getAsString().equals(current.getMetadata().getResourceVersion())) {
      throw new ApiException(409, "the object has been modified");
    }
    JsonObject merged = merge(ModelJson.gson().toJsonTree(current).getAsJsonObject(), patch);
    Workflow stored = ModelJson.gson().fromJson(merged, Workflow.class);
    stored.getMetadata().setResourceVersion(Long.toString(versions.incrementAndGet()));
    server.put(key(namespace, workflowName), stored);
    if (!lagging) {
      catchUp();
    }
    return stored.getMetadata().getResourceVersion();
  }

  @Override
  public synchronized boolean createPod(V1Pod pod) throws ApiException {
    maybeFail("create-pod");
    String key = key(pod.getMetadata().getNamespace(), pod.getMetadata().getName());
    writes.add("create-pod " + key);
    if (pods.containsKey(key)) {
      return false;
    }
    pods.put(key, kubelet.apply(ModelJson.gson().fromJson(ModelJson.toJson(pod), V1Pod.class)));
    if (!lagging) {
      catchUp();
    }
    return true;
  }

  @Override
  public synchronized void deletePod(String namespace, String podName) throws ApiException {
    maybeFail("delete-pod");
    writes.add("delete-pod " + key(namespace, podName));
    pods.remove(key(namespace, podName));
    if (!lagging) {
      cachedPods.remove(key(namespace, podName));
    }
  }

  @Override
  public void createClaim(V1PersistentVolumeClaim claim) throws ApiException {
    maybeFail("create-claim");
    writes.add(
        "create-claim " + key(claim.getMetadata().getNamespace(), claim.getMetadata().getName()));
  }

  @Override
  public void deleteClaim(String namespace, String claimName) throws ApiException {
    maybeFail("delete-claim");
    writes.add("delete-claim " + key(namespace, claimName));
  }

  @Override
  public void close() {}

  private synchronized void maybeFail(String what) throws ApiException {
    Integer code = failures.poll();
    if (code != null) {
      writes.add("failed " + what + " " + code);
      throw new ApiException(code, "injected failure " + code);
    }
  }

  private void notifyDependent(String namespace, V1Pod before, V1Pod pod) {
    String workflowName = label(pod.getMetadata().getLabels());
    if (listener != null && workflowName != null) {
      listener.podChanged(new WorkflowKey(name, namespace, workflowName), before, pod);
    }
  }

  private static String label(Map<String, String> labels) {
    return labels == null ? null : labels.get("workflows.argoproj.io/workflow");
  }

  private static String key(String namespace, String objectName) {
    return namespace + "/" + objectName;
  }

  /** RFC 7386. */
  static JsonObject merge(JsonObject target, JsonObject patch) {
    JsonObject result = target.deepCopy();
    for (Map.Entry<String, JsonElement> entry : patch.entrySet()) {
      JsonElement value = entry.getValue();
      if (value.isJsonNull()) {
        result.remove(entry.getKey());
      } else if (value.isJsonObject()) {
        JsonElement existing = result.get(entry.getKey());
        JsonObject base =
            existing != null && existing.isJsonObject()
                ? existing.getAsJsonObject()
                : new JsonObject();
        result.add(entry.getKey(), merge(base, value.getAsJsonObject()));
      } else {
        result.add(entry.getKey(), value.deepCopy());
      }
    }
    return result;
  }
}
