package dev.hubflow.testkit.aws;

import dev.hubflow.core.spi.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The keys the fakes know, and the SigV4 check of a request signed with one of them (in the {@code
 * Authorization} header, or presigned in the query string).
 */
public final class AwsKeyring {
  static final DateTimeFormatter AMZ_DATE =
      DateTimeFormatter.ofPattern("yyyyMMdd'T'HHmmss'Z'", Locale.ROOT).withZone(ZoneOffset.UTC);

  /** AWS allows this much clock skew on signed requests. */
  static final Duration SKEW = Duration.ofMinutes(15);

  private final Map<String, AwsKeys> keys = new ConcurrentHashMap<>();
  private final Clock clock;

  public AwsKeyring(Clock clock) {
    this.clock = clock;
  }

  public Clock clock() {
    return clock;
  }

  public void add(AwsKeys key) {
    keys.put(key.accessKeyId(), key);
  }

  public Optional<AwsKeys> find(String accessKeyId) {
    return Optional.ofNullable(keys.get(accessKeyId));
  }

  /** A request as received: method, raw path, decoded query, lower-cased headers, body hash. */
  public record Received(
      String method,
      String path,
      Map<String, List<String>> query,
      Map<String, List<String>> headers,
      byte[] body) {}

  /** Why a request was refused, as AWS would say it. */
  public static final class Refused extends RuntimeException {
    private final int status;
    private final String code;

    Refused(int status, String code, String message) {
      super(message);
      this.status = status;
      this.code = code;
    }

    public int status() {
      return status;
    }

    public String code() {
      return code;
    }
  }

  /** Checks the signature and returns whose keys signed, or throws {@link Refused}. */
  public AwsKeys verify(Received request, String service) {
    return request.query().containsKey("X-Amz-Signature")
        ? verifyPresigned(request, service)
        : verifyHeader(request, service);
  }

  private AwsKeys verifyPresigned(Received request, String service) {
    Map<String, List<String>> query = request.query();
    if (!SigV4.ALGORITHM.equals(first(query, "X-Amz-Algorithm"))) {
      throw refused("IncompleteSignature", "X-Amz-Algorithm must be " + SigV4.ALGORITHM);
    }
    String credential = required(query, "X-Amz-Credential");
    String amzDate = required(query, "X-Amz-Date");
    String expires = required(query, "X-Amz-Expires");
    List<String> signedHeaders = Arrays.asList(required(query, "X-Amz-SignedHeaders").split(";"));
    String signature = required(query, "X-Amz-Signature");
    Instant signedAt = parseDate(amzDate);
    long expirySeconds;
    try {
      expirySeconds = Long.parseLong(expires);
    } catch (NumberFormatException e) {
      throw refused("AuthorizationQueryParametersError", "X-Amz-Expires is not a number");
    }
    Instant now = clock.now();
    if (now.isAfter(signedAt.plusSeconds(expirySeconds))) {
      throw new Refused(403, "AccessDenied", "Request has expired");
    }
    if (signedAt.isAfter(now.plus(SKEW))) {
      throw refused("SignatureDoesNotMatch", "Signature not yet current");
    }
    Map<String, List<String>> canonicalQuery = new LinkedHashMap<>(query);
    canonicalQuery.remove("X-Amz-Signature");
    AwsKeys key = keyFor(credential, service);
    checkSessionToken(key, first(query, "X-Amz-Security-Token"));
    String scope = credential.substring(credential.indexOf('/') + 1);
    String canonical =
        SigV4.canonicalRequest(
            new SigV4.CanonicalInput(
                request.method(),
                request.path(),
                canonicalQuery,
                request.headers(),
                signedHeaders,
                SigV4.EMPTY_SHA256));
    check(key, scope, amzDate, canonical, signature);
    return key;
  }

  private AwsKeys verifyHeader(Received request, String service) {
    String authorization = firstHeader(request, "authorization");
    if (authorization == null || !authorization.startsWith(SigV4.ALGORITHM + " ")) {
      throw refused("MissingAuthenticationToken", "Request is missing Authentication Token");
    }
    Map<String, String> parts = new LinkedHashMap<>();
    for (String part : authorization.substring(SigV4.ALGORITHM.length() + 1).split(",")) {
      String[] kv = part.strip().split("=", 2);
      if (kv.length == 2) {
        parts.put(kv[0], kv[1]);
      }
    }
    String credential = parts.get("Credential");
    String signedHeaders = parts.get("SignedHeaders");
    String signature = parts.get("Signature");
    if (credential == null || signedHeaders == null || signature == null) {
      throw refused("IncompleteSignature", "Authorization header is incomplete");
    }
    String amzDate = firstHeader(request, "x-amz-date");
    if (amzDate == null) {
      throw refused("IncompleteSignature", "X-Amz-Date header is missing");
    }
    Instant signedAt = parseDate(amzDate);
    if (Duration.between(signedAt, clock.now()).abs().compareTo(SKEW) > 0) {
      throw refused("SignatureDoesNotMatch", "Signature expired: " + amzDate + " is too far off");
    }
    AwsKeys key = keyFor(credential, service);
    checkSessionToken(key, firstHeader(request, "x-amz-security-token"));
    String payloadHash = firstHeader(request, "x-amz-content-sha256");
    if (payloadHash == null) {
      payloadHash = SigV4.sha256Hex(request.body());
    }
    String scope = credential.substring(credential.indexOf('/') + 1);
    String canonical =
        SigV4.canonicalRequest(
            new SigV4.CanonicalInput(
                request.method(),
                request.path(),
                request.query(),
                request.headers(),
                Arrays.asList(signedHeaders.split(";")),
                payloadHash));
    check(key, scope, amzDate, canonical, signature);
    return key;
  }

  private AwsKeys keyFor(String credential, String service) {
    int slash = credential.indexOf('/');
    if (slash < 0) {
      throw refused("IncompleteSignature", "credential " + credential + " has no scope");
    }
    String[] scope = credential.substring(slash + 1).split("/");
    if (scope.length != 4 || !scope[2].equals(service) || !scope[3].equals("aws4_request")) {
      throw refused(
          "SignatureDoesNotMatch",
          "credential scope " + credential.substring(slash + 1) + " is not for " + service);
    }
    String accessKeyId = credential.substring(0, slash);
    AwsKeys key =
        find(accessKeyId)
            .orElseThrow(
                () ->
                    new Refused(
                        403,
                        "InvalidClientTokenId",
                        "The security token included in the request is invalid"));
    if (key.expiration().isPresent() && !clock.now().isBefore(key.expiration().get())) {
      throw new Refused(
          403, "ExpiredToken", "The security token included in the request is expired");
    }
    return key;
  }

  private static void checkSessionToken(AwsKeys key, String presented) {
    if (key.sessionToken().isPresent() && !key.sessionToken().get().equals(presented)) {
      throw new Refused(
          403, "InvalidClientTokenId", "The security token included in the request is invalid");
    }
  }

  private static void check(
      AwsKeys key, String scope, String amzDate, String canonical, String signature) {
    String expected =
        SigV4.signature(
            key.secretAccessKey(), scope, SigV4.stringToSign(amzDate, scope, canonical));
    if (!SigV4.same(expected, signature)) {
      throw refused(
          "SignatureDoesNotMatch",
          "The request signature we calculated does not match the signature you provided");
    }
  }

  private static Instant parseDate(String amzDate) {
    try {
      return Instant.from(AMZ_DATE.parse(amzDate));
    } catch (DateTimeParseException e) {
      throw refused("IncompleteSignature", "X-Amz-Date " + amzDate + " is not yyyyMMddTHHmmssZ");
    }
  }

  private static String first(Map<String, List<String>> query, String name) {
    List<String> values = query.get(name);
    return values == null || values.isEmpty() ? null : values.get(0);
  }

  private static String required(Map<String, List<String>> query, String name) {
    String value = first(query, name);
    if (value == null || value.isEmpty()) {
      throw refused("AuthorizationQueryParametersError", name + " is missing");
    }
    return value;
  }

  private static String firstHeader(Received request, String name) {
    List<String> values = request.headers().getOrDefault(name, new ArrayList<>());
    return values.isEmpty() ? null : values.get(0);
  }

  private static Refused refused(String code, String message) {
    return new Refused(403, code, message);
  }
}
