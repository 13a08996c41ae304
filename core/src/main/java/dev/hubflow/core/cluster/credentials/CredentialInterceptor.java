package dev.hubflow.core.cluster.credentials;

import dev.hubflow.core.spi.CredentialSource;
import dev.hubflow.core.spi.Credentials;
import java.io.IOException;
import java.util.Objects;
import okhttp3.Interceptor;
import okhttp3.Request;
import okhttp3.Response;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Puts the cluster's current bearer token on every request; after a 401 it forgets the cached
 * credentials and tries once more, so expired or rotated tokens heal without restarting watches.
 */
public final class CredentialInterceptor implements Interceptor {
  private static final Logger log = LoggerFactory.getLogger(CredentialInterceptor.class);

  private final String clusterName;
  private final CredentialSource credentials;

  public CredentialInterceptor(String clusterName, CredentialSource credentials) {
    this.clusterName = Objects.requireNonNull(clusterName, "clusterName");
    this.credentials = Objects.requireNonNull(credentials, "credentials");
  }

  @Override
  public Response intercept(Chain chain) throws IOException {
    Request original = chain.request();
    Response response = chain.proceed(authorized(original, current()));
    if (response.code() != 401) {
      return response;
    }
    log.info(
        "cluster {} answered 401 to {} {}; refreshing credentials and retrying once",
        clusterName,
        original.method(),
        original.url().encodedPath());
    response.close();
    credentials.invalidate();
    return chain.proceed(authorized(original, current()));
  }

  private Credentials current() throws IOException {
    try {
      return credentials.current();
    } catch (RuntimeException e) {
      // OkHttp only reports IOExceptions to callers cleanly; keep the message, it names the cause.
      throw new IOException(
          "cluster " + clusterName + ": cannot get credentials: " + e.getMessage(), e);
    }
  }

  private static Request authorized(Request request, Credentials credentials) {
    return credentials
        .bearerToken()
        .map(token -> request.newBuilder().header("Authorization", "Bearer " + token).build())
        .orElse(request);
  }
}
