package dev.hubflow.testkit.apiserver;

import com.google.gson.JsonArray;
import com.google.gson.JsonObject;
import dev.hubflow.testkit.apiserver.store.ResourceType;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** The discovery documents: legacy (/api, /apis, per group-version) and aggregated (v2). */
final class Discovery {
  private static final List<String> VERBS =
      List.of("create", "delete", "deletecollection", "get", "list", "patch", "update", "watch");

  private Discovery() {}

  static JsonObject version() {
    JsonObject v = new JsonObject();
    v.addProperty("major", "1");
    v.addProperty("minor", "32");
    v.addProperty("gitVersion", "v1.32.0");
    v.addProperty("gitCommit", "70d3cc986aa8221cd1dfb1121852688902d3bf53");
    v.addProperty("gitTreeState", "clean");
    v.addProperty("buildDate", "2024-12-11T17:59:15Z");
    v.addProperty("goVersion", "go1.23.3");
    v.addProperty("compiler", "gc");
    v.addProperty("platform", "linux/amd64");
    return v;
  }

  static JsonObject apiVersions(String serverAddress) {
    JsonObject o = new JsonObject();
    o.addProperty("kind", "APIVersions");
    JsonArray versions = new JsonArray();
    versions.add("v1");
    o.add("versions", versions);
    JsonArray cidrs = new JsonArray();
    JsonObject c = new JsonObject();
    c.addProperty("clientCIDR", "0.0.0.0/0");
    c.addProperty("serverAddress", serverAddress);
    cidrs.add(c);
    o.add("serverAddressByClientCIDRs", cidrs);
    return o;
  }

  /** Group name → versions (in registration order) → types. */
  static Map<String, Map<String, List<ResourceType>>> byGroup(List<ResourceType> types) {
    Map<String, Map<String, List<ResourceType>>> out = new LinkedHashMap<>();
    for (ResourceType t : types) {
      out.computeIfAbsent(t.group(), g -> new LinkedHashMap<>())
          .computeIfAbsent(t.version(), v -> new ArrayList<>())
          .add(t);
    }
    return out;
  }

  static JsonObject groupList(List<ResourceType> types) {
    JsonObject o = new JsonObject();
    o.addProperty("kind", "APIGroupList");
    o.addProperty("apiVersion", "v1");
    JsonArray groups = new JsonArray();
    byGroup(types)
        .forEach(
            (group, versions) -> {
              if (!group.isEmpty()) {
                groups.add(group(group, versions.keySet()));
              }
            });
    o.add("groups", groups);
    return o;
  }

  static JsonObject group(String group, Iterable<String> versions) {
    JsonObject g = new JsonObject();
    g.addProperty("name", group);
    JsonArray vs = new JsonArray();
    JsonObject preferred = null;
    for (String v : versions) {
      JsonObject gv = new JsonObject();
      gv.addProperty("groupVersion", group + "/" + v);
      gv.addProperty("version", v);
      vs.add(gv);
      if (preferred == null) {
        preferred = gv;
      }
    }
    g.add("versions", vs);
    g.add("preferredVersion", preferred);
    return g;
  }

  static JsonObject apiGroup(String group, Iterable<String> versions) {
    JsonObject g = group(group, versions);
    g.addProperty("kind", "APIGroup");
    g.addProperty("apiVersion", "v1");
    return g;
  }

  static JsonObject resourceList(String groupVersion, List<ResourceType> types) {
    JsonObject o = new JsonObject();
    o.addProperty("kind", "APIResourceList");
    o.addProperty("apiVersion", "v1");
    o.addProperty("groupVersion", groupVersion);
    JsonArray resources = new JsonArray();
    for (ResourceType t : types) {
      JsonObject r = new JsonObject();
      r.addProperty("name", t.resource());
      r.addProperty("singularName", t.singular());
      r.addProperty("namespaced", t.namespaced());
      r.addProperty("kind", t.kind());
      r.add("verbs", strings(VERBS));
      if (!t.shortNames().isEmpty()) {
        r.add("shortNames", strings(t.shortNames()));
      }
      if (!t.categories().isEmpty()) {
        r.add("categories", strings(t.categories()));
      }
      resources.add(r);
      for (Sub s : subresources(t)) {
        JsonObject sr = new JsonObject();
        sr.addProperty("name", t.resource() + "/" + s.name);
        sr.addProperty("singularName", "");
        sr.addProperty("namespaced", t.namespaced());
        if (!s.group.isEmpty()) {
          sr.addProperty("group", s.group);
          sr.addProperty("version", s.version);
        }
        sr.addProperty("kind", s.kind);
        sr.add("verbs", strings(s.verbs));
        resources.add(sr);
      }
    }
    o.add("resources", resources);
    return o;
  }

  private record Sub(String name, String group, String version, String kind, List<String> verbs) {}

  private static List<Sub> subresources(ResourceType t) {
    List<Sub> out = new ArrayList<>();
    if (t.statusSubresource()) {
      out.add(new Sub("status", "", "", t.kind(), List.of("get", "patch", "update")));
    }
    if (t.group().isEmpty() && t.resource().equals("pods")) {
      out.add(new Sub("binding", "", "", "Binding", List.of("create")));
      out.add(new Sub("log", "", "", "Pod", List.of("get")));
    }
    return out;
  }

  /** The aggregated discovery document for "/api" (legacy) or "/apis" (groups). */
  static JsonObject aggregated(List<ResourceType> types, boolean legacy, String apiVersion) {
    JsonObject o = new JsonObject();
    o.addProperty("kind", "APIGroupDiscoveryList");
    o.addProperty("apiVersion", apiVersion);
    o.add("metadata", new JsonObject());
    JsonArray items = new JsonArray();
    byGroup(types)
        .forEach(
            (group, versions) -> {
              if (group.isEmpty() != legacy) {
                return;
              }
              JsonObject item = new JsonObject();
              JsonObject meta = new JsonObject();
              if (!group.isEmpty()) {
                meta.addProperty("name", group);
              }
              meta.add("creationTimestamp", com.google.gson.JsonNull.INSTANCE);
              item.add("metadata", meta);
              JsonArray vs = new JsonArray();
              versions.forEach(
                  (version, list) -> {
                    JsonObject v = new JsonObject();
                    v.addProperty("version", version);
                    JsonArray resources = new JsonArray();
                    for (ResourceType t : list) {
                      JsonObject r = new JsonObject();
                      r.addProperty("resource", t.resource());
                      r.add("responseKind", kind(t.group(), t.version(), t.kind()));
                      r.addProperty("scope", t.namespaced() ? "Namespaced" : "Cluster");
                      r.addProperty("singularResource", t.singular());
                      r.add("verbs", strings(VERBS));
                      if (!t.shortNames().isEmpty()) {
                        r.add("shortNames", strings(t.shortNames()));
                      }
                      if (!t.categories().isEmpty()) {
                        r.add("categories", strings(t.categories()));
                      }
                      JsonArray subs = new JsonArray();
                      for (Sub s : subresources(t)) {
                        JsonObject sr = new JsonObject();
                        sr.addProperty("subresource", s.name);
                        sr.add(
                            "responseKind",
                            kind(s.group.isEmpty() ? t.group() : s.group, t.version(), s.kind));
                        sr.add("verbs", strings(s.verbs));
                        subs.add(sr);
                      }
                      if (!subs.isEmpty()) {
                        r.add("subresources", subs);
                      }
                      resources.add(r);
                    }
                    v.add("resources", resources);
                    v.addProperty("freshness", "Current");
                    vs.add(v);
                  });
              item.add("versions", vs);
              items.add(item);
            });
    o.add("items", items);
    return o;
  }

  private static JsonObject kind(String group, String version, String kind) {
    JsonObject k = new JsonObject();
    k.addProperty("group", group);
    k.addProperty("version", version);
    k.addProperty("kind", kind);
    return k;
  }

  private static JsonArray strings(List<String> values) {
    JsonArray a = new JsonArray();
    values.forEach(a::add);
    return a;
  }
}
