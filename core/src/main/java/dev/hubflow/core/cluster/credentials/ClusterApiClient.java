package dev.hubflow.core.cluster.credentials;

import dev.hubflow.core.spi.ClusterConnection;
import io.kubernetes.client.openapi.ApiClient;
import java.time.Duration;
import okhttp3.OkHttpClient;

/**
 * Builds client-java {@link ApiClient}s for a {@link ClusterConnection}. Credentials are asked for
 * on every request (see {@link CredentialInterceptor}), so one client, and the informers on it,
 * live through any number of token refreshes.
 */
public final class ClusterApiClient {
  private ClusterApiClient() {}

  /**
   * An ApiClient for the connection. Like client-go it has no read timeout, so informers' watches
   * stay open until the server ends them; set one on {@link #httpClient} for plain calls.
   */
  public static ApiClient create(ClusterConnection connection) {
    return create(connection, httpClient(connection).build());
  }

  /** An ApiClient on an HTTP client made from {@link #httpClient} and then customized. */
  public static ApiClient create(ClusterConnection connection, OkHttpClient httpClient) {
    ApiClient client = new ApiClient();
    client.setHttpClient(httpClient);
    client.setBasePath(stripTrailingSlash(connection.server()));
    return client;
  }

  /** The HTTP client settings: TLS trust, client certificate, and the credential interceptor. */
  public static OkHttpClient.Builder httpClient(ClusterConnection connection) {
    ClusterTls.Setup tls = ClusterTls.of(connection);
    OkHttpClient.Builder builder =
        new OkHttpClient.Builder()
            .sslSocketFactory(tls.context().getSocketFactory(), tls.trustManager())
            .connectTimeout(Duration.ofSeconds(10))
            .readTimeout(Duration.ZERO)
            .addInterceptor(new CredentialInterceptor(connection.name(), connection.credentials()));
    if (connection.insecureSkipTlsVerify()) {
      builder.hostnameVerifier((host, session) -> true);
    }
    return builder;
  }

  private static String stripTrailingSlash(String server) {
    return server.endsWith("/") ? server.substring(0, server.length() - 1) : server;
  }
}
