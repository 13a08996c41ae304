package dev.hubflow.core.cluster;

import io.kubernetes.client.common.KubernetesListObject;
import io.kubernetes.client.common.KubernetesObject;
import io.kubernetes.client.informer.ListerWatcher;
import io.kubernetes.client.openapi.ApiException;
import io.kubernetes.client.util.CallGeneratorParams;
import io.kubernetes.client.util.Watchable;
import io.kubernetes.client.util.generic.GenericKubernetesApi;
import io.kubernetes.client.util.generic.options.ListOptions;

/**
 * Lists and watches one kind in one namespace (or all), optionally only the objects matching a
 * label selector: the factory's own lister-watcher cannot select by label, and the controller only
 * wants the pods and task results Argo labels with a workflow name.
 */
final class LabelSelectedListerWatcher<T extends KubernetesObject, L extends KubernetesListObject>
    implements ListerWatcher<T, L> {

  private final GenericKubernetesApi<T, L> api;
  private final String namespace;
  private final String labelSelector;

  /**
   * @param namespace the namespace, or empty for all namespaces
   * @param labelSelector the selector, or null for every object
   */
  LabelSelectedListerWatcher(
      GenericKubernetesApi<T, L> api, String namespace, String labelSelector) {
    this.api = api;
    this.namespace = namespace;
    this.labelSelector = labelSelector;
  }

  @Override
  public L list(CallGeneratorParams params) throws ApiException {
    ListOptions options = options(params);
    var response = namespace.isEmpty() ? api.list(options) : api.list(namespace, options);
    return response.throwsApiException().getObject();
  }

  @Override
  public Watchable<T> watch(CallGeneratorParams params) throws ApiException {
    ListOptions options = options(params);
    return namespace.isEmpty() ? api.watch(options) : api.watch(namespace, options);
  }

  private ListOptions options(CallGeneratorParams params) {
    ListOptions options = new ListOptions();
    options.setResourceVersion(params.resourceVersion);
    options.setTimeoutSeconds(params.timeoutSeconds);
    options.setLabelSelector(labelSelector);
    return options;
  }
}
