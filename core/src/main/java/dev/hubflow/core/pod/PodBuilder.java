package dev.hubflow.core.pod;

import io.kubernetes.client.openapi.models.V1Pod;

/**
 * Builds the pod for one node in Argo's emissary executor layout (init + wait + main), so the real
 * argoexec image can run it. Pure: no I/O.
 */
public final class PodBuilder {
  private final PodConfig config;

  public PodBuilder(PodConfig config) {
    this.config = config;
  }

  public PodConfig config() {
    return config;
  }

  public V1Pod build(PodRequest request) {
    throw new UnsupportedOperationException("PodBuilder is being written on the kubelet branch");
  }
}
