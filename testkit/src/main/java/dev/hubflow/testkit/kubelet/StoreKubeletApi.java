package dev.hubflow.testkit.kubelet;

import com.google.gson.JsonObject;
import dev.hubflow.model.Codec;
import dev.hubflow.model.v1alpha1.WorkflowTaskResult;
import dev.hubflow.testkit.apiserver.ApiServer;
import dev.hubflow.testkit.apiserver.store.BuiltinTypes;
import dev.hubflow.testkit.apiserver.store.DeleteOptions;
import dev.hubflow.testkit.apiserver.store.Json;
import dev.hubflow.testkit.apiserver.store.ResourceStore;
import dev.hubflow.testkit.apiserver.store.StatusException;
import dev.hubflow.testkit.apiserver.store.Watch;
import dev.hubflow.testkit.apiserver.store.WatchEvent;
import dev.hubflow.testkit.apiserver.store.WatchListener;
import dev.hubflow.testkit.apiserver.store.WatchOptions;
import io.kubernetes.client.openapi.models.V1ConfigMap;
import io.kubernetes.client.openapi.models.V1Pod;
import io.kubernetes.client.openapi.models.V1PodStatus;
import io.kubernetes.client.openapi.models.V1Secret;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The kubelet's view of an in-process {@link ApiServer}, straight on its store (no HTTP), with logs
 * offered to the server so {@code kubectl logs} and {@code pods/log} serve them.
 */
public final class StoreKubeletApi implements KubeletApi {
  private static final Logger log = LoggerFactory.getLogger(StoreKubeletApi.class);

  private final ApiServer server;
  private final ResourceStore store;

  public StoreKubeletApi(ApiServer server) {
    this.server = server;
    this.store = server.store();
  }

  @Override
  public AutoCloseable watchPods(PodListener listener) {
    PodWatch w = new PodWatch(listener);
    w.open(null);
    return w;
  }

  /** A watch that reopens itself from the last version seen when the server drops it. */
  private final class PodWatch implements WatchListener, AutoCloseable {
    private final PodListener listener;
    private volatile Watch watch;
    private volatile boolean closed;
    private volatile String lastVersion;

    PodWatch(PodListener listener) {
      this.listener = listener;
    }

    void open(String fromVersion) {
      try {
        watch =
            store.watch(
                BuiltinTypes.PODS,
                null,
                fromVersion == null ? WatchOptions.all() : WatchOptions.from(fromVersion),
                this);
      } catch (RuntimeException e) {
        log.warn("cluster {}: cannot watch pods: {}", store.clusterName(), e.toString());
      }
    }

    @Override
    public void onEvent(WatchEvent event) {
      switch (event.type()) {
        case WatchEvent.ADDED, WatchEvent.MODIFIED -> {
          lastVersion = Json.str(Json.meta(event.object()), "resourceVersion");
          listener.onPod(pod(event.object()));
        }
        case WatchEvent.DELETED -> {
          lastVersion = Json.str(Json.meta(event.object()), "resourceVersion");
          listener.onPodDeleted(pod(event.object()));
        }
        case WatchEvent.ERROR -> lastVersion = null; // too old: start again from the current state
        default -> {}
      }
    }

    @Override
    public void onClose() {
      if (!closed) {
        open(lastVersion);
      }
    }

    @Override
    public void close() {
      closed = true;
      Watch w = watch;
      if (w != null) {
        w.close();
      }
    }
  }

  private static V1Pod pod(JsonObject o) {
    return Codec.fromTree(o, V1Pod.class, "pod");
  }

  @Override
  public void bindPod(String namespace, String name, String nodeName) {
    JsonObject pod = store.get(BuiltinTypes.PODS, namespace, name);
    JsonObject spec = Json.obj(pod, "spec");
    String current = Json.str(spec, "nodeName");
    if (!current.isEmpty()) {
      throw new IllegalStateException(
          "pod " + namespace + "/" + name + " is already assigned to node \"" + current + "\"");
    }
    spec.addProperty("nodeName", nodeName);
    pod.add("spec", spec);
    store.update(BuiltinTypes.PODS, namespace, pod);
  }

  @Override
  public void updatePodStatus(String namespace, String name, V1PodStatus status) {
    JsonObject patch = new JsonObject();
    patch.add("status", Codec.toTree(status));
    try {
      store.mergePatchStatus(BuiltinTypes.PODS, namespace, name, patch);
    } catch (StatusException e) {
      if (e.code() != 404) {
        throw e;
      }
    }
  }

  @Override
  public void deletePod(String namespace, String name) {
    try {
      store.delete(BuiltinTypes.PODS, namespace, name, DeleteOptions.now());
    } catch (StatusException e) {
      if (e.code() != 404) {
        throw e;
      }
    }
  }

  @Override
  public Optional<V1ConfigMap> getConfigMap(String namespace, String name) {
    return store
        .find(BuiltinTypes.CONFIGMAPS, namespace, name)
        .map(o -> Codec.fromTree(o, V1ConfigMap.class, "configmap " + namespace + "/" + name));
  }

  @Override
  public Optional<V1Secret> getSecret(String namespace, String name) {
    return store
        .find(BuiltinTypes.SECRETS, namespace, name)
        .map(o -> Codec.fromTree(o, V1Secret.class, "secret " + namespace + "/" + name));
  }

  @Override
  public void upsertTaskResult(WorkflowTaskResult result) {
    String ns = result.getMetadata().getNamespace();
    JsonObject tree = Codec.toTree(result).getAsJsonObject();
    try {
      store.create(BuiltinTypes.WORKFLOW_TASK_RESULTS, ns, tree);
    } catch (StatusException e) {
      if (e.code() != 409) {
        throw e;
      }
      store.mergePatch(
          BuiltinTypes.WORKFLOW_TASK_RESULTS, ns, result.getMetadata().getName(), tree);
    }
  }

  @Override
  public void appendLog(String namespace, String pod, String container, String text) {
    server.podLogs().append(namespace, pod, container, text);
  }

  @Override
  public void finishLog(String namespace, String pod, String container) {
    server.podLogs().finish(namespace, pod, container);
  }
}
