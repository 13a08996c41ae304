package dev.hubflow.testkit.kubelet;

import dev.hubflow.model.Codec;
import dev.hubflow.model.v1alpha1.WorkflowTaskResult;
import dev.hubflow.model.v1alpha1.WorkflowTaskResultList;
import io.kubernetes.client.custom.V1Patch;
import io.kubernetes.client.informer.ResourceEventHandler;
import io.kubernetes.client.informer.SharedIndexInformer;
import io.kubernetes.client.informer.SharedInformerFactory;
import io.kubernetes.client.openapi.ApiClient;
import io.kubernetes.client.openapi.ApiException;
import io.kubernetes.client.openapi.apis.CoreV1Api;
import io.kubernetes.client.openapi.models.V1Binding;
import io.kubernetes.client.openapi.models.V1ConfigMap;
import io.kubernetes.client.openapi.models.V1ConfigMapList;
import io.kubernetes.client.openapi.models.V1ObjectMeta;
import io.kubernetes.client.openapi.models.V1ObjectReference;
import io.kubernetes.client.openapi.models.V1Pod;
import io.kubernetes.client.openapi.models.V1PodList;
import io.kubernetes.client.openapi.models.V1PodStatus;
import io.kubernetes.client.openapi.models.V1Secret;
import io.kubernetes.client.openapi.models.V1SecretList;
import io.kubernetes.client.util.PatchUtils;
import io.kubernetes.client.util.generic.GenericKubernetesApi;
import io.kubernetes.client.util.generic.KubernetesApiResponse;
import io.kubernetes.client.util.generic.options.DeleteOptions;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The kubelet's view of any Kubernetes API server, through client-java: a pod informer, the binding
 * and status subresources, and generic clients for ConfigMaps, Secrets and Argo's
 * WorkflowTaskResults. The {@link ApiClient} should have no read timeout (watches stay open).
 */
public final class ClientKubeletApi implements KubeletApi {
  private static final Logger log = LoggerFactory.getLogger(ClientKubeletApi.class);

  private final ApiClient client;
  private final CoreV1Api core;
  private final GenericKubernetesApi<V1Pod, V1PodList> pods;
  private final GenericKubernetesApi<V1ConfigMap, V1ConfigMapList> configMaps;
  private final GenericKubernetesApi<V1Secret, V1SecretList> secrets;
  private final GenericKubernetesApi<WorkflowTaskResult, WorkflowTaskResultList> taskResults;

  public ClientKubeletApi(ApiClient client) {
    this.client = client;
    this.core = new CoreV1Api(client);
    this.pods = new GenericKubernetesApi<>(V1Pod.class, V1PodList.class, "", "v1", "pods", client);
    this.configMaps =
        new GenericKubernetesApi<>(
            V1ConfigMap.class, V1ConfigMapList.class, "", "v1", "configmaps", client);
    this.secrets =
        new GenericKubernetesApi<>(V1Secret.class, V1SecretList.class, "", "v1", "secrets", client);
    this.taskResults =
        new GenericKubernetesApi<>(
            WorkflowTaskResult.class,
            WorkflowTaskResultList.class,
            "argoproj.io",
            "v1alpha1",
            "workflowtaskresults",
            client);
  }

  /** Task results this kubelet created, newest last; bounded so a long run does not grow it. */
  private final Map<String, Boolean> createdResults =
      new LinkedHashMap<>(256, 0.75f, false) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<String, Boolean> eldest) {
          return size() > 10_000;
        }
      };

  @Override
  public AutoCloseable watchPods(PodListener listener) {
    SharedInformerFactory factory = new SharedInformerFactory(client);
    SharedIndexInformer<V1Pod> informer = factory.sharedIndexInformerFor(pods, V1Pod.class, 0);
    informer.addEventHandler(
        new ResourceEventHandler<>() {
          @Override
          public void onAdd(V1Pod pod) {
            listener.onPod(pod);
          }

          @Override
          public void onUpdate(V1Pod old, V1Pod pod) {
            listener.onPod(pod);
          }

          @Override
          public void onDelete(V1Pod pod, boolean finalStateUnknown) {
            listener.onPodDeleted(pod);
          }
        });
    factory.startAllRegisteredInformers();
    return () -> factory.stopAllRegisteredInformers(true);
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
  public void updatePodStatus(String namespace, String name, V1PodStatus status) {
    // A merge patch of the whole status: lists (conditions, container statuses) are replaced.
    String body = "{\"status\":" + Codec.toJson(status) + "}";
    try {
      PatchUtils.patch(
          V1Pod.class,
          () ->
              core.patchNamespacedPodStatusCall(
                  name, namespace, new V1Patch(body), null, null, null, null, null, null),
          V1Patch.PATCH_FORMAT_JSON_MERGE_PATCH,
          client);
    } catch (ApiException e) {
      if (e.getCode() == 404) {
        return;
      }
      throw new IllegalStateException(
          "updating the status of pod " + namespace + "/" + name + " failed: HTTP " + e.getCode(),
          e);
    }
  }

  @Override
  public void deletePod(String namespace, String name) {
    DeleteOptions options = new DeleteOptions();
    options.setGracePeriodSeconds(0L);
    KubernetesApiResponse<V1Pod> r = pods.delete(namespace, name, options);
    if (!r.isSuccess() && r.getHttpStatusCode() != 404) {
      throw new IllegalStateException(
          "deleting pod " + namespace + "/" + name + " failed: HTTP " + r.getHttpStatusCode());
    }
  }

  @Override
  public Optional<V1ConfigMap> getConfigMap(String namespace, String name) {
    return found(configMaps.get(namespace, name), "configmap " + namespace + "/" + name);
  }

  @Override
  public Optional<V1Secret> getSecret(String namespace, String name) {
    return found(secrets.get(namespace, name), "secret " + namespace + "/" + name);
  }

  @Override
  public void upsertTaskResult(WorkflowTaskResult result) {
    String ns = result.getMetadata().getNamespace();
    String name = result.getMetadata().getName();
    String key = ns + "/" + name;
    // An executor writes its result several times: once it is known to exist, patch straight
    // away instead of a create that the API server answers 409.
    if (!created(key)) {
      KubernetesApiResponse<WorkflowTaskResult> created = taskResults.create(result);
      if (created.isSuccess()) {
        remember(key);
        return;
      }
      if (created.getHttpStatusCode() != 409) {
        throw new IllegalStateException(
            "creating task result " + key + " failed: HTTP " + created.getHttpStatusCode());
      }
    }
    KubernetesApiResponse<WorkflowTaskResult> patched =
        taskResults.patch(
            ns, name, V1Patch.PATCH_FORMAT_JSON_MERGE_PATCH, new V1Patch(Codec.toJson(result)));
    if (patched.isSuccess()) {
      remember(key);
      return;
    }
    if (patched.getHttpStatusCode() == 404 && created(key)) {
      // Deleted since (the workflow was cleaned up): start over with a create.
      forget(key);
      upsertTaskResult(result);
      return;
    }
    throw new IllegalStateException(
        "patching task result " + key + " failed: HTTP " + patched.getHttpStatusCode());
  }

  private boolean created(String key) {
    synchronized (createdResults) {
      return createdResults.containsKey(key);
    }
  }

  private void remember(String key) {
    synchronized (createdResults) {
      createdResults.put(key, Boolean.TRUE);
    }
  }

  private void forget(String key) {
    synchronized (createdResults) {
      createdResults.remove(key);
    }
  }

  private static <T extends io.kubernetes.client.common.KubernetesObject> Optional<T> found(
      KubernetesApiResponse<T> r, String what) {
    if (r.isSuccess()) {
      return Optional.of(r.getObject());
    }
    if (r.getHttpStatusCode() == 404) {
      return Optional.empty();
    }
    log.warn("reading {} failed: HTTP {}", what, r.getHttpStatusCode());
    throw new IllegalStateException("reading " + what + " failed: HTTP " + r.getHttpStatusCode());
  }
}
