package dev.hubflow.testkit.apiserver;

import com.google.gson.GsonBuilder;
import com.google.gson.JsonArray;
import com.google.gson.JsonObject;
import com.sun.net.httpserver.HttpServer;
import com.sun.net.httpserver.HttpsConfigurator;
import com.sun.net.httpserver.HttpsParameters;
import com.sun.net.httpserver.HttpsServer;
import dev.hubflow.testkit.apiserver.auth.Authenticator;
import dev.hubflow.testkit.apiserver.auth.Authorizer;
import dev.hubflow.testkit.apiserver.auth.UserInfo;
import dev.hubflow.testkit.apiserver.store.ResourceStore;
import dev.hubflow.testkit.apiserver.tls.CertificateAuthority;
import io.kubernetes.client.openapi.ApiClient;
import io.kubernetes.client.util.ClientBuilder;
import io.kubernetes.client.util.credentials.AccessTokenAuthentication;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.util.HexFormat;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLParameters;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One emulated Kubernetes cluster: an API server on 127.0.0.1 (HTTP or HTTPS) in front of a {@link
 * ResourceStore}. Several can run in one JVM, each on its own port.
 *
 * <pre>{@code
 * try (ApiServer spoke = ApiServer.builder("spoke-1").https(true).start()) {
 *   Path kubeconfig = spoke.writeKubeconfig(dir);
 *   ApiClient client = spoke.apiClient();
 *   spoke.store().create(BuiltinTypes.CONFIGMAPS, "default", configMap);
 * }
 * }</pre>
 *
 * <p>Server choice: the JDK's {@code HttpServer} parses requests on a small pool, and watches do
 * not hold a thread: the handler returns and the store's few delivery threads write events to the
 * open chunked responses. That keeps thousands of watches cheap on two cores without adding Netty.
 */
public final class ApiServer implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(ApiServer.class);

  static {
    // Without TCP_NODELAY the JDK server's header and body writes meet delayed ACKs: ~40 ms a call.
    if (System.getProperty("sun.net.httpserver.nodelay") == null) {
      System.setProperty("sun.net.httpserver.nodelay", "true");
    }
  }

  private final String name;
  private final boolean https;
  private final ResourceStore store;
  private final Faults faults = new Faults(this);
  private final RequestCounters counters = new RequestCounters();
  private final PodLogs podLogs = new PodLogs();
  private final String adminToken;
  private final Authenticator authenticator;
  private final Authorizer authorizer;
  private final CertificateAuthority ca;
  private final SSLContext sslContext;
  private final ExecutorService handlers;
  private final Set<HttpWatch> httpWatches = ConcurrentHashMap.newKeySet();
  private final Object serverLock = new Object();
  private HttpServer http;
  private int port;
  private ScheduledFuture<?> reachableAgain;

  private ApiServer(Builder b) {
    this.name = b.name;
    this.https = b.https;
    this.store = new ResourceStore(b.name, b.clock, b.historyLimit);
    byte[] tokenBytes = new byte[24];
    new SecureRandom().nextBytes(tokenBytes);
    this.adminToken = "admin-" + HexFormat.of().formatHex(tokenBytes);
    Authenticator base = Authenticator.staticTokens(Map.of(adminToken, UserInfo.admin()));
    if (b.https) {
      base = base.or(Authenticator.clientCertificates());
    }
    Authenticator chosen = b.authenticator == null ? base : base.or(b.authenticator);
    if (!b.https && !b.requireAuthentication) {
      // Like the old insecure port: kubectl sends no credentials over plain HTTP at all.
      Authenticator checked = chosen;
      chosen =
          request ->
              request.header("Authorization").isEmpty()
                  ? java.util.Optional.of(UserInfo.admin())
                  : checked.authenticate(request);
    }
    this.authenticator = chosen;
    this.authorizer = b.authorizer;
    this.ca = b.https ? new CertificateAuthority(b.name) : null;
    this.sslContext = b.https ? ca.serverContext(ca.issueServer()) : null;
    AtomicInteger n = new AtomicInteger();
    this.handlers =
        Executors.newCachedThreadPool(
            r -> {
              Thread t = new Thread(r, "apiserver-" + b.name + "-http-" + n.incrementAndGet());
              t.setDaemon(true);
              return t;
            });
    if (b.argoCrds) {
      store.installArgoCrds();
    }
    store.scheduleBookmarks(b.bookmarkInterval.toMillis());
    this.port = b.port;
  }

  public static Builder builder(String name) {
    return new Builder(name);
  }

  /** Options for a cluster; {@link #start()} makes it. */
  public static final class Builder {
    private final String name;
    private boolean https;
    private int port;
    private Authenticator authenticator;
    private Authorizer authorizer = Authorizer.allowAll();
    private Clock clock = Clock.systemUTC();
    private int historyLimit = 100_000;
    private Duration bookmarkInterval = Duration.ofSeconds(10);
    private boolean argoCrds = true;
    private boolean requireAuthentication;

    private Builder(String name) {
      if (!name.matches("[a-z0-9]([-a-z0-9]*[a-z0-9])?")) {
        throw new IllegalArgumentException(
            "cluster name \"" + name + "\" must be a DNS label (lower case, digits, '-')");
      }
      this.name = name;
    }

    /** Serve HTTPS with a fresh CA (default: plain HTTP). */
    public Builder https(boolean https) {
      this.https = https;
      return this;
    }

    /** A fixed port (default: any free one). */
    public Builder port(int port) {
      this.port = port;
      return this;
    }

    /**
     * An extra authenticator, consulted after the built-in admin token (and, over HTTPS, client
     * certificates signed by the cluster's CA).
     */
    public Builder authenticator(Authenticator authenticator) {
      this.authenticator = authenticator;
      return this;
    }

    /**
     * Over plain HTTP, requests without an Authorization header act as admin (kubectl sends no
     * credentials over HTTP), unless this is set. HTTPS always requires credentials.
     */
    public Builder requireAuthentication(boolean require) {
      this.requireAuthentication = require;
      return this;
    }

    public Builder authorizer(Authorizer authorizer) {
      this.authorizer = authorizer;
      return this;
    }

    /** The clock for timestamps (creation, deletion). */
    public Builder clock(Clock clock) {
      this.clock = clock;
      return this;
    }

    /** How many changes are kept for watch resumption; older versions get 410 Gone. */
    public Builder historyLimit(int changes) {
      this.historyLimit = changes;
      return this;
    }

    public Builder bookmarkInterval(Duration interval) {
      this.bookmarkInterval = interval;
      return this;
    }

    /** Whether the Argo CRDs are installed at start (default true). */
    public Builder argoCrds(boolean install) {
      this.argoCrds = install;
      return this;
    }

    public ApiServer start() {
      ApiServer s = new ApiServer(this);
      s.listen();
      return s;
    }
  }

  private void listen() {
    synchronized (serverLock) {
      try {
        InetSocketAddress address = new InetSocketAddress(InetAddress.getLoopbackAddress(), port);
        HttpServer server;
        if (https) {
          HttpsServer s = HttpsServer.create(address, 1024);
          s.setHttpsConfigurator(
              new HttpsConfigurator(sslContext) {
                @Override
                public void configure(HttpsParameters params) {
                  SSLParameters p = sslContext.getDefaultSSLParameters();
                  p.setWantClientAuth(true);
                  params.setSSLParameters(p);
                }
              });
          server = s;
        } else {
          server = HttpServer.create(address, 1024);
        }
        server.createContext("/", new HttpFront(this));
        server.setExecutor(handlers);
        server.start();
        http = server;
        port = server.getAddress().getPort();
        LOG.info("cluster {}: API server listening on {}", name, url());
      } catch (IOException e) {
        throw new UncheckedIOException("cluster " + name + ": cannot listen on port " + port, e);
      }
    }
  }

  public String name() {
    return name;
  }

  /** {@code http(s)://127.0.0.1:PORT}. */
  public String url() {
    return (https ? "https" : "http") + "://127.0.0.1:" + port;
  }

  public int port() {
    return port;
  }

  String hostPort() {
    return "127.0.0.1:" + port;
  }

  /** The in-process API: same objects, same watches, no HTTP. */
  public ResourceStore store() {
    return store;
  }

  public Faults faults() {
    return faults;
  }

  public RequestCounters counters() {
    return counters;
  }

  /** Container logs served on {@code pods/log}. */
  public PodLogs podLogs() {
    return podLogs;
  }

  /** A bearer token that authenticates as {@code kubernetes-admin} (system:masters). */
  public String adminToken() {
    return adminToken;
  }

  /** The cluster's CA (HTTPS only), e.g. to issue client certificates. */
  public CertificateAuthority certificateAuthority() {
    if (ca == null) {
      throw new IllegalStateException("cluster " + name + " serves plain HTTP and has no CA");
    }
    return ca;
  }

  Authenticator authenticator() {
    return authenticator;
  }

  Authorizer authorizer() {
    return authorizer;
  }

  /** A client-java client for this cluster as admin, with no read timeout (fit for watches). */
  public ApiClient apiClient() {
    try {
      ClientBuilder b =
          new ClientBuilder()
              .setBasePath(url())
              .setAuthentication(new AccessTokenAuthentication(adminToken))
              .setReadTimeout(Duration.ZERO);
      if (https) {
        b.setVerifyingSsl(true)
            .setCertificateAuthority(ca.certificatePem().getBytes(StandardCharsets.UTF_8));
      }
      return b.build();
    } catch (RuntimeException e) {
      throw new IllegalStateException("cluster " + name + ": cannot build an ApiClient", e);
    }
  }

  /**
   * Writes a kubeconfig for this cluster as admin. A directory gets {@code <name>.kubeconfig}
   * inside it; any other path is the file itself. Returns the file.
   */
  public Path writeKubeconfig(Path target) {
    return writeKubeconfig(target, KubeconfigUser.token(adminToken));
  }

  /** Writes a kubeconfig with the given user credentials. */
  public Path writeKubeconfig(Path target, KubeconfigUser user) {
    Path file = Files.isDirectory(target) ? target.resolve(name + ".kubeconfig") : target;
    try {
      if (file.getParent() != null) {
        Files.createDirectories(file.getParent());
      }
      Files.writeString(file, kubeconfig(user));
      return file;
    } catch (IOException e) {
      throw new UncheckedIOException("cannot write kubeconfig " + file, e);
    }
  }

  /** The kubeconfig text (JSON, which every YAML reader accepts). */
  public String kubeconfig(KubeconfigUser user) {
    JsonObject cfg = new JsonObject();
    cfg.addProperty("apiVersion", "v1");
    cfg.addProperty("kind", "Config");
    JsonObject cluster = new JsonObject();
    cluster.addProperty("server", url());
    if (https) {
      cluster.addProperty("certificate-authority-data", KubeconfigUser.base64(ca.certificatePem()));
    }
    cfg.add("clusters", named(name, "cluster", cluster));
    JsonObject context = new JsonObject();
    context.addProperty("cluster", name);
    context.addProperty("user", name);
    context.addProperty("namespace", "default");
    cfg.add("contexts", named(name, "context", context));
    cfg.addProperty("current-context", name);
    cfg.add("users", named(name, "user", user.json()));
    cfg.add("preferences", new JsonObject());
    return new GsonBuilder().setPrettyPrinting().create().toJson(cfg);
  }

  private static JsonArray named(String name, String key, JsonObject value) {
    JsonObject entry = new JsonObject();
    entry.addProperty("name", name);
    entry.add(key, value);
    JsonArray a = new JsonArray();
    a.add(entry);
    return a;
  }

  // Fault plumbing ------------------------------------------------------------------------------

  void registerHttpWatch(HttpWatch w) {
    httpWatches.add(w);
  }

  void unregisterHttpWatch(HttpWatch w) {
    httpWatches.remove(w);
  }

  /** Open HTTP watch streams. */
  public int httpWatchCount() {
    return httpWatches.size();
  }

  void dropHttpWatches() {
    for (HttpWatch w : Set.copyOf(httpWatches)) {
      w.close();
    }
  }

  void schedule(Runnable task, long delayMillis) {
    store.schedule(task, delayMillis);
  }

  void goUnreachable(Duration period) {
    synchronized (serverLock) {
      if (reachableAgain != null) {
        reachableAgain.cancel(false);
        reachableAgain = null;
      }
      if (http != null) {
        HttpServer s = http;
        http = null;
        dropHttpWatches();
        s.stop(0);
        LOG.info("cluster {}: unreachable", name);
      }
      if (period != null) {
        reachableAgain = store.schedule(this::goReachable, period.toMillis());
      }
    }
  }

  void goReachable() {
    synchronized (serverLock) {
      if (reachableAgain != null) {
        reachableAgain.cancel(false);
        reachableAgain = null;
      }
      if (http == null) {
        listen();
      }
    }
  }

  /** Whether the cluster currently accepts connections. */
  public boolean isReachable() {
    synchronized (serverLock) {
      return http != null;
    }
  }

  @Override
  public void close() {
    synchronized (serverLock) {
      if (reachableAgain != null) {
        reachableAgain.cancel(false);
      }
      dropHttpWatches();
      if (http != null) {
        http.stop(0);
        http = null;
      }
    }
    store.close();
    handlers.shutdownNow();
    try {
      handlers.awaitTermination(1, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
