package dev.hubflow.testkit.kubelet;

import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import dev.hubflow.model.Codec;
import dev.hubflow.model.v1alpha1.WorkflowTaskResult;
import dev.hubflow.testkit.time.Scheduler;
import io.kubernetes.client.openapi.models.V1ConfigMap;
import io.kubernetes.client.openapi.models.V1Pod;
import io.kubernetes.client.openapi.models.V1PodStatus;
import io.kubernetes.client.openapi.models.V1Secret;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * A cluster in a few maps, for tests of the kubelet and of code that only needs pods and task
 * results. Objects handed out are copies.
 */
public final class InMemoryKubeletApi implements KubeletApi {
  private final Scheduler clock;
  private final Map<String, V1Pod> pods = new LinkedHashMap<>();
  private final Map<String, V1ConfigMap> configMaps = new LinkedHashMap<>();
  private final Map<String, V1Secret> secrets = new LinkedHashMap<>();
  private final Map<String, WorkflowTaskResult> taskResults = new LinkedHashMap<>();
  private final Map<String, StringBuilder> logs = new LinkedHashMap<>();
  private final List<PodListener> listeners = new CopyOnWriteArrayList<>();
  private long resourceVersion;

  public InMemoryKubeletApi(Scheduler clock) {
    this.clock = clock;
  }

  private static String key(String namespace, String name) {
    return namespace + "/" + name;
  }

  // ---- what tests do ----

  /** Creates a pod (uid, resourceVersion and creation time filled in) and returns it. */
  public synchronized V1Pod createPod(V1Pod pod) {
    V1Pod p = Codec.copy(pod);
    String k = key(p.getMetadata().getNamespace(), p.getMetadata().getName());
    if (pods.containsKey(k)) {
      throw new IllegalStateException("pod " + k + " already exists");
    }
    p.getMetadata().setUid(UUID.randomUUID().toString());
    p.getMetadata().setCreationTimestamp(clock.now().atOffset(ZoneOffset.UTC));
    if (p.getStatus() == null) {
      p.setStatus(new V1PodStatus().phase("Pending"));
    }
    store(k, p);
    return Codec.copy(p);
  }

  /**
   * Deletes a pod as the API server does: marks it with a deletion time and grace period, and the
   * kubelet removes it once its containers have stopped (or at once when it was never bound).
   */
  public synchronized void deletePod(String namespace, String name, long gracePeriodSeconds) {
    V1Pod p = pods.get(key(namespace, name));
    if (p == null) {
      return;
    }
    if (p.getSpec().getNodeName() == null || gracePeriodSeconds == 0) {
      deletePod(namespace, name);
      return;
    }
    if (p.getMetadata().getDeletionTimestamp() == null) {
      p.getMetadata()
          .deletionTimestamp(clock.now().atOffset(ZoneOffset.UTC))
          .deletionGracePeriodSeconds(gracePeriodSeconds);
      store(key(namespace, name), p);
    }
  }

  public synchronized Optional<V1Pod> pod(String namespace, String name) {
    return Optional.ofNullable(pods.get(key(namespace, name))).map(Codec::copy);
  }

  public synchronized List<V1Pod> pods() {
    return pods.values().stream().map(Codec::copy).toList();
  }

  public synchronized void putConfigMap(V1ConfigMap cm) {
    configMaps.put(
        key(cm.getMetadata().getNamespace(), cm.getMetadata().getName()), Codec.copy(cm));
  }

  public synchronized void putSecret(V1Secret s) {
    secrets.put(key(s.getMetadata().getNamespace(), s.getMetadata().getName()), Codec.copy(s));
  }

  public synchronized Optional<WorkflowTaskResult> taskResult(String namespace, String name) {
    return Optional.ofNullable(taskResults.get(key(namespace, name))).map(Codec::copy);
  }

  public synchronized List<WorkflowTaskResult> taskResults() {
    return taskResults.values().stream().map(Codec::copy).toList();
  }

  /** The log text the kubelet offered for a container. */
  public synchronized String log(String namespace, String pod, String container) {
    StringBuilder b = logs.get(key(namespace, pod) + "/" + container);
    return b == null ? "" : b.toString();
  }

  // ---- KubeletApi ----

  @Override
  public synchronized AutoCloseable watchPods(PodListener listener) {
    pods.values().forEach(p -> listener.onPod(Codec.copy(p)));
    listeners.add(listener);
    return () -> listeners.remove(listener);
  }

  @Override
  public synchronized void bindPod(String namespace, String name, String nodeName) {
    V1Pod p = pods.get(key(namespace, name));
    if (p == null) {
      throw new IllegalStateException("pod " + key(namespace, name) + " not found");
    }
    if (p.getSpec().getNodeName() != null) {
      throw new IllegalStateException("pod " + key(namespace, name) + " is already bound");
    }
    p.getSpec().setNodeName(nodeName);
    store(key(namespace, name), p);
  }

  @Override
  public synchronized void updatePodStatus(String namespace, String name, V1PodStatus status) {
    V1Pod p = pods.get(key(namespace, name));
    if (p == null) {
      return;
    }
    p.setStatus(Codec.copy(status));
    store(key(namespace, name), p);
  }

  @Override
  public synchronized void deletePod(String namespace, String name) {
    V1Pod p = pods.remove(key(namespace, name));
    if (p != null) {
      resourceVersion++;
      p.getMetadata().setResourceVersion(Long.toString(resourceVersion));
      for (PodListener l : listeners) {
        l.onPodDeleted(Codec.copy(p));
      }
    }
  }

  @Override
  public synchronized Optional<V1ConfigMap> getConfigMap(String namespace, String name) {
    return Optional.ofNullable(configMaps.get(key(namespace, name))).map(Codec::copy);
  }

  @Override
  public synchronized Optional<V1Secret> getSecret(String namespace, String name) {
    return Optional.ofNullable(secrets.get(key(namespace, name))).map(Codec::copy);
  }

  @Override
  public synchronized void upsertTaskResult(WorkflowTaskResult result) {
    String k = key(result.getMetadata().getNamespace(), result.getMetadata().getName());
    WorkflowTaskResult existing = taskResults.get(k);
    if (existing == null) {
      taskResults.put(k, Codec.copy(result));
      return;
    }
    JsonElement merged = mergePatch(Codec.toTree(existing), Codec.toTree(result));
    taskResults.put(k, Codec.fromTree(merged, WorkflowTaskResult.class, "task result " + k));
  }

  @Override
  public synchronized void appendLog(String namespace, String pod, String container, String text) {
    logs.computeIfAbsent(key(namespace, pod) + "/" + container, x -> new StringBuilder())
        .append(text);
  }

  private void store(String k, V1Pod p) {
    resourceVersion++;
    p.getMetadata().setResourceVersion(Long.toString(resourceVersion));
    pods.put(k, p);
    List<PodListener> ls = new ArrayList<>(listeners);
    for (PodListener l : ls) {
      l.onPod(Codec.copy(p));
    }
  }

  /** RFC 7386 JSON merge patch. */
  static JsonElement mergePatch(JsonElement target, JsonElement patch) {
    if (!patch.isJsonObject()) {
      return patch.deepCopy();
    }
    JsonObject result =
        target != null && target.isJsonObject()
            ? target.getAsJsonObject().deepCopy()
            : new JsonObject();
    for (Map.Entry<String, JsonElement> e : patch.getAsJsonObject().entrySet()) {
      if (e.getValue().isJsonNull()) {
        result.remove(e.getKey());
      } else {
        result.add(e.getKey(), mergePatch(result.get(e.getKey()), e.getValue()));
      }
    }
    return result;
  }
}
