package dev.hubflow.testkit.kubelet;

import dev.hubflow.testkit.runtime.VolumeData;
import io.kubernetes.client.openapi.models.V1ConfigMap;
import io.kubernetes.client.openapi.models.V1KeyToPath;
import io.kubernetes.client.openapi.models.V1Pod;
import io.kubernetes.client.openapi.models.V1Secret;
import io.kubernetes.client.openapi.models.V1Volume;
import io.kubernetes.client.openapi.models.V1VolumeProjection;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** Reads what a pod's volumes hold from the cluster. */
final class Volumes {
  private Volumes() {}

  static Map<String, VolumeData> of(V1Pod pod, KubeletApi api) throws ContainerConfigException {
    Map<String, VolumeData> out = new LinkedHashMap<>();
    String ns = pod.getMetadata().getNamespace();
    List<V1Volume> volumes = pod.getSpec().getVolumes();
    if (volumes == null) {
      return out;
    }
    for (V1Volume v : volumes) {
      if (v.getConfigMap() != null) {
        Map<String, byte[]> files = new LinkedHashMap<>();
        if (!configMap(
            ns,
            v.getConfigMap().getName(),
            v.getConfigMap().getItems(),
            Boolean.TRUE.equals(v.getConfigMap().getOptional()),
            api,
            files)) {
          continue;
        }
        out.put(v.getName(), new VolumeData.Files(files));
      } else if (v.getSecret() != null) {
        Map<String, byte[]> files = new LinkedHashMap<>();
        secret(
            ns,
            v.getSecret().getSecretName(),
            v.getSecret().getItems(),
            Boolean.TRUE.equals(v.getSecret().getOptional()),
            api,
            files);
        out.put(v.getName(), new VolumeData.Files(files));
      } else if (v.getPersistentVolumeClaim() != null) {
        out.put(
            v.getName(),
            new VolumeData.Claim(ns + "/" + v.getPersistentVolumeClaim().getClaimName()));
      } else if (v.getDownwardAPI() != null) {
        Map<String, byte[]> files = new LinkedHashMap<>();
        if (v.getDownwardAPI().getItems() != null) {
          v.getDownwardAPI()
              .getItems()
              .forEach(
                  item -> {
                    if (item.getFieldRef() != null) {
                      files.put(
                          item.getPath(),
                          bytes(Environment.field(pod, item.getFieldRef().getFieldPath())));
                    }
                  });
        }
        out.put(v.getName(), new VolumeData.Files(files));
      } else if (v.getProjected() != null) {
        Map<String, byte[]> files = new LinkedHashMap<>();
        if (v.getProjected().getSources() != null) {
          for (V1VolumeProjection p : v.getProjected().getSources()) {
            if (p.getConfigMap() != null) {
              configMap(
                  ns,
                  p.getConfigMap().getName(),
                  p.getConfigMap().getItems(),
                  Boolean.TRUE.equals(p.getConfigMap().getOptional()),
                  api,
                  files);
            }
            if (p.getSecret() != null) {
              secret(
                  ns,
                  p.getSecret().getName(),
                  p.getSecret().getItems(),
                  Boolean.TRUE.equals(p.getSecret().getOptional()),
                  api,
                  files);
            }
            if (p.getDownwardAPI() != null && p.getDownwardAPI().getItems() != null) {
              p.getDownwardAPI()
                  .getItems()
                  .forEach(
                      item -> {
                        if (item.getFieldRef() != null) {
                          files.put(
                              item.getPath(),
                              bytes(Environment.field(pod, item.getFieldRef().getFieldPath())));
                        }
                      });
            }
          }
        }
        out.put(v.getName(), new VolumeData.Files(files));
      } else {
        // emptyDir, and anything else (hostPath included: the host is never exposed).
        out.put(v.getName(), new VolumeData.EmptyDir());
      }
    }
    return out;
  }

  private static boolean configMap(
      String ns,
      String name,
      List<V1KeyToPath> items,
      boolean optional,
      KubeletApi api,
      Map<String, byte[]> files)
      throws ContainerConfigException {
    Optional<V1ConfigMap> cm = api.getConfigMap(ns, name);
    if (cm.isEmpty()) {
      if (optional) {
        return true;
      }
      throw new ContainerConfigException(
          "ContainerCreating", "MountVolume.SetUp failed: configmap \"" + name + "\" not found");
    }
    Map<String, byte[]> all = new LinkedHashMap<>();
    if (cm.get().getData() != null) {
      cm.get().getData().forEach((k, v) -> all.put(k, bytes(v)));
    }
    if (cm.get().getBinaryData() != null) {
      all.putAll(cm.get().getBinaryData());
    }
    project(all, items, files);
    return true;
  }

  private static void secret(
      String ns,
      String name,
      List<V1KeyToPath> items,
      boolean optional,
      KubeletApi api,
      Map<String, byte[]> files)
      throws ContainerConfigException {
    Optional<V1Secret> s = api.getSecret(ns, name);
    if (s.isEmpty()) {
      if (optional) {
        return;
      }
      throw new ContainerConfigException(
          "ContainerCreating", "MountVolume.SetUp failed: secret \"" + name + "\" not found");
    }
    Map<String, byte[]> all = new LinkedHashMap<>();
    if (s.get().getData() != null) {
      all.putAll(s.get().getData());
    }
    if (s.get().getStringData() != null) {
      s.get().getStringData().forEach((k, v) -> all.put(k, bytes(v)));
    }
    project(all, items, files);
  }

  private static void project(
      Map<String, byte[]> all, List<V1KeyToPath> items, Map<String, byte[]> files) {
    if (items == null || items.isEmpty()) {
      files.putAll(all);
      return;
    }
    for (V1KeyToPath item : items) {
      byte[] data = all.get(item.getKey());
      if (data != null) {
        files.put(item.getPath(), data);
      }
    }
  }

  private static byte[] bytes(String s) {
    return s == null ? new byte[0] : s.getBytes(StandardCharsets.UTF_8);
  }
}
