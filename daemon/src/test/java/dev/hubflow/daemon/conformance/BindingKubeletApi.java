package dev.hubflow.daemon.conformance;

import dev.hubflow.model.v1alpha1.WorkflowTaskResult;
import dev.hubflow.testkit.kubelet.KubeletApi;
import io.kubernetes.client.openapi.ApiClient;
import io.kubernetes.client.openapi.ApiException;
import io.kubernetes.client.openapi.apis.CoreV1Api;
import io.kubernetes.client.openapi.models.V1Binding;
import io.kubernetes.client.openapi.models.V1ConfigMap;
import io.kubernetes.client.openapi.models.V1ObjectMeta;
import io.kubernetes.client.openapi.models.V1ObjectReference;
import io.kubernetes.client.openapi.models.V1PodStatus;
import io.kubernetes.client.openapi.models.V1Secret;
import java.util.Optional;

/**
 * A {@link KubeletApi} that binds through the {@code pods/<name>/binding} subresource (what the
 * scheduler uses and the emulator serves) and delegates everything else. Stopgap: the kubelet's
 * client posts to the namespace's {@code bindings} collection, which the emulator answers with 404.
 */
final class BindingKubeletApi implements KubeletApi {
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
      throw new IllegalStateException(
          "binding pod " + namespace + "/" + name + " failed: HTTP " + e.getCode(), e);
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
