package dev.hubflow.daemon.controller;

import dev.hubflow.model.v1alpha1.WorkflowTaskResult;
import dev.hubflow.testkit.apiserver.ApiServer;
import dev.hubflow.testkit.apiserver.store.ResourceType;
import dev.hubflow.testkit.apiserver.store.Watch;
import dev.hubflow.testkit.apiserver.store.WatchEvent;
import dev.hubflow.testkit.apiserver.store.WatchOptions;
import dev.hubflow.testkit.kubelet.ClientKubeletApi;
import dev.hubflow.testkit.kubelet.Kubelet;
import dev.hubflow.testkit.kubelet.KubeletApi;
import dev.hubflow.testkit.runtime.SimulatedRuntime;
import dev.hubflow.testkit.time.SystemScheduler;
import io.kubernetes.client.openapi.ApiClient;
import io.kubernetes.client.openapi.ApiException;
import io.kubernetes.client.openapi.apis.CoreV1Api;
import io.kubernetes.client.openapi.models.V1Binding;
import io.kubernetes.client.openapi.models.V1ConfigMap;
import io.kubernetes.client.openapi.models.V1ObjectMeta;
import io.kubernetes.client.openapi.models.V1ObjectReference;
import io.kubernetes.client.openapi.models.V1PodStatus;
import io.kubernetes.client.openapi.models.V1Secret;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * An emulated cluster with a simulated kubelet, counting how often each pod was created (a pod
 * created twice for one node would show as 2).
 */
final class Spoke implements AutoCloseable {
  final ApiServer server;
  final Kubelet kubelet;
  final Map<String, AtomicInteger> podCreations = new ConcurrentHashMap<>();
  final java.util.Set<String> ownerless = ConcurrentHashMap.newKeySet();
  private final SystemScheduler scheduler = new SystemScheduler();
  private final Watch podWatch;

  Spoke(ApiServer server) {
    this.server = server;
    ResourceType pods = server.store().type("", "v1", "pods").orElseThrow();
    this.podWatch =
        server
            .store()
            .watch(
                pods,
                null,
                WatchOptions.all(),
                event -> {
                  if (WatchEvent.ADDED.equals(event.type())) {
                    podCreations
                        .computeIfAbsent(
                            event.namespace() + "/" + event.name(), k -> new AtomicInteger())
                        .incrementAndGet();
                    if (!event.object().getAsJsonObject("metadata").has("ownerReferences")) {
                      ownerless.add(event.namespace() + "/" + event.name());
                    }
                  }
                });
    ApiClient client = server.apiClient();
    this.kubelet =
        Kubelet.builder()
            .api(new BindingKubeletApi(new ClientKubeletApi(client), client))
            .runtime(new SimulatedRuntime(scheduler))
            .scheduler(scheduler)
            .build()
            .start();
  }

  int pods() {
    return podCreations.size();
  }

  @Override
  public void close() {
    kubelet.close();
    scheduler.close();
    try {
      podWatch.close();
    } catch (Exception e) {
      // closing anyway
    }
    server.close();
  }

  /**
   * Binds through the {@code pods/<name>/binding} subresource, which the emulator serves (the
   * kubelet's own client posts to the namespace's {@code bindings} collection).
   */
  private static final class BindingKubeletApi implements KubeletApi {
    private final KubeletApi delegate;
    private final CoreV1Api core;

    BindingKubeletApi(KubeletApi delegate, ApiClient client) {
      this.delegate = delegate;
      this.core = new CoreV1Api(client);
    }

    @Override
    public void bindPod(String namespace, String name, String nodeName) {
      V1Binding binding =
          new V1Binding()
              .metadata(new V1ObjectMeta().name(name).namespace(namespace))
              .target(new V1ObjectReference().apiVersion("v1").kind("Node").name(nodeName));
      try {
        core.createNamespacedPodBinding(name, namespace, binding, null, null, null, null);
      } catch (ApiException e) {
        throw new IllegalStateException("binding " + name + " failed: HTTP " + e.getCode(), e);
      }
    }

    @Override
    public AutoCloseable watchPods(PodListener listener) {
      return delegate.watchPods(listener);
    }

    @Override
    public void updatePodStatus(String namespace, String name, V1PodStatus status) {
      delegate.updatePodStatus(namespace, name, status);
    }

    @Override
    public void deletePod(String namespace, String name) {
      delegate.deletePod(namespace, name);
    }

    @Override
    public Optional<V1ConfigMap> getConfigMap(String namespace, String name) {
      return delegate.getConfigMap(namespace, name);
    }

    @Override
    public Optional<V1Secret> getSecret(String namespace, String name) {
      return delegate.getSecret(namespace, name);
    }

    @Override
    public void upsertTaskResult(WorkflowTaskResult result) {
      delegate.upsertTaskResult(result);
    }

    @Override
    public void appendLog(String namespace, String pod, String container, String text) {
      delegate.appendLog(namespace, pod, container, text);
    }
  }
}
