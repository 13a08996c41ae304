package dev.hubflow.testkit.apiserver;

import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpHandler;
import com.sun.net.httpserver.HttpsExchange;
import dev.hubflow.testkit.apiserver.auth.RequestAttributes;
import dev.hubflow.testkit.apiserver.auth.RequestHeaders;
import dev.hubflow.testkit.apiserver.auth.UserInfo;
import dev.hubflow.testkit.apiserver.store.BuiltinTypes;
import dev.hubflow.testkit.apiserver.store.DeleteOptions;
import dev.hubflow.testkit.apiserver.store.DeleteResult;
import dev.hubflow.testkit.apiserver.store.Json;
import dev.hubflow.testkit.apiserver.store.ListOptions;
import dev.hubflow.testkit.apiserver.store.ListResult;
import dev.hubflow.testkit.apiserver.store.Patches;
import dev.hubflow.testkit.apiserver.store.ResourceStore;
import dev.hubflow.testkit.apiserver.store.ResourceType;
import dev.hubflow.testkit.apiserver.store.Selector;
import dev.hubflow.testkit.apiserver.store.StatusException;
import dev.hubflow.testkit.apiserver.store.WatchEvent;
import dev.hubflow.testkit.apiserver.store.WatchOptions;
import java.io.IOException;
import java.io.OutputStream;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.security.cert.Certificate;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import javax.net.ssl.SSLPeerUnverifiedException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** The Kubernetes REST API over HTTP: routing, authentication, faults, and rendering. */
final class HttpFront implements HttpHandler {
  private static final Logger LOG = LoggerFactory.getLogger(HttpFront.class);
  private static final Set<String> PUBLIC_PATHS =
      Set.of("/version", "/healthz", "/livez", "/readyz", "/version/");
  private static final Set<String> RETURNS_DELETED_OBJECT =
      Set.of("pods", "services", "serviceaccounts", "persistentvolumeclaims", "namespaces");

  private final ApiServer server;
  private final ResourceStore store;

  HttpFront(ApiServer server) {
    this.server = server;
    this.store = server.store();
  }

  /** A parsed resource path. */
  /**
   * What a request addresses. {@code bindings} marks the core namespace's {@code bindings}
   * collection, which (as in Kubernetes) binds the pod named in the posted Binding, like {@code
   * pods/<name>/binding}.
   */
  private record Target(
      ResourceType type,
      String namespace,
      String name,
      String subresource,
      boolean watchPath,
      boolean bindings) {}

  @Override
  public void handle(HttpExchange ex) {
    boolean async = false;
    try {
      async = serve(ex);
    } catch (StatusException e) {
      sendJson(ex, e.code(), e.toStatus());
    } catch (RuntimeException | IOException e) {
      LOG.warn(
          "cluster {}: {} {} failed",
          store.clusterName(),
          ex.getRequestMethod(),
          ex.getRequestURI().getPath(),
          e);
      sendJson(
          ex,
          500,
          new StatusException(500, "InternalError", "Internal error occurred: " + e, null)
              .toStatus());
    } finally {
      if (!async) {
        ex.close();
      }
    }
  }

  /** Serves the request; true when the response continues asynchronously (watch, follow). */
  private boolean serve(HttpExchange ex) throws IOException {
    String path = ex.getRequestURI().getRawPath();
    Map<String, String> query = query(ex.getRequestURI().getRawQuery());
    String method = ex.getRequestMethod();
    Optional<UserInfo> user = server.authenticator().authenticate(headers(ex));
    if (user.isEmpty() && !PUBLIC_PATHS.contains(path)) {
      drain(ex);
      sendJson(ex, 401, new StatusException(401, "Unauthorized", "Unauthorized", null).toStatus());
      return false;
    }
    long delay = server.faults().latency().toMillis();
    if (delay > 0) {
      try {
        Thread.sleep(delay);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }
    switch (path) {
      case "/version", "/version/" -> {
        sendJson(ex, 200, Discovery.version());
        return false;
      }
      case "/healthz", "/livez", "/readyz" -> {
        sendText(ex, 200, "ok");
        return false;
      }
      case "/api", "/api/" -> {
        String aggregated = aggregatedVersion(ex);
        if (aggregated != null) {
          sendAggregated(ex, Discovery.aggregated(store.types(), true, aggregated));
        } else {
          sendJson(ex, 200, Discovery.apiVersions(server.hostPort()));
        }
        return false;
      }
      case "/apis", "/apis/" -> {
        String aggregated = aggregatedVersion(ex);
        if (aggregated != null) {
          sendAggregated(ex, Discovery.aggregated(store.types(), false, aggregated));
        } else {
          sendJson(ex, 200, Discovery.groupList(store.types()));
        }
        return false;
      }
      default -> {
        // resources below
      }
    }
    if (path.startsWith("/openapi/")) {
      return OpenApi.serve(ex, path, store.types(), this);
    }
    List<String> segs = new ArrayList<>();
    for (String s : path.split("/")) {
      if (!s.isEmpty()) {
        segs.add(URLDecoder.decode(s, StandardCharsets.UTF_8));
      }
    }
    String group;
    String version;
    int at;
    if (segs.size() >= 2 && segs.get(0).equals("api")) {
      group = "";
      version = segs.get(1);
      at = 2;
    } else if (segs.size() >= 2 && segs.get(0).equals("apis")) {
      group = segs.get(1);
      if (segs.size() == 2) {
        var versions = Discovery.byGroup(store.types()).get(group);
        if (versions == null) {
          throw notFoundPath();
        }
        sendJson(ex, 200, Discovery.apiGroup(group, versions.keySet()));
        return false;
      }
      version = segs.get(2);
      at = 3;
    } else {
      throw notFoundPath();
    }
    List<String> rest = segs.subList(at, segs.size());
    if (rest.isEmpty()) {
      List<ResourceType> types =
          store.types().stream()
              .filter(t -> t.group().equals(group) && t.version().equals(version))
              .toList();
      if (types.isEmpty()) {
        throw notFoundPath();
      }
      sendJson(
          ex,
          200,
          Discovery.resourceList(group.isEmpty() ? version : group + "/" + version, types));
      return false;
    }
    Target target = parseTarget(group, version, rest);
    String verb = verb(method, target, query);
    String resourceName =
        target.bindings
            ? "bindings"
            : target.subresource == null
                ? target.type.resource()
                : target.type.resource() + "/" + target.subresource;
    RequestAttributes attrs =
        new RequestAttributes(
            verb,
            group,
            target.bindings ? "bindings" : target.type.resource(),
            target.subresource == null || target.bindings ? "" : target.subresource,
            target.namespace == null ? "" : target.namespace,
            target.name == null ? "" : target.name,
            path);
    if (!server.authorizer().authorize(user.get(), attrs)) {
      drain(ex);
      String where =
          target.namespace == null
              ? " at the cluster scope"
              : " in the namespace \"" + target.namespace + "\"";
      throw new StatusException(
          403,
          "Forbidden",
          resourceName
              + (group.isEmpty() ? "" : "." + group)
              + (target.name == null ? "" : " \"" + target.name + "\"")
              + " is forbidden: User \""
              + user.get().name()
              + "\" cannot "
              + verb
              + " resource \""
              + resourceName
              + "\" in API group \""
              + group
              + "\""
              + where,
          forbiddenDetails(target));
    }
    int fault = server.faults().errorFor(target.type.resource());
    if (fault != 0) {
      drain(ex);
      sendFault(ex, fault);
      return false;
    }
    server.counters().record(verb, resourceName);
    if (target.type.equals(BuiltinTypes.SELF_SUBJECT_REVIEWS)) {
      if (!verb.equals("create")) {
        throw StatusException.methodNotAllowed(
            "the server does not allow this method on the requested resource");
      }
      drain(ex);
      sendJson(ex, 201, selfSubjectReview(user.get()));
      return false;
    }
    if ("All".equals(query.get("dryRun"))
        && !verb.equals("get")
        && !verb.equals("list")
        && !verb.equals("watch")) {
      return store.dryRun(
          () -> {
            try {
              return dispatch(ex, target, verb, query);
            } catch (IOException e) {
              throw new java.io.UncheckedIOException(e);
            }
          });
    }
    return dispatch(ex, target, verb, query);
  }

  private static JsonObject selfSubjectReview(UserInfo user) {
    JsonObject review = new JsonObject();
    review.addProperty("kind", "SelfSubjectReview");
    review.addProperty("apiVersion", "authentication.k8s.io/v1");
    JsonObject meta = new JsonObject();
    meta.add("creationTimestamp", com.google.gson.JsonNull.INSTANCE);
    review.add("metadata", meta);
    JsonObject info = new JsonObject();
    info.addProperty("username", user.name());
    JsonArray groups = new JsonArray();
    user.groups().forEach(groups::add);
    info.add("groups", groups);
    JsonObject status = new JsonObject();
    status.add("userInfo", info);
    review.add("status", status);
    return review;
  }

  private static JsonObject forbiddenDetails(Target t) {
    JsonObject d = new JsonObject();
    if (t.name != null) {
      d.addProperty("name", t.name);
    }
    if (!t.type.group().isEmpty()) {
      d.addProperty("group", t.type.group());
    }
    d.addProperty("kind", t.type.resource());
    return d;
  }

  private void sendFault(HttpExchange ex, int code) {
    String reason =
        switch (code) {
          case 429 -> "TooManyRequests";
          case 503 -> "ServiceUnavailable";
          case 504 -> "Timeout";
          default -> "InternalError";
        };
    JsonObject details = null;
    if (code == 429 || code == 503) {
      ex.getResponseHeaders().set("Retry-After", "1");
      details = new JsonObject();
      details.addProperty("retryAfterSeconds", 1);
    }
    String message =
        code == 429
            ? "Too many requests, please try again later."
            : code == 503
                ? "the server is currently unable to handle the request"
                : "Internal error occurred: injected fault";
    sendJson(ex, code, new StatusException(code, reason, message, details).toStatus());
  }

  private static StatusException notFoundPath() {
    return new StatusException(
        404, "NotFound", "the server could not find the requested resource", null);
  }

  private Target parseTarget(String group, String version, List<String> rest) {
    boolean watchPath = false;
    if (!rest.isEmpty() && rest.get(0).equals("watch")) {
      watchPath = true;
      rest = rest.subList(1, rest.size());
    }
    String namespace = null;
    if (rest.size() >= 3
        && rest.get(0).equals("namespaces")
        && !(rest.size() == 3
            && (rest.get(2).equals("status") || rest.get(2).equals("finalize")))) {
      namespace = rest.get(1);
      rest = rest.subList(2, rest.size());
    }
    if (group.isEmpty()
        && version.equals("v1")
        && namespace != null
        && !watchPath
        && rest.equals(List.of("bindings"))) {
      return new Target(BuiltinTypes.PODS, namespace, null, "binding", false, true);
    }
    if (rest.isEmpty() || rest.size() > 3) {
      throw notFoundPath();
    }
    String resource = rest.get(0);
    ResourceType type = store.type(group, version, resource).orElseThrow(HttpFront::notFoundPath);
    if (type.namespaced() != (namespace != null) && !(type.namespaced() && rest.size() == 1)) {
      throw notFoundPath();
    }
    String name = rest.size() >= 2 ? rest.get(1) : null;
    String sub = rest.size() == 3 ? rest.get(2) : null;
    if (sub != null) {
      boolean ok =
          (sub.equals("status") && type.statusSubresource())
              || (type.equals(BuiltinTypes.PODS) && (sub.equals("log") || sub.equals("binding")))
              || (type.equals(BuiltinTypes.NAMESPACES) && sub.equals("finalize"));
      if (!ok) {
        throw notFoundPath();
      }
    }
    return new Target(type, namespace, name, sub, watchPath, false);
  }

  private static String verb(String method, Target t, Map<String, String> query) {
    boolean watch = t.watchPath || isTrue(query.get("watch"));
    return switch (method) {
      case "GET", "HEAD" -> watch ? "watch" : t.name == null ? "list" : "get";
      case "POST" -> "create";
      case "PUT" -> "update";
      case "PATCH" -> "patch";
      case "DELETE" -> t.name == null ? "deletecollection" : "delete";
      default ->
          throw StatusException.methodNotAllowed(
              "the server does not allow this method on the requested resource");
    };
  }

  private boolean dispatch(HttpExchange ex, Target t, String verb, Map<String, String> query)
      throws IOException {
    ResourceType type = t.type;
    String tableInclude = wantsTable(ex) ? query.getOrDefault("includeObject", "Metadata") : null;
    boolean status = "status".equals(t.subresource);
    if (t.bindings && !verb.equals("create")) {
      throw StatusException.methodNotAllowed(
          "the server does not allow this method on the requested resource");
    }
    switch (verb) {
      case "get" -> {
        if ("log".equals(t.subresource)) {
          return PodLogStream.serve(ex, server, t.namespace, t.name, query);
        }
        JsonObject o = store.get(type, t.namespace, t.name);
        if (tableInclude != null) {
          sendJson(
              ex, 200, Tables.table(type, List.of(o), null, tableInclude, store.clock().instant()));
        } else {
          sendJson(ex, 200, o);
        }
        return false;
      }
      case "list" -> {
        ListResult r =
            store.list(
                type,
                t.namespace,
                new ListOptions(
                    query.get("labelSelector"),
                    query.get("fieldSelector"),
                    parseLong(query.get("limit"), 0),
                    query.get("continue"),
                    query.get("resourceVersion"),
                    query.get("resourceVersionMatch")));
        JsonObject list = r.toJson(type);
        if (tableInclude != null) {
          sendJson(
              ex,
              200,
              Tables.table(
                  type,
                  r.items(),
                  list.getAsJsonObject("metadata"),
                  tableInclude,
                  store.clock().instant()));
        } else {
          sendJson(ex, 200, list);
        }
        return false;
      }
      case "watch" -> {
        return startWatch(ex, t, query, tableInclude);
      }
      case "create" -> {
        if ("binding".equals(t.subresource)) {
          JsonObject binding = body(ex);
          String pod = t.name != null ? t.name : Json.str(Json.meta(binding), "name");
          if (pod.isEmpty()) {
            throw StatusException.invalid(
                type, pod, "metadata.name", "Required value: name of the pod to bind");
          }
          bind(type, t.namespace, pod, binding);
          JsonObject ok = success(type, pod, null);
          sendJson(ex, 201, ok);
          return false;
        }
        if (t.name != null) {
          throw StatusException.methodNotAllowed(
              "the server does not allow this method on the requested resource");
        }
        JsonObject created = store.create(type, t.namespace, body(ex));
        sendJson(ex, 201, created);
        return false;
      }
      case "update" -> {
        JsonObject body = body(ex);
        JsonObject updated =
            status
                ? store.updateStatus(type, t.namespace, withName(body, t.name))
                : store.update(type, t.namespace, withName(body, t.name));
        sendJson(ex, 200, updated);
        return false;
      }
      case "patch" -> {
        Patches.Type pt = Patches.Type.of(ex.getRequestHeaders().getFirst("Content-Type"));
        String body = new String(ex.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
        boolean existed = store.find(type, t.namespace, t.name).isPresent();
        JsonObject patched = store.patch(type, t.namespace, t.name, pt, body, status);
        sendJson(ex, existed ? 200 : 201, patched);
        return false;
      }
      case "delete" -> {
        DeleteOptions opts = deleteOptions(ex, query);
        DeleteResult r = store.delete(type, t.namespace, t.name, opts);
        if (!r.deleted()
            || RETURNS_DELETED_OBJECT.contains(type.resource())
            || store.isCustom(type)) {
          sendJson(ex, 200, r.object());
        } else {
          sendJson(ex, 200, success(type, t.name, Json.str(Json.meta(r.object()), "uid")));
        }
        return false;
      }
      case "deletecollection" -> {
        DeleteOptions opts = deleteOptions(ex, query);
        List<JsonObject> deleted =
            store.deleteCollection(
                type,
                t.namespace,
                new ListOptions(
                    query.get("labelSelector"), query.get("fieldSelector"), 0, null, null, null),
                opts);
        sendJson(ex, 200, new ListResult(deleted, store.revision(), null, null).toJson(type));
        return false;
      }
      default -> throw notFoundPath();
    }
  }

  private static JsonObject withName(JsonObject body, String name) {
    if (Json.str(Json.meta(body), "name").isEmpty()) {
      Json.metaForWrite(body).addProperty("name", name);
    }
    return body;
  }

  private static JsonObject success(ResourceType type, String name, String uid) {
    JsonObject s = new JsonObject();
    s.addProperty("kind", "Status");
    s.addProperty("apiVersion", "v1");
    s.add("metadata", new JsonObject());
    s.addProperty("status", "Success");
    JsonObject d = new JsonObject();
    d.addProperty("name", name);
    if (!type.group().isEmpty()) {
      d.addProperty("group", type.group());
    }
    d.addProperty("kind", type.resource());
    if (uid != null && !uid.isEmpty()) {
      d.addProperty("uid", uid);
    }
    s.add("details", d);
    return s;
  }

  private void bind(ResourceType type, String namespace, String name, JsonObject binding) {
    String node = Json.str(Json.obj(binding, "target"), "name");
    if (node.isEmpty()) {
      throw StatusException.invalid(type, name, "target.name", "\"\": must be a node name");
    }
    JsonObject pod = store.get(type, namespace, name);
    String current = Json.str(Json.obj(pod, "spec"), "nodeName");
    if (!current.isEmpty()) {
      throw StatusException.conflict(
          type, name, "pod " + name + " is already assigned to node \"" + current + "\"");
    }
    JsonObject spec = Json.obj(pod, "spec");
    spec.addProperty("nodeName", node);
    pod.add("spec", spec);
    store.update(type, namespace, pod);
    JsonObject cond = new JsonObject();
    cond.addProperty("type", "PodScheduled");
    cond.addProperty("status", "True");
    cond.addProperty(
        "lastTransitionTime",
        java.time.format.DateTimeFormatter.ISO_INSTANT.format(
            store.clock().instant().truncatedTo(java.time.temporal.ChronoUnit.SECONDS)));
    JsonObject patch = new JsonObject();
    JsonObject st = new JsonObject();
    JsonArray conds = new JsonArray();
    conds.add(cond);
    st.add("conditions", conds);
    patch.add("status", st);
    store.patch(type, namespace, name, Patches.Type.STRATEGIC, patch.toString(), true);
  }

  private DeleteOptions deleteOptions(HttpExchange ex, Map<String, String> query)
      throws IOException {
    byte[] bytes = ex.getRequestBody().readAllBytes();
    String raw = new String(bytes, StandardCharsets.UTF_8).trim();
    JsonObject body =
        raw.isEmpty()
            ? new JsonObject()
            : ProtobufBodies.isProtobuf(ex.getRequestHeaders().getFirst("Content-Type"))
                ? ProtobufBodies.decode(bytes)
                : parseObject(raw);
    Long grace = null;
    if (body.has("gracePeriodSeconds") && !body.get("gracePeriodSeconds").isJsonNull()) {
      grace = body.get("gracePeriodSeconds").getAsLong();
    } else if (query.containsKey("gracePeriodSeconds")) {
      grace = parseLong(query.get("gracePeriodSeconds"), 0);
    }
    String policy =
        !Json.str(body, "propagationPolicy").isEmpty()
            ? Json.str(body, "propagationPolicy")
            : query.get("propagationPolicy");
    JsonElement orphan = body.has("orphanDependents") ? body.get("orphanDependents") : null;
    if (policy == null && orphan != null && !orphan.isJsonNull()) {
      policy = orphan.getAsBoolean() ? "Orphan" : "Background";
    } else if (policy == null && query.containsKey("orphanDependents")) {
      policy = isTrue(query.get("orphanDependents")) ? "Orphan" : "Background";
    }
    JsonObject pre = Json.obj(body, "preconditions");
    String uid = Json.str(pre, "uid");
    String rv = Json.str(pre, "resourceVersion");
    return new DeleteOptions(grace, policy, uid.isEmpty() ? null : uid, rv.isEmpty() ? null : rv);
  }

  private boolean startWatch(
      HttpExchange ex, Target t, Map<String, String> query, String tableInclude)
      throws IOException {
    String fieldSelector = query.get("fieldSelector");
    if (t.name != null) {
      String byName = "metadata.name=" + t.name;
      fieldSelector =
          fieldSelector == null || fieldSelector.isEmpty() ? byName : fieldSelector + "," + byName;
    }
    // Validate before the 200 goes out, so bad input still gets a Status response.
    Selector.labels(query.get("labelSelector"));
    Selector.fields(fieldSelector);
    String rv = query.get("resourceVersion");
    if (rv != null && !rv.isEmpty()) {
      try {
        Long.parseLong(rv);
      } catch (NumberFormatException e) {
        throw StatusException.badRequest("invalid resource version: " + rv);
      }
    }
    ex.getResponseHeaders().set("Content-Type", "application/json");
    ex.getResponseHeaders().set("Cache-Control", "no-cache, private");
    ex.sendResponseHeaders(200, 0);
    HttpWatch stream = new HttpWatch(server, ex, t.type, tableInclude);
    if (server.faults().takeGoneOnNextWatch()) {
      stream.onEvent(
          new WatchEvent(
              WatchEvent.ERROR,
              StatusException.gone("too old resource version: " + rv).toStatus(),
              null,
              store.revision(),
              null));
      stream.onClose();
      return true;
    }
    WatchOptions options =
        new WatchOptions(
            query.get("labelSelector"),
            fieldSelector,
            rv,
            isTrue(query.get("allowWatchBookmarks")),
            isTrue(query.get("sendInitialEvents")));
    server.registerHttpWatch(stream);
    try {
      stream.attach(store.watch(t.type, t.namespace, options, stream));
    } catch (StatusException e) {
      stream.onEvent(new WatchEvent(WatchEvent.ERROR, e.toStatus(), null, store.revision(), null));
      stream.onClose();
      return true;
    }
    long timeout = parseLong(query.get("timeoutSeconds"), 1800);
    server.schedule(stream::close, timeout * 1000);
    return true;
  }

  // ---------------------------------------------------------------------------------------------
  // Plumbing

  private static boolean isTrue(String v) {
    return v != null && (v.equals("1") || v.equalsIgnoreCase("true"));
  }

  private static long parseLong(String v, long dflt) {
    if (v == null || v.isEmpty()) {
      return dflt;
    }
    try {
      return Long.parseLong(v);
    } catch (NumberFormatException e) {
      throw StatusException.badRequest("invalid number: " + v);
    }
  }

  private static boolean wantsTable(HttpExchange ex) {
    String accept = ex.getRequestHeaders().getFirst("Accept");
    return accept != null && accept.contains("as=Table");
  }

  /** "apidiscovery.k8s.io/v2" (or v2beta1) when the client asks for aggregated discovery. */
  private static String aggregatedVersion(HttpExchange ex) {
    String accept = ex.getRequestHeaders().getFirst("Accept");
    if (accept == null || !accept.contains("as=APIGroupDiscoveryList")) {
      return null;
    }
    for (String part : accept.split(",")) {
      if (part.contains("as=APIGroupDiscoveryList") && part.contains("g=apidiscovery.k8s.io")) {
        if (part.contains("v=v2beta1")) {
          return "apidiscovery.k8s.io/v2beta1";
        }
        if (part.contains("v=v2")) {
          return "apidiscovery.k8s.io/v2";
        }
      }
    }
    return null;
  }

  private void sendAggregated(HttpExchange ex, JsonObject doc) {
    String v = Json.str(doc, "apiVersion").substring("apidiscovery.k8s.io/".length());
    send(
        ex,
        200,
        "application/json;g=apidiscovery.k8s.io;v=" + v + ";as=APIGroupDiscoveryList",
        doc.toString().getBytes(StandardCharsets.UTF_8));
  }

  private JsonObject body(HttpExchange ex) throws IOException {
    byte[] bytes = ex.getRequestBody().readAllBytes();
    if (ProtobufBodies.isProtobuf(ex.getRequestHeaders().getFirst("Content-Type"))) {
      return ProtobufBodies.decode(bytes);
    }
    String raw = new String(bytes, StandardCharsets.UTF_8);
    if (raw.isBlank()) {
      throw StatusException.badRequest("the request body is empty");
    }
    return parseObject(raw);
  }

  private static JsonObject parseObject(String raw) {
    try {
      String trimmed = raw.trim();
      JsonElement e =
          trimmed.startsWith("{")
              ? JsonParser.parseString(trimmed)
              : dev.hubflow.model.Codec.readTrees(raw, "request body").get(0);
      if (!e.isJsonObject()) {
        throw StatusException.badRequest("the request body must be an object");
      }
      return e.getAsJsonObject();
    } catch (RuntimeException e) {
      if (e instanceof StatusException se) {
        throw se;
      }
      throw StatusException.badRequest("error decoding the request body: " + e.getMessage());
    }
  }

  private static void drain(HttpExchange ex) {
    try {
      ex.getRequestBody().readAllBytes();
    } catch (IOException ignored) {
      // the response is an error anyway
    }
  }

  void sendJson(HttpExchange ex, int code, JsonObject body) {
    send(ex, code, "application/json", body.toString().getBytes(StandardCharsets.UTF_8));
  }

  void sendText(HttpExchange ex, int code, String text) {
    send(ex, code, "text/plain; charset=utf-8", text.getBytes(StandardCharsets.UTF_8));
  }

  void send(HttpExchange ex, int code, String contentType, byte[] bytes) {
    try {
      ex.getResponseHeaders().set("Content-Type", contentType);
      ex.getResponseHeaders().set("Cache-Control", "no-cache, private");
      boolean head = ex.getRequestMethod().equals("HEAD");
      ex.sendResponseHeaders(code, head ? -1 : bytes.length == 0 ? -1 : bytes.length);
      if (!head && bytes.length > 0) {
        try (OutputStream out = ex.getResponseBody()) {
          out.write(bytes);
        }
      }
    } catch (IOException e) {
      LOG.debug("cluster {}: client went away before the response", store.clusterName(), e);
    }
  }

  private static Map<String, String> query(String raw) {
    Map<String, String> out = new HashMap<>();
    if (raw == null || raw.isEmpty()) {
      return out;
    }
    for (String pair : raw.split("&")) {
      int eq = pair.indexOf('=');
      String k = URLDecoder.decode(eq < 0 ? pair : pair.substring(0, eq), StandardCharsets.UTF_8);
      String v = eq < 0 ? "" : URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8);
      out.putIfAbsent(k, v);
    }
    return out;
  }

  private static RequestHeaders headers(HttpExchange ex) {
    return new RequestHeaders() {
      @Override
      public Optional<String> header(String name) {
        return Optional.ofNullable(ex.getRequestHeaders().getFirst(name));
      }

      @Override
      public List<X509Certificate> clientCertificates() {
        if (!(ex instanceof HttpsExchange https)) {
          return List.of();
        }
        try {
          Certificate[] chain = https.getSSLSession().getPeerCertificates();
          return Arrays.stream(chain)
              .filter(X509Certificate.class::isInstance)
              .map(X509Certificate.class::cast)
              .toList();
        } catch (SSLPeerUnverifiedException e) {
          return List.of();
        }
      }
    };
  }
}
