package dev.hubflow.testkit.apiserver.store;

import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Instant;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.NavigableMap;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.UUID;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One cluster's objects, kept as JSON trees, with the API server's semantics: one resource-version
 * counter, watches with a bounded history (410 Gone beyond it), status subresources, generation,
 * finalizers, graceful pod deletion, owner-reference garbage collection and namespace lifecycle.
 *
 * <p>In-process callers (the simulated kubelet) use it directly; the HTTP front end is a thin layer
 * over it, so writes from either side reach watchers on both.
 */
public final class ResourceStore implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(ResourceStore.class);
  private static final DateTimeFormatter RFC3339 = DateTimeFormatter.ISO_INSTANT;
  private static final char[] NAME_CHARS = "bcdfghjklmnpqrstvwxz2456789".toCharArray();
  private static final String SUBDOMAIN =
      "[a-z0-9]([-a-z0-9]*[a-z0-9])?(\\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*";
  private static final String LABEL = "[a-z0-9]([-a-z0-9]*[a-z0-9])?";

  private static final ThreadLocal<Boolean> DRY_RUN = ThreadLocal.withInitial(() -> false);

  private final Object lock = new Object();
  private final Clock clock;
  private final String clusterName;
  private final int historyLimit;
  private final SecureRandom random = new SecureRandom();

  private long revision = 1;
  private long compactedRevision = 0;
  private final Map<String, ResourceType> typesByGvr = new LinkedHashMap<>();
  private final Set<String> customKeys = new HashSet<>();
  private final Map<String, TreeMap<String, JsonObject>> objects = new HashMap<>();
  private final ArrayDeque<Stored> history = new ArrayDeque<>();
  private final Map<String, CopyOnWriteArrayList<Subscription>> subscriptions = new HashMap<>();
  private final Map<String, ObjectRef> byUid = new HashMap<>();
  private final Map<String, Set<ObjectRef>> dependents = new HashMap<>();

  private final ExecutorService delivery;
  private final ExecutorService background;
  private final ScheduledExecutorService timers;
  private final List<Consumer<WatchEvent>> committedListeners = new CopyOnWriteArrayList<>();
  private final GarbageCollector collector = new GarbageCollector(this);
  private volatile boolean closed;

  /** Where an object lives. */
  record ObjectRef(String key, String namespace, String name) {}

  private record Stored(String key, WatchEvent event) {}

  public ResourceStore(String clusterName, Clock clock, int historyLimit) {
    this.clusterName = clusterName;
    this.clock = clock;
    this.historyLimit = historyLimit;
    AtomicInteger n = new AtomicInteger();
    this.delivery =
        Executors.newFixedThreadPool(
            4, r -> daemon(r, "apiserver-" + clusterName + "-watch-" + n.incrementAndGet()));
    this.background =
        Executors.newSingleThreadExecutor(r -> daemon(r, "apiserver-" + clusterName + "-gc"));
    this.timers =
        Executors.newSingleThreadScheduledExecutor(
            r -> daemon(r, "apiserver-" + clusterName + "-timer"));
    for (ResourceType t : BuiltinTypes.builtins()) {
      register(t, false);
    }
    for (String ns : List.of("default", "kube-system", "kube-public", "kube-node-lease")) {
      JsonObject o = new JsonObject();
      o.addProperty("apiVersion", "v1");
      o.addProperty("kind", "Namespace");
      JsonObject m = new JsonObject();
      m.addProperty("name", ns);
      o.add("metadata", m);
      create(BuiltinTypes.NAMESPACES, null, o);
    }
  }

  private static Thread daemon(Runnable r, String name) {
    Thread t = new Thread(r, name);
    t.setDaemon(true);
    return t;
  }

  public String clusterName() {
    return clusterName;
  }

  public Clock clock() {
    return clock;
  }

  /** The newest resource version. */
  public long revision() {
    synchronized (lock) {
      return revision;
    }
  }

  // ---------------------------------------------------------------------------------------------
  // Types

  /** Every served type, in registration order. */
  public List<ResourceType> types() {
    synchronized (lock) {
      return List.copyOf(typesByGvr.values());
    }
  }

  /** Creates the Argo CRDs (as {@code kubectl apply} of Argo's manifests would). */
  public void installArgoCrds() {
    for (ResourceType t : BuiltinTypes.argo()) {
      if (type(t.group(), t.version(), t.resource()).isEmpty()) {
        create(BuiltinTypes.CRDS, null, BuiltinTypes.crdFor(t));
      }
    }
  }

  public boolean isCustom(ResourceType type) {
    synchronized (lock) {
      return customKeys.contains(type.storageKey());
    }
  }

  public Optional<ResourceType> type(String group, String version, String resource) {
    synchronized (lock) {
      return Optional.ofNullable(typesByGvr.get(group + "/" + version + "/" + resource));
    }
  }

  /**
   * The type serving {@code kind} in {@code apiVersion}, e.g. ("argoproj.io/v1alpha1", "Workflow").
   */
  public Optional<ResourceType> typeForKind(String apiVersion, String kind) {
    synchronized (lock) {
      for (ResourceType t : typesByGvr.values()) {
        if (t.apiVersion().equals(apiVersion) && t.kind().equals(kind)) {
          return Optional.of(t);
        }
      }
      return Optional.empty();
    }
  }

  private void register(ResourceType type, boolean custom) {
    typesByGvr.put(type.group() + "/" + type.version() + "/" + type.resource(), type);
    objects.computeIfAbsent(type.storageKey(), k -> new TreeMap<>());
    subscriptions.computeIfAbsent(type.storageKey(), k -> new CopyOnWriteArrayList<>());
    if (custom) {
      customKeys.add(type.storageKey());
    }
  }

  private ResourceType checkServed(ResourceType type) {
    if (!typesByGvr.containsKey(type.group() + "/" + type.version() + "/" + type.resource())) {
      throw new StatusException(
          404, "NotFound", "the server could not find the requested resource", null);
    }
    return type;
  }

  // ---------------------------------------------------------------------------------------------
  // Reads

  public Optional<JsonObject> find(ResourceType type, String namespace, String name) {
    synchronized (lock) {
      checkServed(type);
      JsonObject o = objects.get(type.storageKey()).get(key(type, namespace, name));
      return Optional.ofNullable(o).map(JsonObject::deepCopy);
    }
  }

  public JsonObject get(ResourceType type, String namespace, String name) {
    return find(type, namespace, name).orElseThrow(() -> StatusException.notFound(type, name));
  }

  /** A list page; {@code namespace} null lists all namespaces. */
  public ListResult list(ResourceType type, String namespace, ListOptions options) {
    Selector labels = Selector.labels(options.labelSelector());
    Selector fields = Selector.fields(options.fieldSelector());
    synchronized (lock) {
      checkServed(type);
      long listRevision = revision;
      NavigableMap<String, JsonObject> all = objects.get(type.storageKey());
      String start = null;
      if (options.continueToken() != null && !options.continueToken().isEmpty()) {
        JsonObject token = decodeContinue(options.continueToken());
        listRevision = token.get("rv").getAsLong();
        if (listRevision < compactedRevision) {
          throw StatusException.gone(
              "The provided continue parameter is too old to display a consistent list result."
                  + " You can start a new list without the continue parameter.");
        }
        start = Json.str(token, "start");
      } else if ("Exact".equals(options.resourceVersionMatch())
          && options.resourceVersion() != null) {
        long asked = parseRevision(options.resourceVersion());
        if (asked < compactedRevision) {
          throw StatusException.gone(
              "too old resource version: " + asked + " (" + compactedRevision + ")");
        }
      }
      NavigableMap<String, JsonObject> range = all;
      if (namespace != null && type.namespaced()) {
        range = all.subMap(namespace + "/", true, namespace + "/\uffff", false);
      }
      if (start != null) {
        range = range.tailMap(start, true);
      }
      List<JsonObject> items = new ArrayList<>();
      String next = null;
      long remaining = 0;
      for (Map.Entry<String, JsonObject> e : range.entrySet()) {
        JsonObject o = e.getValue();
        if (!labels.test(o) || !fields.test(o)) {
          continue;
        }
        if (options.limit() > 0 && items.size() >= options.limit()) {
          if (next == null) {
            next = e.getKey();
          }
          remaining++;
          continue;
        }
        items.add(o.deepCopy());
      }
      String token = next == null ? null : encodeContinue(listRevision, next);
      return new ListResult(items, listRevision, token, next == null ? null : remaining);
    }
  }

  private static String encodeContinue(long rv, String start) {
    JsonObject t = new JsonObject();
    t.addProperty("v", "meta.k8s.io/v1");
    t.addProperty("rv", rv);
    t.addProperty("start", start);
    return Base64.getUrlEncoder()
        .withoutPadding()
        .encodeToString(t.toString().getBytes(StandardCharsets.UTF_8));
  }

  private static JsonObject decodeContinue(String token) {
    try {
      JsonObject t =
          JsonParser.parseString(
                  new String(Base64.getUrlDecoder().decode(token), StandardCharsets.UTF_8))
              .getAsJsonObject();
      if (!t.has("rv") || !t.has("start")) {
        throw new IllegalArgumentException("incomplete");
      }
      return t;
    } catch (RuntimeException e) {
      throw StatusException.badRequest("continue key is not valid: " + e.getMessage());
    }
  }

  static long parseRevision(String rv) {
    try {
      return Long.parseLong(rv);
    } catch (NumberFormatException e) {
      throw StatusException.badRequest("invalid resource version: " + rv);
    }
  }

  private static String key(ResourceType type, String namespace, String name) {
    return type.namespaced() ? namespace + "/" + name : "/" + name;
  }

  // ---------------------------------------------------------------------------------------------
  // Writes

  /** Creates {@code object} (a copy is stored); returns the stored object. */
  public JsonObject create(ResourceType type, String namespace, JsonObject object) {
    JsonObject o = object.deepCopy();
    synchronized (lock) {
      checkServed(type);
      prepareIdentity(type, namespace, o, null);
      JsonObject meta = Json.metaForWrite(o);
      String ns = type.namespaced() ? Json.str(meta, "namespace") : null;
      if (type.namespaced()) {
        requireNamespaceAcceptsCreate(ns);
      }
      String name = Json.str(meta, "name");
      String generateName = Json.str(meta, "generateName");
      TreeMap<String, JsonObject> map = objects.get(type.storageKey());
      if (name.isEmpty()) {
        if (generateName.isEmpty()) {
          throw StatusException.invalid(
              type, "", "metadata.name", "name or generateName is required");
        }
        for (int attempt = 0; attempt < 8; attempt++) {
          String candidate = generateName + randomSuffix();
          if (!map.containsKey(key(type, ns, candidate))) {
            name = candidate;
            break;
          }
        }
        meta.addProperty("name", name);
      }
      validateName(type, name);
      if (map.containsKey(key(type, ns, name))) {
        throw StatusException.alreadyExists(type, name);
      }
      meta.addProperty("uid", UUID.randomUUID().toString());
      meta.addProperty("creationTimestamp", now());
      meta.remove("deletionTimestamp");
      meta.remove("deletionGracePeriodSeconds");
      meta.remove("resourceVersion");
      if (type.tracksGeneration()) {
        meta.addProperty("generation", 1);
      } else {
        meta.remove("generation");
      }
      if (type.statusSubresource() && customKeys.contains(type.storageKey())) {
        o.remove("status");
      }
      Admission.onCreate(type, o, this);
      return commit(type, ns, name, o, WatchEvent.ADDED, null).deepCopy();
    }
  }

  /** Replaces an object (PUT); honours {@code metadata.resourceVersion} as a precondition. */
  public JsonObject update(ResourceType type, String namespace, JsonObject object) {
    return update(type, namespace, object, false);
  }

  /** Replaces only the status (PUT on {@code /status}). */
  public JsonObject updateStatus(ResourceType type, String namespace, JsonObject object) {
    return update(type, namespace, object, true);
  }

  private JsonObject update(
      ResourceType type, String namespace, JsonObject object, boolean status) {
    JsonObject o = object.deepCopy();
    synchronized (lock) {
      checkServed(type);
      if (status && !type.statusSubresource()) {
        throw new StatusException(
            404, "NotFound", "the server could not find the requested resource", null);
      }
      JsonObject meta = Json.metaForWrite(o);
      String name = Json.str(meta, "name");
      prepareIdentity(type, namespace, o, name);
      String ns = type.namespaced() ? Json.str(meta, "namespace") : null;
      JsonObject existing = objects.get(type.storageKey()).get(key(type, ns, name));
      if (existing == null) {
        throw StatusException.notFound(type, name);
      }
      return write(type, ns, existing, o, status).deepCopy();
    }
  }

  /**
   * Applies a patch (see {@link Patches.Type}) to the object or, with {@code status}, its status.
   */
  public JsonObject patch(
      ResourceType type,
      String namespace,
      String name,
      Patches.Type patchType,
      String body,
      boolean status) {
    synchronized (lock) {
      checkServed(type);
      if (status && !type.statusSubresource()) {
        throw new StatusException(
            404, "NotFound", "the server could not find the requested resource", null);
      }
      String ns = type.namespaced() ? namespace : null;
      JsonObject existing = objects.get(type.storageKey()).get(key(type, ns, name));
      if (existing == null) {
        if (patchType == Patches.Type.APPLY && !status) {
          JsonElement applied = Patches.parseApplyBody(body);
          if (!applied.isJsonObject()) {
            throw StatusException.badRequest("an apply patch must be an object");
          }
          JsonObject created = applied.getAsJsonObject();
          Json.metaForWrite(created).addProperty("name", name);
          return create(type, namespace, created);
        }
        throw StatusException.notFound(type, name);
      }
      JsonObject patched =
          Patches.apply(patchType, existing, body, customKeys.contains(type.storageKey()));
      JsonObject meta = Json.metaForWrite(patched);
      if (!name.equals(Json.str(meta, "name"))) {
        throw StatusException.badRequest(
            "the name of the object ("
                + Json.str(meta, "name")
                + ") does not match the name on the URL ("
                + name
                + ")");
      }
      if (patchType == Patches.Type.APPLY) {
        meta.addProperty("resourceVersion", Json.str(Json.meta(existing), "resourceVersion"));
      }
      prepareIdentity(type, namespace, patched, name);
      return write(type, ns, existing, patched, status).deepCopy();
    }
  }

  /** Convenience: a JSON merge patch. */
  public JsonObject mergePatch(ResourceType type, String namespace, String name, JsonObject patch) {
    return patch(type, namespace, name, Patches.Type.MERGE, patch.toString(), false);
  }

  /** Convenience: a JSON merge patch of the status subresource. */
  public JsonObject mergePatchStatus(
      ResourceType type, String namespace, String name, JsonObject patch) {
    return patch(type, namespace, name, Patches.Type.MERGE, patch.toString(), true);
  }

  private JsonObject write(
      ResourceType type, String ns, JsonObject existing, JsonObject o, boolean status) {
    JsonObject meta = Json.metaForWrite(o);
    JsonObject oldMeta = Json.meta(existing);
    String name = Json.str(oldMeta, "name");
    String rv = Json.str(meta, "resourceVersion");
    if (!rv.isEmpty() && !rv.equals(Json.str(oldMeta, "resourceVersion"))) {
      throw StatusException.conflict(
          type,
          name,
          "the object has been modified; please apply your changes to the latest version and try"
              + " again");
    }
    JsonObject next;
    if (status) {
      next = existing.deepCopy();
      if (o.has("status")) {
        next.add("status", o.get("status").deepCopy());
      } else {
        next.remove("status");
      }
    } else {
      next = o;
      if (type.statusSubresource()) {
        if (existing.has("status")) {
          next.add("status", existing.get("status").deepCopy());
        } else {
          next.remove("status");
        }
      }
    }
    JsonObject nextMeta = Json.metaForWrite(next);
    for (String immutable :
        List.of("uid", "creationTimestamp", "deletionTimestamp", "deletionGracePeriodSeconds")) {
      if (oldMeta.has(immutable)) {
        nextMeta.add(immutable, oldMeta.get(immutable).deepCopy());
      } else {
        nextMeta.remove(immutable);
      }
    }
    if (oldMeta.has("generation")) {
      nextMeta.add("generation", oldMeta.get("generation").deepCopy());
    }
    nextMeta.addProperty("resourceVersion", Json.str(oldMeta, "resourceVersion"));
    if (!Json.str(oldMeta, "deletionTimestamp").isEmpty()) {
      for (JsonElement f : Json.arr(nextMeta, "finalizers")) {
        if (!Json.arr(oldMeta, "finalizers").contains(f)) {
          throw StatusException.forbidden(
              type, name, "no new finalizers can be added if the object is being deleted");
        }
      }
    }
    Admission.onUpdate(type, existing, next);
    if (next.equals(existing)) {
      return existing;
    }
    if (type.tracksGeneration() && specChanged(type, existing, next)) {
      nextMeta.addProperty(
          "generation", oldMeta.has("generation") ? oldMeta.get("generation").getAsLong() + 1 : 1);
    }
    if (!Json.str(nextMeta, "deletionTimestamp").isEmpty()
        && Json.arr(nextMeta, "finalizers").isEmpty()
        && !isGracefullyTerminating(type, next)) {
      return commit(type, ns, name, next, WatchEvent.DELETED, existing);
    }
    return commit(type, ns, name, next, WatchEvent.MODIFIED, existing);
  }

  private static boolean isGracefullyTerminating(ResourceType type, JsonObject o) {
    JsonElement grace = Json.meta(o).get("deletionGracePeriodSeconds");
    return type.equals(BuiltinTypes.PODS) && grace != null && grace.getAsLong() > 0;
  }

  private static boolean specChanged(ResourceType type, JsonObject a, JsonObject b) {
    JsonObject x = a.deepCopy();
    JsonObject y = b.deepCopy();
    x.remove("metadata");
    y.remove("metadata");
    if (type.statusSubresource()) {
      x.remove("status");
      y.remove("status");
    }
    return !x.equals(y);
  }

  /** Deletes with the kind's default options. */
  public DeleteResult delete(ResourceType type, String namespace, String name) {
    return delete(type, namespace, name, DeleteOptions.defaults());
  }

  public DeleteResult delete(
      ResourceType type, String namespace, String name, DeleteOptions options) {
    synchronized (lock) {
      checkServed(type);
      String ns = type.namespaced() ? namespace : null;
      JsonObject existing = objects.get(type.storageKey()).get(key(type, ns, name));
      if (existing == null) {
        throw StatusException.notFound(type, name);
      }
      JsonObject oldMeta = Json.meta(existing);
      if (options.uid() != null && !options.uid().equals(Json.str(oldMeta, "uid"))) {
        throw StatusException.conflict(
            type,
            name,
            "Precondition failed: UID in precondition: "
                + options.uid()
                + ", UID in object meta: "
                + Json.str(oldMeta, "uid"));
      }
      if (options.resourceVersion() != null
          && !options.resourceVersion().equals(Json.str(oldMeta, "resourceVersion"))) {
        throw StatusException.conflict(
            type,
            name,
            "Precondition failed: ResourceVersion in precondition: "
                + options.resourceVersion()
                + ", ResourceVersion in object meta: "
                + Json.str(oldMeta, "resourceVersion"));
      }
      JsonObject next = existing.deepCopy();
      JsonObject meta = Json.metaForWrite(next);
      JsonArray finalizers = Json.arr(meta, "finalizers").deepCopy();
      String policy = options.propagationPolicy();
      if ("Orphan".equals(policy) && !finalizers.contains(Json.string("orphan"))) {
        finalizers.add("orphan");
      } else if ("Foreground".equals(policy)
          && !finalizers.contains(Json.string("foregroundDeletion"))
          && hasDependents(Json.str(oldMeta, "uid"))) {
        finalizers.add("foregroundDeletion");
      }
      if (type.equals(BuiltinTypes.NAMESPACES)) {
        if (Json.str(oldMeta, "deletionTimestamp").isEmpty()) {
          meta.addProperty("deletionTimestamp", now());
          meta.addProperty("deletionGracePeriodSeconds", 0);
          Json.metaForWrite(next);
          JsonObject st = Json.obj(next, "status").deepCopy();
          st.addProperty("phase", "Terminating");
          next.add("status", st);
          commit(type, null, name, next, WatchEvent.MODIFIED, existing);
        }
        return new DeleteResult(
            objects.get(type.storageKey()).get(key(type, null, name)).deepCopy(), false);
      }
      long grace = 0;
      if (type.equals(BuiltinTypes.PODS)) {
        grace = podGracePeriod(existing, options);
      }
      if (grace > 0) {
        JsonElement oldGrace = oldMeta.get("deletionGracePeriodSeconds");
        if (oldGrace != null && oldGrace.getAsLong() <= grace) {
          return new DeleteResult(existing.deepCopy(), false);
        }
        meta.addProperty(
            "deletionTimestamp",
            RFC3339.format(clock.instant().plusSeconds(grace).truncatedTo(ChronoUnit.SECONDS)));
        meta.addProperty("deletionGracePeriodSeconds", grace);
        if (!finalizers.isEmpty()) {
          meta.add("finalizers", finalizers);
        }
        return new DeleteResult(
            commit(type, ns, name, next, WatchEvent.MODIFIED, existing).deepCopy(), false);
      }
      if (!finalizers.isEmpty()) {
        if (Json.str(oldMeta, "deletionTimestamp").isEmpty()) {
          meta.addProperty("deletionTimestamp", now());
        }
        meta.addProperty("deletionGracePeriodSeconds", 0);
        meta.add("finalizers", finalizers);
        if (next.equals(existing)) {
          return new DeleteResult(existing.deepCopy(), false);
        }
        return new DeleteResult(
            commit(type, ns, name, next, WatchEvent.MODIFIED, existing).deepCopy(), false);
      }
      return new DeleteResult(
          commit(type, ns, name, existing, WatchEvent.DELETED, existing).deepCopy(), true);
    }
  }

  private long podGracePeriod(JsonObject pod, DeleteOptions options) {
    String phase = Json.str(Json.obj(pod, "status"), "phase");
    if (Json.str(Json.obj(pod, "spec"), "nodeName").isEmpty()
        || phase.equals("Succeeded")
        || phase.equals("Failed")) {
      return 0;
    }
    if (options.gracePeriodSeconds() != null) {
      return Math.max(0, options.gracePeriodSeconds());
    }
    JsonElement g = Json.obj(pod, "spec").get("terminationGracePeriodSeconds");
    return g != null && g.isJsonPrimitive() ? g.getAsLong() : 30;
  }

  /** Deletes every matching object; returns what was deleted or marked for deletion. */
  public List<JsonObject> deleteCollection(
      ResourceType type, String namespace, ListOptions selection, DeleteOptions options) {
    List<JsonObject> out = new ArrayList<>();
    for (JsonObject o :
        list(
                type,
                namespace,
                new ListOptions(
                    selection.labelSelector(), selection.fieldSelector(), 0, null, null, null))
            .items()) {
      JsonObject meta = Json.meta(o);
      try {
        out.add(
            delete(type, Json.str(meta, "namespace"), Json.str(meta, "name"), options).object());
      } catch (StatusException e) {
        if (e.code() != 404) {
          throw e;
        }
      }
    }
    return out;
  }

  private boolean hasDependents(String uid) {
    Set<ObjectRef> d = dependents.get(uid);
    return d != null && !d.isEmpty();
  }

  // ---------------------------------------------------------------------------------------------
  // Commit, history and watches

  /**
   * Runs {@code write} as a server-side dry run ({@code dryRun=All}) on this thread: every check
   * and default applies, nothing is stored and no watcher hears of it.
   */
  public <T> T dryRun(java.util.function.Supplier<T> write) {
    DRY_RUN.set(true);
    try {
      return write.get();
    } finally {
      DRY_RUN.set(false);
    }
  }

  private JsonObject commit(
      ResourceType type,
      String ns,
      String name,
      JsonObject o,
      String eventType,
      JsonObject previous) {
    if (DRY_RUN.get()) {
      return o.deepCopy();
    }
    revision++;
    String k = key(type, ns, name);
    TreeMap<String, JsonObject> map = objects.get(type.storageKey());
    JsonObject stored;
    if (eventType.equals(WatchEvent.DELETED)) {
      stored = o.deepCopy();
      Json.metaForWrite(stored).addProperty("resourceVersion", Long.toString(revision));
      map.remove(k);
    } else {
      stored = o;
      Json.metaForWrite(stored).addProperty("resourceVersion", Long.toString(revision));
      map.put(k, stored);
    }
    index(type, ns, name, previous, eventType.equals(WatchEvent.DELETED) ? null : stored);
    WatchEvent event = new WatchEvent(eventType, stored, previous, revision, ns);
    history.addLast(new Stored(type.storageKey(), event));
    while (history.size() > historyLimit) {
      compactedRevision = history.removeFirst().event().revision();
    }
    for (Subscription s : subscriptions.get(type.storageKey())) {
      s.offer(event);
    }
    if (type.equals(BuiltinTypes.CRDS)) {
      onCrdCommitted(event);
    }
    if (!closed) {
      background.execute(() -> afterCommit(type, event));
    }
    return stored;
  }

  private void afterCommit(ResourceType type, WatchEvent event) {
    if (closed) {
      return;
    }
    try {
      collector.onEvent(type, event);
      for (Consumer<WatchEvent> l : committedListeners) {
        l.accept(event);
      }
    } catch (RuntimeException e) {
      LOG.warn("cluster {}: background processing of {} failed", clusterName, event.name(), e);
    }
  }

  private void index(
      ResourceType type, String ns, String name, JsonObject before, JsonObject after) {
    ObjectRef ref = new ObjectRef(type.storageKey(), ns, name);
    if (before != null) {
      byUid.remove(Json.str(Json.meta(before), "uid"));
      for (JsonElement owner : Json.arr(Json.meta(before), "ownerReferences")) {
        Set<ObjectRef> set = dependents.get(Json.str(owner.getAsJsonObject(), "uid"));
        if (set != null) {
          set.remove(ref);
          if (set.isEmpty()) {
            dependents.remove(Json.str(owner.getAsJsonObject(), "uid"));
          }
        }
      }
    }
    if (after != null) {
      byUid.put(Json.str(Json.meta(after), "uid"), ref);
      for (JsonElement owner : Json.arr(Json.meta(after), "ownerReferences")) {
        if (owner.isJsonObject()) {
          dependents
              .computeIfAbsent(Json.str(owner.getAsJsonObject(), "uid"), u -> new HashSet<>())
              .add(ref);
        }
      }
    }
  }

  /** Whether an object with this uid exists now. */
  boolean existsUid(String uid) {
    synchronized (lock) {
      return byUid.containsKey(uid);
    }
  }

  /** The stored object with this uid, if any (a copy), with its type. */
  Optional<Map.Entry<ResourceType, JsonObject>> findByUid(String uid) {
    synchronized (lock) {
      ObjectRef ref = byUid.get(uid);
      if (ref == null) {
        return Optional.empty();
      }
      return Optional.of(
          Map.entry(typeOfKey(ref.key()), objects.get(ref.key()).get(refKey(ref)).deepCopy()));
    }
  }

  /** Current dependents of an owner uid (copies), with their types. */
  List<Map.Entry<ResourceType, JsonObject>> dependentsOf(String ownerUid) {
    synchronized (lock) {
      List<Map.Entry<ResourceType, JsonObject>> out = new ArrayList<>();
      for (ObjectRef ref : dependents.getOrDefault(ownerUid, Set.of())) {
        JsonObject o = objects.get(ref.key()).get(refKey(ref));
        if (o != null) {
          out.add(Map.entry(typeOfKey(ref.key()), o.deepCopy()));
        }
      }
      return out;
    }
  }

  /** Every namespaced type's objects in a namespace (copies). */
  List<Map.Entry<ResourceType, JsonObject>> objectsIn(String namespace) {
    synchronized (lock) {
      List<Map.Entry<ResourceType, JsonObject>> out = new ArrayList<>();
      for (Map.Entry<String, TreeMap<String, JsonObject>> e : objects.entrySet()) {
        ResourceType t = typeOfKey(e.getKey());
        if (t == null || !t.namespaced()) {
          continue;
        }
        for (JsonObject o : e.getValue().subMap(namespace + "/", namespace + "/\uffff").values()) {
          out.add(Map.entry(t, o.deepCopy()));
        }
      }
      return out;
    }
  }

  private static String refKey(ObjectRef ref) {
    return ref.namespace() == null ? "/" + ref.name() : ref.namespace() + "/" + ref.name();
  }

  private ResourceType typeOfKey(String storageKey) {
    for (ResourceType t : typesByGvr.values()) {
      if (t.storageKey().equals(storageKey)) {
        return t;
      }
    }
    return null;
  }

  /** Runs {@code listener} (off the caller's thread) after every committed change. */
  public void onCommitted(Consumer<WatchEvent> listener) {
    committedListeners.add(listener);
  }

  /**
   * Watches a type in a namespace (null: all). Events go to {@code listener} on a delivery thread.
   * A resource version older than the kept history yields one ERROR event (410) and the end.
   */
  public Watch watch(
      ResourceType type, String namespace, WatchOptions options, WatchListener listener) {
    Selector labels = Selector.labels(options.labelSelector());
    Selector fields = Selector.fields(options.fieldSelector());
    synchronized (lock) {
      checkServed(type);
      Subscription s =
          new Subscription(
              type, type.namespaced() ? namespace : null, labels, fields, options, listener);
      String rv = options.resourceVersion();
      boolean fromNow = rv == null || rv.isEmpty() || rv.equals("0");
      if (fromNow || options.sendInitialEvents()) {
        NavigableMap<String, JsonObject> range = objects.get(type.storageKey());
        if (s.namespace != null) {
          range = range.subMap(s.namespace + "/", true, s.namespace + "/\uffff", false);
        }
        for (JsonObject o : range.values()) {
          if (labels.test(o) && fields.test(o)) {
            s.enqueue(
                new WatchEvent(
                    WatchEvent.ADDED,
                    o,
                    null,
                    parseRevision(Json.str(Json.meta(o), "resourceVersion")),
                    s.namespace));
          }
        }
        if (options.sendInitialEvents() && options.allowBookmarks()) {
          JsonObject bookmark = bookmarkObject(type, revision);
          JsonObject ann = new JsonObject();
          ann.addProperty("k8s.io/initial-events-end", "true");
          Json.metaForWrite(bookmark).add("annotations", ann);
          s.enqueue(new WatchEvent(WatchEvent.BOOKMARK, bookmark, null, revision, null));
        }
      } else {
        long from = parseRevision(rv);
        if (from < compactedRevision) {
          s.enqueue(goneEvent(from));
          s.closeAfterDrain();
          return s;
        }
        for (Stored st : history) {
          if (st.event().revision() > from && st.key().equals(type.storageKey())) {
            s.offerUnlocked(st.event());
          }
        }
      }
      subscriptions.get(type.storageKey()).add(s);
      return s;
    }
  }

  private WatchEvent goneEvent(long from) {
    JsonObject status =
        StatusException.status(
            410,
            "Expired",
            "too old resource version: " + from + " (" + compactedRevision + ")",
            null);
    return new WatchEvent(WatchEvent.ERROR, status, null, revision, null);
  }

  private static JsonObject bookmarkObject(ResourceType type, long rv) {
    JsonObject o = new JsonObject();
    o.addProperty("kind", type.kind());
    o.addProperty("apiVersion", type.apiVersion());
    JsonObject m = new JsonObject();
    m.addProperty("resourceVersion", Long.toString(rv));
    m.add("creationTimestamp", com.google.gson.JsonNull.INSTANCE);
    o.add("metadata", m);
    return o;
  }

  /** Sends a BOOKMARK with the current resource version to every watch that allows them. */
  public void sendBookmarks() {
    synchronized (lock) {
      for (Map.Entry<String, CopyOnWriteArrayList<Subscription>> e : subscriptions.entrySet()) {
        for (Subscription s : e.getValue()) {
          if (s.options.allowBookmarks()) {
            s.enqueue(
                new WatchEvent(
                    WatchEvent.BOOKMARK, bookmarkObject(s.type, revision), null, revision, null));
          }
        }
      }
    }
  }

  /** Sends bookmarks every {@code periodMillis} until the store closes. */
  public void scheduleBookmarks(long periodMillis) {
    timers.scheduleAtFixedRate(
        this::sendBookmarks, periodMillis, periodMillis, TimeUnit.MILLISECONDS);
  }

  /**
   * Forgets the change history, so that any watch or continue from an older version than now gets
   * 410 Gone (as after an etcd compaction).
   */
  public void compact() {
    synchronized (lock) {
      history.clear();
      compactedRevision = revision;
    }
  }

  /** Ends every open watch (clients see their stream end). */
  public void closeAllWatches() {
    List<Subscription> all = new ArrayList<>();
    synchronized (lock) {
      subscriptions.values().forEach(all::addAll);
    }
    all.forEach(Subscription::close);
  }

  /** Number of open watches. */
  public int watchCount() {
    synchronized (lock) {
      return subscriptions.values().stream().mapToInt(Collection::size).sum();
    }
  }

  /** Runs {@code task} once after a delay on the store's timer thread. */
  public java.util.concurrent.ScheduledFuture<?> schedule(Runnable task, long delayMillis) {
    return timers.schedule(task, delayMillis, TimeUnit.MILLISECONDS);
  }

  @Override
  public void close() {
    closed = true;
    closeAllWatches();
    timers.shutdownNow();
    background.shutdownNow();
    delivery.shutdown();
  }

  /** Waits until background work (garbage collection, namespace cleanup) queued so far is done. */
  public void awaitBackground() {
    try {
      background.submit(() -> {}).get(30, TimeUnit.SECONDS);
    } catch (Exception e) {
      throw new IllegalStateException("background processing did not finish", e);
    }
  }

  private final class Subscription implements Watch {
    final ResourceType type;
    final String namespace;
    final Selector labels;
    final Selector fields;
    final WatchOptions options;
    final WatchListener listener;
    final ConcurrentLinkedQueue<WatchEvent> queue = new ConcurrentLinkedQueue<>();
    final AtomicBoolean scheduled = new AtomicBoolean();
    final AtomicBoolean closedFlag = new AtomicBoolean();
    volatile boolean closeWhenDrained;

    Subscription(
        ResourceType type,
        String namespace,
        Selector labels,
        Selector fields,
        WatchOptions options,
        WatchListener listener) {
      this.type = type;
      this.namespace = namespace;
      this.labels = labels;
      this.fields = fields;
      this.options = options;
      this.listener = listener;
    }

    void offer(WatchEvent e) {
      offerUnlocked(e);
    }

    void offerUnlocked(WatchEvent e) {
      if (namespace != null && !namespace.equals(e.namespace())) {
        return;
      }
      boolean now = matches(e.object());
      boolean before = e.previous() != null && matches(e.previous());
      switch (e.type()) {
        case WatchEvent.MODIFIED -> {
          // Like the watch cache: an object leaving or entering the selection is DELETED/ADDED.
          if (now && before) {
            enqueue(e);
          } else if (now) {
            enqueue(e.as(WatchEvent.ADDED));
          } else if (before) {
            enqueue(e.as(WatchEvent.DELETED));
          }
        }
        case WatchEvent.DELETED -> {
          if (now || before) {
            enqueue(e);
          }
        }
        default -> {
          if (now) {
            enqueue(e);
          }
        }
      }
    }

    private boolean matches(JsonObject o) {
      return o != null && labels.test(o) && fields.test(o);
    }

    void enqueue(WatchEvent e) {
      if (closedFlag.get()) {
        return;
      }
      queue.add(e);
      schedule();
    }

    private void schedule() {
      if (scheduled.compareAndSet(false, true)) {
        try {
          delivery.execute(this::drain);
        } catch (java.util.concurrent.RejectedExecutionException ignored) {
          scheduled.set(false);
        }
      }
    }

    void closeAfterDrain() {
      closeWhenDrained = true;
      schedule();
    }

    private void drain() {
      try {
        WatchEvent e;
        while (!closedFlag.get() && (e = queue.poll()) != null) {
          try {
            listener.onEvent(e);
          } catch (RuntimeException ex) {
            LOG.debug("cluster {}: watch listener failed; closing the watch", clusterName, ex);
            close();
          }
        }
        if (closeWhenDrained && queue.isEmpty()) {
          close();
        }
      } finally {
        scheduled.set(false);
        if (!queue.isEmpty() && !closedFlag.get()) {
          schedule();
        }
      }
    }

    @Override
    public void close() {
      if (closedFlag.compareAndSet(false, true)) {
        synchronized (lock) {
          CopyOnWriteArrayList<Subscription> list = subscriptions.get(type.storageKey());
          if (list != null) {
            list.remove(this);
          }
        }
        queue.clear();
        try {
          delivery.execute(listener::onClose);
        } catch (java.util.concurrent.RejectedExecutionException e) {
          listener.onClose();
        }
      }
    }
  }

  // ---------------------------------------------------------------------------------------------
  // Identity, validation, namespaces, CRDs

  private void prepareIdentity(ResourceType type, String namespace, JsonObject o, String urlName) {
    String apiVersion = Json.str(o, "apiVersion");
    String kind = Json.str(o, "kind");
    if (!apiVersion.isEmpty()
        && !apiVersion.equals(type.apiVersion())
        && !(apiVersion.startsWith(type.group() + "/") && !type.group().isEmpty())) {
      throw StatusException.badRequest(
          "the API version in the data ("
              + apiVersion
              + ") does not match the expected API"
              + " version ("
              + type.apiVersion()
              + ")");
    }
    if (!kind.isEmpty() && !kind.equals(type.kind())) {
      throw StatusException.badRequest(
          "the kind in the data ("
              + kind
              + ") does not match the expected kind ("
              + type.kind()
              + ")");
    }
    o.addProperty("apiVersion", type.apiVersion());
    o.addProperty("kind", type.kind());
    JsonObject meta = Json.metaForWrite(o);
    if (urlName != null && !Json.str(meta, "name").equals(urlName)) {
      throw StatusException.badRequest(
          "the name of the object ("
              + Json.str(meta, "name")
              + ") does not match the name on the URL ("
              + urlName
              + ")");
    }
    if (type.namespaced()) {
      String bodyNs = Json.str(meta, "namespace");
      String ns = namespace == null || namespace.isEmpty() ? bodyNs : namespace;
      if (ns.isEmpty()) {
        throw StatusException.badRequest("the namespace of the object is required");
      }
      if (!bodyNs.isEmpty() && !bodyNs.equals(ns)) {
        throw StatusException.badRequest(
            "the namespace of the provided object does not match the namespace sent on the"
                + " request");
      }
      meta.addProperty("namespace", ns);
    } else {
      meta.remove("namespace");
    }
  }

  private void validateName(ResourceType type, String name) {
    boolean ok =
        type.equals(BuiltinTypes.NAMESPACES)
            ? name.length() <= 63 && name.matches(LABEL)
            : name.length() <= 253 && name.matches(SUBDOMAIN);
    if (!ok) {
      throw StatusException.invalid(
          type,
          name,
          "metadata.name",
          "\""
              + name
              + "\": a lowercase RFC 1123 "
              + (type.equals(BuiltinTypes.NAMESPACES) ? "label" : "subdomain")
              + " must consist of lower case alphanumeric characters, '-' or '.', and must start"
              + " and end with an alphanumeric character");
    }
  }

  private void requireNamespaceAcceptsCreate(String ns) {
    JsonObject namespace = objects.get(BuiltinTypes.NAMESPACES.storageKey()).get("/" + ns);
    if (namespace == null) {
      throw StatusException.notFound(BuiltinTypes.NAMESPACES, ns);
    }
    if (!Json.str(Json.meta(namespace), "deletionTimestamp").isEmpty()) {
      throw new StatusException(
          403,
          "Forbidden",
          "unable to create new content in namespace " + ns + " because it is being terminated",
          null);
    }
  }

  private void onCrdCommitted(WatchEvent event) {
    if (event.type().equals(WatchEvent.ADDED)) {
      for (ResourceType t : BuiltinTypes.fromCrd(event.object())) {
        register(t, true);
      }
    } else if (event.type().equals(WatchEvent.DELETED)) {
      List<ResourceType> gone = BuiltinTypes.fromCrd(event.object());
      for (ResourceType t : gone) {
        TreeMap<String, JsonObject> map = objects.get(t.storageKey());
        if (map != null) {
          for (JsonObject o : new ArrayList<>(map.values())) {
            JsonObject m = Json.meta(o);
            commit(
                t,
                t.namespaced() ? Json.str(m, "namespace") : null,
                Json.str(m, "name"),
                o,
                WatchEvent.DELETED,
                o);
          }
        }
        typesByGvr.remove(t.group() + "/" + t.version() + "/" + t.resource());
        for (Subscription s :
            subscriptions.getOrDefault(t.storageKey(), new CopyOnWriteArrayList<>())) {
          s.closeAfterDrain();
        }
      }
    }
  }

  /** Removes a terminating namespace once it holds nothing. */
  void finishNamespaceIfEmpty(String ns) {
    synchronized (lock) {
      JsonObject namespace = objects.get(BuiltinTypes.NAMESPACES.storageKey()).get("/" + ns);
      if (namespace == null || Json.str(Json.meta(namespace), "deletionTimestamp").isEmpty()) {
        return;
      }
      for (Map.Entry<String, TreeMap<String, JsonObject>> e : objects.entrySet()) {
        ResourceType t = typeOfKey(e.getKey());
        if (t != null
            && t.namespaced()
            && !e.getValue().subMap(ns + "/", ns + "/\uffff").isEmpty()) {
          return;
        }
      }
      commit(BuiltinTypes.NAMESPACES, null, ns, namespace, WatchEvent.DELETED, namespace);
    }
  }

  String now() {
    return RFC3339.format(clock.instant().truncatedTo(ChronoUnit.SECONDS));
  }

  Instant instant() {
    return clock.instant();
  }

  private String randomSuffix() {
    char[] c = new char[5];
    for (int i = 0; i < c.length; i++) {
      c[i] = NAME_CHARS[random.nextInt(NAME_CHARS.length)];
    }
    return new String(c);
  }
}
