package dev.hubflow.core.cluster.registry;

import dev.hubflow.core.cluster.EventRecorder;
import dev.hubflow.core.spi.ClusterConnection;
import dev.hubflow.core.spi.ClusterRegistry;
import io.kubernetes.client.informer.ListerWatcher;
import io.kubernetes.client.informer.ResourceEventHandler;
import io.kubernetes.client.informer.SharedIndexInformer;
import io.kubernetes.client.informer.SharedInformerFactory;
import io.kubernetes.client.openapi.ApiClient;
import io.kubernetes.client.openapi.ApiException;
import io.kubernetes.client.openapi.models.V1ObjectReference;
import io.kubernetes.client.openapi.models.V1Secret;
import io.kubernetes.client.openapi.models.V1SecretList;
import io.kubernetes.client.util.CallGeneratorParams;
import io.kubernetes.client.util.Watchable;
import io.kubernetes.client.util.generic.GenericKubernetesApi;
import io.kubernetes.client.util.generic.options.ListOptions;
import java.time.Duration;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Clusters registered by Secrets labelled {@code hubflow.dev/cluster=true} in one hub namespace,
 * followed with an informer: a new Secret adds a cluster, a changed one replaces it, a deleted one
 * removes it. A Secret that cannot be used gets a Warning Event and a log line naming it, and
 * changes nothing else (a cluster it registered before keeps running as it was). Secret data is
 * never logged.
 */
public final class SecretClusterRegistry implements ClusterRegistry, AutoCloseable {
  private static final Logger log = LoggerFactory.getLogger(SecretClusterRegistry.class);

  private final String namespace;
  private final List<SecretConnector> connectors;
  private final EventRecorder events;
  private final SharedInformerFactory factory;
  private final SharedIndexInformer<V1Secret> informer;
  private final ExecutorService worker;
  private final Map<String, Registered> bySecret = new ConcurrentHashMap<>();
  private final List<Consumer<ClusterEvent>> listeners = new CopyOnWriteArrayList<>();

  private record Registered(ClusterSecret secret, ClusterConnection connection, String uid) {}

  /**
   * @param hub the hub cluster, where the Secrets are (a client of its own: its read timeout is set
   *     to zero, as informers need)
   * @param namespace the namespace the Secrets are in
   * @param connectors asked in turn to turn a registration into a connection
   * @param resync how often every Secret is looked at again (a registration that failed, e.g.
   *     because AWS did not answer, is retried then)
   */
  public SecretClusterRegistry(
      ApiClient hub, String namespace, List<SecretConnector> connectors, Duration resync) {
    this.namespace = namespace;
    if (hub.getReadTimeout() > 0) {
      hub.setReadTimeout(0);
    }
    this.connectors = List.copyOf(connectors);
    this.events = new EventRecorder(hub);
    this.worker =
        Executors.newSingleThreadExecutor(
            r -> {
              Thread t = new Thread(r, "hubflow-cluster-secrets");
              t.setDaemon(true);
              return t;
            });
    this.factory = new SharedInformerFactory(hub);
    GenericKubernetesApi<V1Secret, V1SecretList> api =
        new GenericKubernetesApi<>(V1Secret.class, V1SecretList.class, "", "v1", "secrets", hub);
    ListerWatcher<V1Secret, V1SecretList> lw =
        new ListerWatcher<>() {
          @Override
          public V1SecretList list(CallGeneratorParams params) throws ApiException {
            return api.list(namespace, options(params)).throwsApiException().getObject();
          }

          @Override
          public Watchable<V1Secret> watch(CallGeneratorParams params) throws ApiException {
            return api.watch(namespace, options(params));
          }
        };
    this.informer =
        factory.sharedIndexInformerFor(
            lw,
            V1Secret.class,
            resync.toMillis(),
            (kind, error) ->
                log.warn(
                    "namespace={} cluster Secrets list/watch failed, retrying: {}",
                    namespace,
                    error.getClass().getSimpleName()));
    informer.addEventHandler(
        new ResourceEventHandler<>() {
          @Override
          public void onAdd(V1Secret secret) {
            worker.execute(() -> upsert(secret));
          }

          @Override
          public void onUpdate(V1Secret before, V1Secret after) {
            worker.execute(() -> upsert(after));
          }

          @Override
          public void onDelete(V1Secret secret, boolean finalStateUnknown) {
            worker.execute(() -> delete(secret));
          }
        });
  }

  private static ListOptions options(CallGeneratorParams params) {
    ListOptions options = new ListOptions();
    options.setResourceVersion(params.resourceVersion);
    options.setTimeoutSeconds(params.timeoutSeconds);
    options.setLabelSelector(ClusterSecret.LABEL + "=true");
    return options;
  }

  /** Start following the Secrets. */
  public SecretClusterRegistry start() {
    factory.startAllRegisteredInformers();
    log.info("namespace={} following cluster registration Secrets", namespace);
    return this;
  }

  /** Whether the Secrets have been listed once (and every one seen so far handled). */
  public boolean synced() {
    return informer.hasSynced();
  }

  @Override
  public Collection<ClusterConnection> clusters() {
    return bySecret.values().stream().map(Registered::connection).toList();
  }

  @Override
  public void watch(Consumer<ClusterEvent> listener) {
    worker.execute(
        () -> {
          for (Registered r : bySecret.values()) {
            listener.accept(new ClusterEvent(ClusterEvent.Type.ADDED, r.connection()));
          }
          listeners.add(listener);
        });
  }

  @Override
  public Set<String> namespaces(String clusterName) {
    return registered(clusterName).map(r -> r.secret().namespaces()).orElse(Set.of());
  }

  /** The Secret that registered this cluster, to hang Events on. */
  public Optional<V1ObjectReference> secretOf(String clusterName) {
    return registered(clusterName).map(r -> reference(r.secret(), r.uid()));
  }

  /** Where registration Events go. */
  public EventRecorder events() {
    return events;
  }

  private Optional<Registered> registered(String clusterName) {
    return bySecret.values().stream()
        .filter(r -> r.secret().name().equals(clusterName))
        .findFirst();
  }

  private void upsert(V1Secret secret) {
    String key = secret.getMetadata().getNamespace() + "/" + secret.getMetadata().getName();
    Registered before = bySecret.get(key);
    ClusterSecret parsed;
    ClusterConnection connection;
    try {
      parsed = ClusterSecret.parse(secret);
      if (before != null && before.secret().fingerprint().equals(parsed.fingerprint())) {
        return;
      }
      String name = parsed.name();
      Optional<Registered> clash =
          bySecret.entrySet().stream()
              .filter(e -> !e.getKey().equals(key) && e.getValue().secret().name().equals(name))
              .map(Map.Entry::getValue)
              .findFirst();
      if (clash.isPresent()) {
        throw new IllegalArgumentException(
            "Secret "
                + key
                + ": cluster name "
                + name
                + " is already registered by Secret "
                + clash.get().secret().secretKey());
      }
      connection = connect(parsed);
    } catch (RuntimeException e) {
      String message = e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
      log.warn(
          "secret={} cluster registration rejected{}: {}",
          key,
          before == null ? "" : " (cluster " + before.secret().name() + " keeps running as it was)",
          message);
      events.record(reference(secret), "Warning", "InvalidClusterSecret", truncate(message));
      return;
    }
    Registered now = new Registered(parsed, connection, secret.getMetadata().getUid());
    bySecret.put(key, now);
    if (before != null && !before.secret().name().equals(parsed.name())) {
      publish(ClusterEvent.Type.REMOVED, before.connection());
      before = null;
    }
    log.info(
        "secret={} cluster={} server={} registered{}",
        key,
        parsed.name(),
        connection.server(),
        before == null ? "" : " again (changed)");
    publish(before == null ? ClusterEvent.Type.ADDED : ClusterEvent.Type.CHANGED, connection);
  }

  private ClusterConnection connect(ClusterSecret secret) {
    for (SecretConnector connector : connectors) {
      Optional<ClusterConnection> connection = connector.connect(secret);
      if (connection.isPresent()) {
        return connection.get();
      }
    }
    throw new IllegalArgumentException(
        "Secret "
            + secret.secretKey()
            + ": no provider for this kind of auth"
            + (secret.object("awsAuthConfig").isPresent()
                ? " (awsAuthConfig needs the EKS provider of the hubflow daemon)"
                : ""));
  }

  private void delete(V1Secret secret) {
    String key = secret.getMetadata().getNamespace() + "/" + secret.getMetadata().getName();
    Registered gone = bySecret.remove(key);
    if (gone != null) {
      log.info("secret={} cluster={} unregistered", key, gone.secret().name());
      publish(ClusterEvent.Type.REMOVED, gone.connection());
    }
  }

  private void publish(ClusterEvent.Type type, ClusterConnection connection) {
    ClusterEvent event = new ClusterEvent(type, connection);
    for (Consumer<ClusterEvent> listener : listeners) {
      try {
        listener.accept(event);
      } catch (RuntimeException e) {
        log.warn("cluster={} registry listener failed", connection.name(), e);
      }
    }
  }

  private static V1ObjectReference reference(V1Secret secret) {
    return new V1ObjectReference()
        .apiVersion("v1")
        .kind("Secret")
        .namespace(secret.getMetadata().getNamespace())
        .name(secret.getMetadata().getName())
        .uid(secret.getMetadata().getUid());
  }

  private static V1ObjectReference reference(ClusterSecret secret, String uid) {
    return new V1ObjectReference()
        .apiVersion("v1")
        .kind("Secret")
        .namespace(secret.secretNamespace())
        .name(secret.secretName())
        .uid(uid);
  }

  private static String truncate(String message) {
    return message.length() > 1000 ? message.substring(0, 1000) : message;
  }

  @Override
  public void close() {
    factory.stopAllRegisteredInformers(false);
    worker.shutdownNow();
  }
}
