package dev.hubflow.testkit.aws;

import com.sun.net.httpserver.HttpExchange;
import dev.hubflow.core.spi.Clock;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * A fake AWS STS: {@code AssumeRole} hands out fresh temporary keys for any role (or only with the
 * right external id, when one is required), and {@code GetCallerIdentity} answers only requests
 * whose SigV4 signature is right for a known key — including presigned URLs, whose {@code
 * X-Amz-Date} + {@code X-Amz-Expires} is checked against the injected clock. The EKS token check
 * ({@link EksTokenVerifier}) relies on exactly that.
 */
public final class FakeSts extends FakeAwsServer {
  static final String NAMESPACE = "https://sts.amazonaws.com/doc/2011-06-15/";

  private final AwsKeyring keyring;
  private final SecureRandom random = new SecureRandom();
  private final Map<String, String> requiredExternalIds = new ConcurrentHashMap<>();
  private final List<AssumeRoleCall> assumeRoleCalls = new CopyOnWriteArrayList<>();
  private final List<String> callerIdentityCalls = new CopyOnWriteArrayList<>();
  private volatile Duration sessionDuration = Duration.ofHours(1);

  /** One AssumeRole call that succeeded. */
  public record AssumeRoleCall(
      String callerArn, String roleArn, String sessionName, Optional<String> externalId) {}

  public FakeSts(Clock clock) {
    super("sts");
    this.keyring = new AwsKeyring(clock);
  }

  /** The keys this STS (and a {@link FakeEks} sharing it) accepts. */
  public AwsKeyring keyring() {
    return keyring;
  }

  /** Long-lived keys for an IAM identity, e.g. the role a pod's Pod Identity association gives. */
  public AwsKeys createKeys(String arn) {
    AwsKeys keys =
        new AwsKeys(
            "AKIA" + hex(8).toUpperCase(), hex(20), Optional.empty(), arn, Optional.empty());
    keyring.add(keys);
    return keys;
  }

  /** Temporary keys (with a session token) as Pod Identity hands out for a role. */
  public AwsKeys createSessionKeys(String roleArn, String sessionName) {
    AwsKeys keys = sessionKeys(roleArn, sessionName);
    keyring.add(keys);
    return keys;
  }

  /** AssumeRole into {@code roleArn} will demand this external id. */
  public void requireExternalId(String roleArn, String externalId) {
    requiredExternalIds.put(roleArn, externalId);
  }

  /** How long keys from AssumeRole live (default one hour). */
  public void sessionDuration(Duration duration) {
    this.sessionDuration = duration;
  }

  public List<AssumeRoleCall> assumeRoleCalls() {
    return List.copyOf(assumeRoleCalls);
  }

  /** The ARNs GetCallerIdentity answered for, in order. */
  public List<String> callerIdentityCalls() {
    return List.copyOf(callerIdentityCalls);
  }

  @Override
  void handle(HttpExchange exchange, AwsKeyring.Received request) throws IOException {
    Map<String, List<String>> params = new TreeMap<>(request.query());
    String contentType = request.headers().getOrDefault("content-type", List.of("")).get(0);
    if (request.method().equals("POST")
        && contentType.startsWith("application/x-www-form-urlencoded")) {
      SigV4.parseQuery(new String(request.body(), StandardCharsets.UTF_8))
          .forEach((k, v) -> params.merge(k, v, (a, b) -> b));
    }
    String action = first(params, "Action").orElse("");
    AwsKeys caller;
    try {
      caller = keyring.verify(request, "sts");
    } catch (AwsKeyring.Refused refused) {
      error(exchange, refused.status(), refused.code(), refused.getMessage());
      return;
    }
    switch (action) {
      case "GetCallerIdentity" -> {
        callerIdentityCalls.add(caller.arn());
        respond(
            exchange,
            200,
            "text/xml",
            "<GetCallerIdentityResponse xmlns=\""
                + NAMESPACE
                + "\"><GetCallerIdentityResult><Arn>"
                + xmlEscape(caller.arn())
                + "</Arn><UserId>"
                + xmlEscape(caller.accessKeyId())
                + "</UserId><Account>"
                + xmlEscape(caller.account())
                + "</Account></GetCallerIdentityResult>"
                + metadata()
                + "</GetCallerIdentityResponse>");
      }
      case "AssumeRole" -> assumeRole(exchange, caller, params);
      default -> error(exchange, 400, "InvalidAction", "Could not find operation " + action);
    }
  }

  private void assumeRole(HttpExchange exchange, AwsKeys caller, Map<String, List<String>> params)
      throws IOException {
    Optional<String> roleArn = first(params, "RoleArn");
    Optional<String> sessionName = first(params, "RoleSessionName");
    if (roleArn.isEmpty() || sessionName.isEmpty()) {
      error(exchange, 400, "ValidationError", "RoleArn and RoleSessionName are required");
      return;
    }
    Optional<String> externalId = first(params, "ExternalId");
    String required = requiredExternalIds.get(roleArn.get());
    if (required != null && !externalId.filter(required::equals).isPresent()) {
      error(
          exchange,
          403,
          "AccessDenied",
          "User: "
              + caller.arn()
              + " is not authorized to perform: sts:AssumeRole on resource: "
              + roleArn.get());
      return;
    }
    AwsKeys issued = sessionKeys(roleArn.get(), sessionName.get());
    keyring.add(issued);
    assumeRoleCalls.add(
        new AssumeRoleCall(caller.arn(), roleArn.get(), sessionName.get(), externalId));
    respond(
        exchange,
        200,
        "text/xml",
        "<AssumeRoleResponse xmlns=\""
            + NAMESPACE
            + "\"><AssumeRoleResult><AssumedRoleUser><AssumedRoleId>AROA"
            + hex(8).toUpperCase()
            + ":"
            + xmlEscape(sessionName.get())
            + "</AssumedRoleId><Arn>"
            + xmlEscape(issued.arn())
            + "</Arn></AssumedRoleUser><Credentials><AccessKeyId>"
            + issued.accessKeyId()
            + "</AccessKeyId><SecretAccessKey>"
            + issued.secretAccessKey()
            + "</SecretAccessKey><SessionToken>"
            + issued.sessionToken().orElseThrow()
            + "</SessionToken><Expiration>"
            + issued.expiration().orElseThrow()
            + "</Expiration></Credentials></AssumeRoleResult>"
            + metadata()
            + "</AssumeRoleResponse>");
  }

  private AwsKeys sessionKeys(String roleArn, String sessionName) {
    // arn:aws:iam::ACCOUNT:role/NAME → arn:aws:sts::ACCOUNT:assumed-role/NAME/SESSION
    String[] parts = roleArn.split(":", 6);
    String account = parts.length > 4 ? parts[4] : "000000000000";
    String role = parts.length > 5 ? parts[5].substring(parts[5].lastIndexOf('/') + 1) : "unknown";
    Instant expiration =
        keyring.clock().now().plus(sessionDuration).truncatedTo(ChronoUnit.SECONDS);
    return new AwsKeys(
        "ASIA" + hex(8).toUpperCase(),
        hex(20),
        Optional.of(hex(32)),
        "arn:aws:sts::" + account + ":assumed-role/" + role + "/" + sessionName,
        Optional.of(expiration));
  }

  private void error(HttpExchange exchange, int status, String code, String message)
      throws IOException {
    respond(
        exchange,
        status,
        "text/xml",
        "<ErrorResponse xmlns=\""
            + NAMESPACE
            + "\"><Error><Type>Sender</Type><Code>"
            + code
            + "</Code><Message>"
            + xmlEscape(message)
            + "</Message></Error><RequestId>"
            + hex(8)
            + "</RequestId></ErrorResponse>");
  }

  private String metadata() {
    return "<ResponseMetadata><RequestId>" + hex(8) + "</RequestId></ResponseMetadata>";
  }

  private String hex(int bytes) {
    byte[] buffer = new byte[bytes];
    random.nextBytes(buffer);
    return HexFormat.of().formatHex(buffer);
  }

  private static Optional<String> first(Map<String, List<String>> params, String name) {
    List<String> values = params.get(name);
    return values == null || values.isEmpty() ? Optional.empty() : Optional.of(values.get(0));
  }
}
