package dev.hubflow.testkit.aws;

import com.sun.net.httpserver.HttpExchange;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Objects;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A fake EKS Pod Identity agent: serves {@code {AccessKeyId, SecretAccessKey, Token, Expiration}}
 * at {@code /v1/credentials} to callers whose {@code Authorization} header equals the content of
 * the service-account token file (what the SDK sends from {@code
 * AWS_CONTAINER_AUTHORIZATION_TOKEN_FILE}).
 */
public final class FakePodIdentityAgent extends FakeAwsServer {
  public static final String PATH = "/v1/credentials";

  private final Path tokenFile;
  private volatile AwsKeys keys;
  private final AtomicInteger served = new AtomicInteger();
  private final AtomicInteger refused = new AtomicInteger();

  public FakePodIdentityAgent(Path tokenFile, AwsKeys keys) {
    super("pod-identity-agent");
    this.tokenFile = Objects.requireNonNull(tokenFile, "tokenFile");
    this.keys = Objects.requireNonNull(keys, "keys");
  }

  /** The value for {@code AWS_CONTAINER_CREDENTIALS_FULL_URI}. */
  public String fullUri() {
    return uri() + PATH;
  }

  /** Serve other keys from now on (Pod Identity rotates them). */
  public void keys(AwsKeys keys) {
    this.keys = Objects.requireNonNull(keys, "keys");
  }

  public int served() {
    return served.get();
  }

  public int refused() {
    return refused.get();
  }

  @Override
  void handle(HttpExchange exchange, AwsKeyring.Received request) throws IOException {
    if (!request.path().equals(PATH) || !request.method().equals("GET")) {
      respond(exchange, 404, "text/plain", "not found");
      return;
    }
    String expected = Files.readString(tokenFile, StandardCharsets.UTF_8);
    String presented =
        request.headers().getOrDefault("authorization", java.util.List.of("")).get(0);
    if (expected.isEmpty() || !expected.equals(presented)) {
      refused.incrementAndGet();
      respond(
          exchange,
          401,
          "application/json",
          "{\"Code\":\"AccessDeniedException\",\"Message\":\"invalid authorization token\"}");
      return;
    }
    served.incrementAndGet();
    AwsKeys current = keys;
    StringBuilder json = new StringBuilder();
    json.append("{\"AccessKeyId\":\"").append(current.accessKeyId()).append('"');
    json.append(",\"SecretAccessKey\":\"").append(current.secretAccessKey()).append('"');
    current.sessionToken().ifPresent(t -> json.append(",\"Token\":\"").append(t).append('"'));
    current.expiration().ifPresent(e -> json.append(",\"Expiration\":\"").append(e).append('"'));
    json.append(",\"AccountId\":\"").append(current.account()).append("\"}");
    respond(exchange, 200, "application/json", json.toString());
  }
}
