package dev.hubflow.testkit.apiserver.store;

import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;

/** Defaulting and admission the real server applies on create and update, for the common kinds. */
final class Admission {
  private static final AtomicInteger NEXT_IP = new AtomicInteger(10);

  private Admission() {}

  static void onCreate(ResourceType type, JsonObject o, ResourceStore store) {
    if (type.equals(BuiltinTypes.NAMESPACES)) {
      JsonObject spec = new JsonObject();
      JsonArray f = new JsonArray();
      f.add("kubernetes");
      spec.add("finalizers", f);
      o.add("spec", spec);
      JsonObject status = new JsonObject();
      status.addProperty("phase", "Active");
      o.add("status", status);
      JsonObject meta = Json.metaForWrite(o);
      JsonObject labels = Json.obj(meta, "labels").deepCopy();
      labels.addProperty("kubernetes.io/metadata.name", Json.str(meta, "name"));
      meta.add("labels", labels);
    } else if (type.equals(BuiltinTypes.PODS)) {
      defaultPod(o);
    } else if (type.equals(BuiltinTypes.SECRETS)) {
      foldStringData(o);
      if (Json.str(o, "type").isEmpty()) {
        o.addProperty("type", "Opaque");
      }
    } else if (type.equals(BuiltinTypes.SERVICES)) {
      JsonObject spec = Json.obj(o, "spec").deepCopy();
      if (Json.str(spec, "type").isEmpty()) {
        spec.addProperty("type", "ClusterIP");
      }
      if (Json.str(spec, "clusterIP").isEmpty()) {
        int n = NEXT_IP.incrementAndGet();
        spec.addProperty("clusterIP", "10.96." + ((n >> 8) & 255) + "." + (n & 255));
      }
      o.add("spec", spec);
      o.add("status", new JsonObject());
    } else if (type.equals(BuiltinTypes.PVCS)) {
      JsonObject status = new JsonObject();
      status.addProperty("phase", "Pending");
      o.add("status", status);
    } else if (type.equals(BuiltinTypes.CRDS)) {
      BuiltinTypes.fromCrd(o);
      JsonObject status = new JsonObject();
      status.add("acceptedNames", Json.obj(Json.obj(o, "spec"), "names").deepCopy());
      JsonArray conditions = new JsonArray();
      for (String c : new String[] {"NamesAccepted", "Established"}) {
        JsonObject cond = new JsonObject();
        cond.addProperty("type", c);
        cond.addProperty("status", "True");
        cond.addProperty("lastTransitionTime", store.now());
        cond.addProperty(
            "reason", c.equals("Established") ? "InitialNamesAccepted" : "NoConflicts");
        cond.addProperty(
            "message",
            c.equals("Established")
                ? "the initial names have been accepted"
                : "no conflicts found");
        conditions.add(cond);
      }
      status.add("conditions", conditions);
      JsonArray stored = new JsonArray();
      for (JsonElement v : Json.arr(Json.obj(o, "spec"), "versions")) {
        stored.add(Json.str(v.getAsJsonObject(), "name"));
      }
      status.add("storedVersions", stored);
      o.add("status", status);
    }
  }

  static void onUpdate(ResourceType type, JsonObject old, JsonObject next) {
    if (type.equals(BuiltinTypes.SECRETS)) {
      foldStringData(next);
    }
  }

  private static void foldStringData(JsonObject secret) {
    JsonObject stringData = Json.obj(secret, "stringData");
    if (stringData.size() == 0) {
      secret.remove("stringData");
      return;
    }
    JsonObject data = Json.obj(secret, "data").deepCopy();
    for (Map.Entry<String, JsonElement> e : stringData.entrySet()) {
      data.addProperty(
          e.getKey(),
          Base64.getEncoder()
              .encodeToString(e.getValue().getAsString().getBytes(StandardCharsets.UTF_8)));
    }
    secret.add("data", data);
    secret.remove("stringData");
  }

  private static void defaultPod(JsonObject pod) {
    JsonObject spec = Json.obj(pod, "spec").deepCopy();
    putIfAbsent(spec, "restartPolicy", "Always");
    putIfAbsent(spec, "dnsPolicy", "ClusterFirst");
    putIfAbsent(spec, "schedulerName", "default-scheduler");
    putIfAbsent(spec, "serviceAccountName", "default");
    putIfAbsent(spec, "serviceAccount", Json.str(spec, "serviceAccountName"));
    if (!spec.has("terminationGracePeriodSeconds")) {
      spec.addProperty("terminationGracePeriodSeconds", 30);
    }
    if (!spec.has("securityContext")) {
      spec.add("securityContext", new JsonObject());
    }
    if (!spec.has("enableServiceLinks")) {
      spec.addProperty("enableServiceLinks", true);
    }
    if (!spec.has("priority")) {
      spec.addProperty("priority", 0);
    }
    boolean anyResources = false;
    for (String list : new String[] {"initContainers", "containers"}) {
      for (JsonElement c : Json.arr(spec, list)) {
        if (!c.isJsonObject()) {
          continue;
        }
        JsonObject container = c.getAsJsonObject();
        putIfAbsent(container, "terminationMessagePath", "/dev/termination-log");
        putIfAbsent(container, "terminationMessagePolicy", "File");
        String image = Json.str(container, "image");
        String tag = image.contains(":") ? image.substring(image.lastIndexOf(':') + 1) : "";
        putIfAbsent(
            container,
            "imagePullPolicy",
            tag.isEmpty() || tag.equals("latest") || tag.contains("/") ? "Always" : "IfNotPresent");
        if (!container.has("resources")) {
          container.add("resources", new JsonObject());
        }
        anyResources |= Json.obj(container, "resources").size() > 0;
      }
    }
    pod.add("spec", spec);
    JsonObject status = new JsonObject();
    status.addProperty("phase", "Pending");
    status.addProperty("qosClass", anyResources ? "Burstable" : "BestEffort");
    pod.add("status", status);
  }

  private static void putIfAbsent(JsonObject o, String key, String value) {
    if (Json.str(o, key).isEmpty()) {
      o.addProperty(key, value);
    }
  }
}
