package dev.hubflow.testkit.kubelet;

import io.kubernetes.client.openapi.models.V1ConfigMap;
import io.kubernetes.client.openapi.models.V1Container;
import io.kubernetes.client.openapi.models.V1EnvFromSource;
import io.kubernetes.client.openapi.models.V1EnvVar;
import io.kubernetes.client.openapi.models.V1EnvVarSource;
import io.kubernetes.client.openapi.models.V1Pod;
import io.kubernetes.client.openapi.models.V1Secret;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** A container's environment and command line as the kubelet makes them. */
final class Environment {
  private Environment() {}

  /**
   * The container's variables: {@code envFrom}, then {@code env} (values, field references,
   * ConfigMap and Secret keys), each value's {@code $(VAR)} expanded from those before it.
   */
  static Map<String, String> of(V1Pod pod, V1Container c, KubeletApi api)
      throws ContainerConfigException {
    String ns = pod.getMetadata().getNamespace();
    Map<String, String> env = new LinkedHashMap<>();
    env.put("HOSTNAME", pod.getMetadata().getName());
    if (c.getEnvFrom() != null) {
      for (V1EnvFromSource from : c.getEnvFrom()) {
        String prefix = from.getPrefix() == null ? "" : from.getPrefix();
        if (from.getConfigMapRef() != null) {
          String name = from.getConfigMapRef().getName();
          Optional<V1ConfigMap> cm = api.getConfigMap(ns, name);
          if (cm.isEmpty()) {
            if (Boolean.TRUE.equals(from.getConfigMapRef().getOptional())) {
              continue;
            }
            throw new ContainerConfigException(
                "CreateContainerConfigError", "configmap \"" + name + "\" not found");
          }
          if (cm.get().getData() != null) {
            cm.get().getData().forEach((k, v) -> env.put(prefix + k, v));
          }
        }
        if (from.getSecretRef() != null) {
          String name = from.getSecretRef().getName();
          Optional<V1Secret> s = api.getSecret(ns, name);
          if (s.isEmpty()) {
            if (Boolean.TRUE.equals(from.getSecretRef().getOptional())) {
              continue;
            }
            throw new ContainerConfigException(
                "CreateContainerConfigError", "secret \"" + name + "\" not found");
          }
          if (s.get().getData() != null) {
            s.get().getData().forEach((k, v) -> env.put(prefix + k, utf8(v)));
          }
        }
      }
    }
    if (c.getEnv() != null) {
      for (V1EnvVar e : c.getEnv()) {
        String value;
        if (e.getValueFrom() != null) {
          value = valueFrom(pod, e.getValueFrom(), api);
          if (value == null) {
            continue;
          }
        } else {
          value = expand(e.getValue() == null ? "" : e.getValue(), env);
        }
        env.put(e.getName(), value);
      }
    }
    return env;
  }

  private static String valueFrom(V1Pod pod, V1EnvVarSource src, KubeletApi api)
      throws ContainerConfigException {
    String ns = pod.getMetadata().getNamespace();
    if (src.getFieldRef() != null) {
      return field(pod, src.getFieldRef().getFieldPath());
    }
    if (src.getConfigMapKeyRef() != null) {
      var ref = src.getConfigMapKeyRef();
      Optional<V1ConfigMap> cm = api.getConfigMap(ns, ref.getName());
      boolean optional = Boolean.TRUE.equals(ref.getOptional());
      if (cm.isEmpty()) {
        if (optional) {
          return null;
        }
        throw new ContainerConfigException(
            "CreateContainerConfigError", "configmap \"" + ref.getName() + "\" not found");
      }
      String v = cm.get().getData() == null ? null : cm.get().getData().get(ref.getKey());
      if (v == null && !optional) {
        throw new ContainerConfigException(
            "CreateContainerConfigError",
            "couldn't find key " + ref.getKey() + " in ConfigMap " + ns + "/" + ref.getName());
      }
      return v;
    }
    if (src.getSecretKeyRef() != null) {
      var ref = src.getSecretKeyRef();
      Optional<V1Secret> s = api.getSecret(ns, ref.getName());
      boolean optional = Boolean.TRUE.equals(ref.getOptional());
      if (s.isEmpty()) {
        if (optional) {
          return null;
        }
        throw new ContainerConfigException(
            "CreateContainerConfigError", "secret \"" + ref.getName() + "\" not found");
      }
      byte[] v = s.get().getData() == null ? null : s.get().getData().get(ref.getKey());
      if (v == null && !optional) {
        throw new ContainerConfigException(
            "CreateContainerConfigError",
            "couldn't find key " + ref.getKey() + " in Secret " + ns + "/" + ref.getName());
      }
      return v == null ? null : utf8(v);
    }
    // resourceFieldRef: no resources are accounted here; "0" is what an unset limit gives.
    return "0";
  }

  /** A downward-API field of the pod. */
  static String field(V1Pod pod, String path) {
    var meta = pod.getMetadata();
    switch (path) {
      case "metadata.name":
        return meta.getName();
      case "metadata.namespace":
        return meta.getNamespace();
      case "metadata.uid":
        return meta.getUid();
      case "spec.nodeName":
        return pod.getSpec().getNodeName();
      case "spec.serviceAccountName":
        return pod.getSpec().getServiceAccountName() == null
            ? "default"
            : pod.getSpec().getServiceAccountName();
      case "status.podIP":
        return pod.getStatus() == null ? "" : orEmpty(pod.getStatus().getPodIP());
      case "status.hostIP":
        return pod.getStatus() == null ? "" : orEmpty(pod.getStatus().getHostIP());
      default:
        break;
    }
    if (path.startsWith("metadata.labels['") && path.endsWith("']")) {
      String k = path.substring("metadata.labels['".length(), path.length() - 2);
      return meta.getLabels() == null ? "" : orEmpty(meta.getLabels().get(k));
    }
    if (path.startsWith("metadata.annotations['") && path.endsWith("']")) {
      String k = path.substring("metadata.annotations['".length(), path.length() - 2);
      return meta.getAnnotations() == null ? "" : orEmpty(meta.getAnnotations().get(k));
    }
    if (path.equals("metadata.labels") || path.equals("metadata.annotations")) {
      Map<String, String> m =
          path.equals("metadata.labels") ? meta.getLabels() : meta.getAnnotations();
      StringBuilder b = new StringBuilder();
      if (m != null) {
        m.forEach((k, v) -> b.append(k).append("=\"").append(v).append("\"\n"));
      }
      return b.toString();
    }
    return "";
  }

  /** Kubernetes' {@code $(VAR)} expansion: defined names are replaced, {@code $$} escapes. */
  static String expand(String s, Map<String, String> env) {
    if (s.indexOf('$') < 0) {
      return s;
    }
    StringBuilder out = new StringBuilder();
    for (int i = 0; i < s.length(); i++) {
      char ch = s.charAt(i);
      if (ch != '$' || i + 1 >= s.length()) {
        out.append(ch);
        continue;
      }
      char next = s.charAt(i + 1);
      if (next == '$') {
        out.append('$');
        i++;
      } else if (next == '(') {
        int close = s.indexOf(')', i + 2);
        if (close < 0) {
          out.append(ch);
          continue;
        }
        String name = s.substring(i + 2, close);
        if (env.containsKey(name)) {
          out.append(env.get(name));
        } else {
          out.append(s, i, close + 1);
        }
        i = close;
      } else {
        out.append(ch);
      }
    }
    return out.toString();
  }

  static List<String> expandAll(List<String> list, Map<String, String> env) {
    List<String> out = new ArrayList<>();
    if (list != null) {
      list.forEach(s -> out.add(expand(s, env)));
    }
    return out;
  }

  private static String utf8(byte[] b) {
    return new String(b, StandardCharsets.UTF_8);
  }

  private static String orEmpty(String s) {
    return s == null ? "" : s;
  }
}
