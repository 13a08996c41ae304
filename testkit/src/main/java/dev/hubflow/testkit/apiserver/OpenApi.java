package dev.hubflow.testkit.apiserver;

import com.google.gson.JsonArray;
import com.google.gson.JsonObject;
import com.sun.net.httpserver.HttpExchange;
import dev.hubflow.testkit.apiserver.store.ResourceType;
import dev.hubflow.testkit.apiserver.store.StatusException;
import java.util.List;
import java.util.Map;

/**
 * Just enough OpenAPI v3 for kubectl: per group-version documents whose PATCH operations name their
 * kind and accept {@code fieldValidation} (so kubectl leaves validation to the server) and schemas
 * that let anything through. OpenAPI v2 is not served, as on servers that dropped it.
 */
final class OpenApi {
  private OpenApi() {}

  static boolean serve(HttpExchange ex, String path, List<ResourceType> types, HttpFront front) {
    Map<String, Map<String, List<ResourceType>>> groups = Discovery.byGroup(types);
    if (path.equals("/openapi/v3") || path.equals("/openapi/v3/")) {
      JsonObject paths = new JsonObject();
      groups.forEach(
          (group, versions) ->
              versions.forEach(
                  (version, list) -> {
                    String gv =
                        group.isEmpty() ? "api/" + version : "apis/" + group + "/" + version;
                    JsonObject entry = new JsonObject();
                    entry.addProperty(
                        "serverRelativeURL",
                        "/openapi/v3/" + gv + "?hash=" + Integer.toHexString(list.hashCode()));
                    paths.add(gv, entry);
                  }));
      JsonObject root = new JsonObject();
      root.add("paths", paths);
      front.sendJson(ex, 200, root);
      return false;
    }
    if (path.startsWith("/openapi/v3/")) {
      String gv = path.substring("/openapi/v3/".length());
      String[] parts = gv.split("/");
      String group;
      String version;
      if (parts.length == 2 && parts[0].equals("api")) {
        group = "";
        version = parts[1];
      } else if (parts.length == 3 && parts[0].equals("apis")) {
        group = parts[1];
        version = parts[2];
      } else {
        throw notFound();
      }
      List<ResourceType> list = groups.getOrDefault(group, Map.of()).get(version);
      if (list == null) {
        throw notFound();
      }
      front.sendJson(ex, 200, document(list));
      return false;
    }
    throw notFound();
  }

  private static StatusException notFound() {
    return new StatusException(
        404, "NotFound", "the server could not find the requested resource", null);
  }

  private static JsonObject document(List<ResourceType> types) {
    JsonObject doc = new JsonObject();
    doc.addProperty("openapi", "3.0.0");
    JsonObject info = new JsonObject();
    info.addProperty("title", "Kubernetes");
    info.addProperty("version", "v1.32.0");
    doc.add("info", info);
    JsonObject paths = new JsonObject();
    JsonObject schemas = new JsonObject();
    for (ResourceType t : types) {
      String base =
          t.group().isEmpty() ? "/api/" + t.version() : "/apis/" + t.group() + "/" + t.version();
      String item =
          base + (t.namespaced() ? "/namespaces/{namespace}/" : "/") + t.resource() + "/{name}";
      JsonObject patch = new JsonObject();
      patch.addProperty("operationId", "patch" + t.kind());
      patch.add("x-kubernetes-group-version-kind", gvk(t));
      patch.addProperty("x-kubernetes-action", "patch");
      JsonArray params = new JsonArray();
      for (String p : List.of("dryRun", "fieldManager", "fieldValidation", "force")) {
        JsonObject param = new JsonObject();
        param.addProperty("name", p);
        param.addProperty("in", "query");
        JsonObject s = new JsonObject();
        s.addProperty("type", "string");
        param.add("schema", s);
        params.add(param);
      }
      patch.add("parameters", params);
      JsonObject responses = new JsonObject();
      JsonObject ok = new JsonObject();
      ok.addProperty("description", "OK");
      responses.add("200", ok);
      patch.add("responses", responses);
      JsonObject pathItem = new JsonObject();
      pathItem.add("patch", patch);
      paths.add(item, pathItem);

      JsonObject schema = new JsonObject();
      schema.addProperty("type", "object");
      schema.addProperty("x-kubernetes-preserve-unknown-fields", true);
      JsonArray gvks = new JsonArray();
      gvks.add(gvk(t));
      schema.add("x-kubernetes-group-version-kind", gvks);
      String prefix = t.group().isEmpty() ? "io.k8s.api.core" : reverse(t.group());
      schemas.add(prefix + "." + t.version() + "." + t.kind(), schema);
    }
    doc.add("paths", paths);
    JsonObject components = new JsonObject();
    components.add("schemas", schemas);
    doc.add("components", components);
    return doc;
  }

  private static String reverse(String group) {
    String[] parts = group.split("\\.");
    StringBuilder b = new StringBuilder();
    for (int i = parts.length - 1; i >= 0; i--) {
      b.append(parts[i]);
      if (i > 0) {
        b.append('.');
      }
    }
    return b.toString();
  }

  private static JsonObject gvk(ResourceType t) {
    JsonObject g = new JsonObject();
    g.addProperty("group", t.group());
    g.addProperty("version", t.version());
    g.addProperty("kind", t.kind());
    return g;
  }
}
