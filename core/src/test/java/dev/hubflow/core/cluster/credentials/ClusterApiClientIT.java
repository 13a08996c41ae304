package dev.hubflow.core.cluster.credentials;

import static dev.hubflow.core.cluster.credentials.PemKeysTest.resource;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.sun.net.httpserver.HttpsConfigurator;
import com.sun.net.httpserver.HttpsExchange;
import com.sun.net.httpserver.HttpsParameters;
import com.sun.net.httpserver.HttpsServer;
import dev.hubflow.core.spi.ClusterConnection;
import dev.hubflow.core.spi.CredentialSource;
import dev.hubflow.core.spi.Credentials;
import io.kubernetes.client.openapi.ApiClient;
import io.kubernetes.client.openapi.ApiException;
import io.kubernetes.client.openapi.apis.CoreV1Api;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.security.KeyStore;
import java.security.cert.Certificate;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLParameters;
import javax.net.ssl.TrustManagerFactory;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * client-java through {@link ClusterApiClient} against a small HTTPS server: CA trust, insecure
 * mode, client certificates, bearer tokens asked per request, and the one retry after a 401. The
 * keys in {@code src/test/resources/tls} are throwaway test keys made with openssl.
 */
class ClusterApiClientIT {
  static final String NAMESPACES =
      "{\"kind\":\"NamespaceList\",\"apiVersion\":\"v1\",\"metadata\":{},"
          + "\"items\":[{\"metadata\":{\"name\":\"argo\"}}]}";

  HttpsServer server;
  volatile Set<String> acceptedTokens = Set.of("good");
  volatile boolean requireClientCertificate;
  final List<String> seenAuthorization = new CopyOnWriteArrayList<>();
  final List<String> seenClientCertificates = new CopyOnWriteArrayList<>();

  @BeforeEach
  void startServer() throws Exception {
    KeyStore keys = KeyStore.getInstance("PKCS12");
    keys.load(null, null);
    Certificate[] chain =
        ClusterTls.certificates(resource("server.crt"), "server").toArray(Certificate[]::new);
    keys.setKeyEntry("server", PemKeys.read(resource("server.key")), new char[0], chain);
    KeyManagerFactory keyManagers =
        KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
    keyManagers.init(keys, new char[0]);
    KeyStore clients = KeyStore.getInstance("PKCS12");
    clients.load(null, null);
    clients.setCertificateEntry(
        "ec", ClusterTls.certificates(resource("client-ec.crt"), "ec").iterator().next());
    TrustManagerFactory trust =
        TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
    trust.init(clients);
    SSLContext context = SSLContext.getInstance("TLS");
    context.init(keyManagers.getKeyManagers(), trust.getTrustManagers(), null);

    server = HttpsServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
    server.setHttpsConfigurator(
        new HttpsConfigurator(context) {
          @Override
          public void configure(HttpsParameters params) {
            SSLParameters parameters = context.getDefaultSSLParameters();
            parameters.setWantClientAuth(true);
            params.setSSLParameters(parameters);
          }
        });
    server.createContext(
        "/api/v1/namespaces",
        exchange -> {
          try (exchange) {
            String authorization = exchange.getRequestHeaders().getFirst("Authorization");
            seenAuthorization.add(String.valueOf(authorization));
            boolean hasCertificate = clientCertificate((HttpsExchange) exchange);
            boolean tokenOk =
                authorization != null
                    && authorization.startsWith("Bearer ")
                    && acceptedTokens.contains(authorization.substring(7));
            boolean ok = requireClientCertificate ? hasCertificate : tokenOk;
            byte[] body =
                (ok ? NAMESPACES : "{\"kind\":\"Status\",\"code\":401}")
                    .getBytes(StandardCharsets.UTF_8);
            exchange.getResponseHeaders().add("Content-Type", "application/json");
            exchange.sendResponseHeaders(ok ? 200 : 401, body.length);
            exchange.getResponseBody().write(body);
          }
        });
    server.start();
  }

  boolean clientCertificate(HttpsExchange exchange) {
    try {
      Certificate[] peer = exchange.getSSLSession().getPeerCertificates();
      seenClientCertificates.add(
          ((java.security.cert.X509Certificate) peer[0]).getSubjectX500Principal().getName());
      return true;
    } catch (IOException e) {
      return false;
    }
  }

  @AfterEach
  void stopServer() {
    server.stop(0);
  }

  String url() {
    return "https://127.0.0.1:" + server.getAddress().getPort();
  }

  ClusterConnection connection(Optional<String> ca, boolean insecure, CredentialSource source) {
    return new ClusterConnection("spoke", url(), ca, insecure, source);
  }

  static List<String> namespaces(ApiClient client) throws ApiException {
    return new CoreV1Api(client)
            .listNamespace(null, null, null, null, null, null, null, null, null, null, null)
            .getItems()
            .stream()
            .map(namespace -> namespace.getMetadata().getName())
            .toList();
  }

  @Test
  void trustsTheClustersCaAndSendsTheBearerToken() throws Exception {
    ApiClient client =
        ClusterApiClient.create(
            connection(Optional.of(resource("server.crt")), false, new StaticToken("good")));
    assertThat(namespaces(client)).containsExactly("argo");
    assertThat(seenAuthorization).containsExactly("Bearer good");
  }

  @Test
  void refusesAServerItsCaDidNotSign() throws Exception {
    ApiClient client =
        ClusterApiClient.create(
            connection(Optional.of(resource("client-rsa.crt")), false, new StaticToken("good")));
    assertThatThrownBy(() -> namespaces(client)).isInstanceOf(ApiException.class);
    assertThat(seenAuthorization).isEmpty();
  }

  @Test
  void insecureSkipTlsVerifyTrustsAnyServer() throws Exception {
    ApiClient client =
        ClusterApiClient.create(connection(Optional.empty(), true, new StaticToken("good")));
    assertThat(namespaces(client)).containsExactly("argo");
  }

  @Test
  void presentsTheClientCertificateFromTheCredentials() throws Exception {
    requireClientCertificate = true;
    Credentials certificate =
        new Credentials(
            Optional.empty(),
            Optional.of(resource("client-ec.crt")),
            Optional.of(resource("ec.pem")),
            Optional.empty());
    ApiClient client =
        ClusterApiClient.create(
            connection(
                Optional.of(resource("server.crt")), false, new FixedCredentials(certificate)));
    assertThat(namespaces(client)).containsExactly("argo");
    assertThat(seenClientCertificates).contains("CN=hubflow-ec");
  }

  /** Hands out "stale" until invalidated, then "good"; counts both. */
  static final class RotatingSource implements CredentialSource {
    final AtomicInteger asked = new AtomicInteger();
    final AtomicInteger invalidated = new AtomicInteger();

    @Override
    public Credentials current() {
      asked.incrementAndGet();
      return Credentials.bearer(invalidated.get() == 0 ? "stale" : "good", null);
    }

    @Override
    public void invalidate() {
      invalidated.incrementAndGet();
    }
  }

  @Test
  void on401InvalidatesTheCredentialsAndRetriesOnceWithFreshOnes() throws Exception {
    RotatingSource source = new RotatingSource();
    ApiClient client =
        ClusterApiClient.create(connection(Optional.of(resource("server.crt")), false, source));
    assertThat(namespaces(client)).containsExactly("argo");
    assertThat(seenAuthorization).containsExactly("Bearer stale", "Bearer good");
    assertThat(source.invalidated).hasValue(1);

    // The same client keeps working with the refreshed credentials: no new client needed.
    assertThat(namespaces(client)).containsExactly("argo");
    assertThat(seenAuthorization).hasSize(3).last().isEqualTo("Bearer good");
  }

  @Test
  void aSecond401IsReportedWithoutLooping() throws Exception {
    acceptedTokens = Set.of();
    RotatingSource source = new RotatingSource();
    ApiClient client =
        ClusterApiClient.create(connection(Optional.of(resource("server.crt")), false, source));
    assertThatThrownBy(() -> namespaces(client))
        .isInstanceOfSatisfying(ApiException.class, e -> assertThat(e.getCode()).isEqualTo(401));
    assertThat(seenAuthorization).hasSize(2);
    assertThat(source.invalidated).hasValue(1);
  }

  @Test
  void credentialFailuresSurfaceAsClearErrors() throws Exception {
    CredentialSource broken =
        () -> {
          throw new IllegalStateException("exec plugin aws exited with 255");
        };
    ApiClient client =
        ClusterApiClient.create(connection(Optional.of(resource("server.crt")), false, broken));
    assertThatThrownBy(() -> namespaces(client))
        .isInstanceOf(ApiException.class)
        .hasStackTraceContaining("cluster spoke: cannot get credentials: exec plugin aws exited");
  }
}
