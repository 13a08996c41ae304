package dev.hubflow.testkit.aws;

import com.sun.net.httpserver.HttpExchange;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * A fake EKS control plane API: {@code DescribeCluster} ({@code GET /clusters/NAME}) answers with
 * the registered endpoint and CA to requests signed (SigV4, service {@code eks}) with keys the
 * given keyring knows.
 */
public final class FakeEks extends FakeAwsServer {
  private final AwsKeyring keyring;
  private final Map<String, Cluster> clusters = new ConcurrentHashMap<>();
  private final List<String> describeCalls = new CopyOnWriteArrayList<>();

  /** A registered cluster. */
  public record Cluster(String name, String endpoint, String caCertificatePem, String arn) {}

  public FakeEks(AwsKeyring keyring) {
    super("eks");
    this.keyring = keyring;
  }

  public void addCluster(String name, String endpoint, String caCertificatePem) {
    clusters.put(
        name,
        new Cluster(
            name,
            endpoint,
            caCertificatePem,
            "arn:aws:eks:eu-west-1:111122223333:cluster/" + name));
  }

  /** Caller ARN and cluster name of each DescribeCluster call, as {@code "arn cluster"}. */
  public List<String> describeCalls() {
    return List.copyOf(describeCalls);
  }

  @Override
  void handle(HttpExchange exchange, AwsKeyring.Received request) throws IOException {
    AwsKeys caller;
    try {
      caller = keyring.verify(request, "eks");
    } catch (AwsKeyring.Refused refused) {
      exchange.getResponseHeaders().set("x-amzn-ErrorType", refused.code());
      respond(
          exchange,
          refused.status(),
          "application/json",
          "{\"message\":\"" + refused.getMessage().replace("\"", "'") + "\"}");
      return;
    }
    String prefix = "/clusters/";
    if (!request.method().equals("GET") || !request.path().startsWith(prefix)) {
      respond(exchange, 404, "application/json", "{\"message\":\"not found\"}");
      return;
    }
    String name = request.path().substring(prefix.length());
    describeCalls.add(caller.arn() + " " + name);
    Cluster cluster = clusters.get(name);
    if (cluster == null) {
      exchange.getResponseHeaders().set("x-amzn-ErrorType", "ResourceNotFoundException");
      respond(
          exchange,
          404,
          "application/json",
          "{\"message\":\"No cluster found for name: " + name + ".\"}");
      return;
    }
    String ca =
        Base64.getEncoder()
            .encodeToString(cluster.caCertificatePem().getBytes(StandardCharsets.UTF_8));
    respond(
        exchange,
        200,
        "application/json",
        "{\"cluster\":{\"name\":\""
            + cluster.name()
            + "\",\"arn\":\""
            + cluster.arn()
            + "\",\"endpoint\":\""
            + cluster.endpoint()
            + "\",\"status\":\"ACTIVE\",\"certificateAuthority\":{\"data\":\""
            + ca
            + "\"}}}");
  }
}
