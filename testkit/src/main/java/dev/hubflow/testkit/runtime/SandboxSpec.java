package dev.hubflow.testkit.runtime;

import java.util.Map;

/**
 * What a pod's sandbox holds.
 *
 * @param namespace the pod's namespace
 * @param podName the pod's name
 * @param podUid the pod's uid
 * @param volumes the pod's volumes by name, their content already read from the cluster
 */
public record SandboxSpec(
    String namespace, String podName, String podUid, Map<String, VolumeData> volumes) {
  public SandboxSpec {
    volumes = Map.copyOf(volumes);
  }
}
