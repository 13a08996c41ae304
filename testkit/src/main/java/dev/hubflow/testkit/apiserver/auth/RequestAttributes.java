package dev.hubflow.testkit.apiserver.auth;

/**
 * What a request wants to do, as Kubernetes' authorizers see it.
 *
 * @param verb get, list, watch, create, update, patch, delete or deletecollection; for paths that
 *     are not resources, the lower-case HTTP method
 * @param namespace empty for cluster-scoped resources and non-resource paths
 * @param resource empty for non-resource paths such as {@code /version}
 */
public record RequestAttributes(
    String verb,
    String group,
    String resource,
    String subresource,
    String namespace,
    String name,
    String path) {}
