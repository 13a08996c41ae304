package dev.hubflow.testkit.aws;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Base64;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Checks EKS bearer tokens the way aws-iam-authenticator does: a {@code k8s-aws-v1.} token is a
 * base64url presigned STS {@code GetCallerIdentity} URL; it is sent (only to the trusted STS, with
 * header {@code x-k8s-aws-id: <cluster>}) and the identity STS answers with is the caller.
 */
public final class EksTokenVerifier {
  public static final String PREFIX = "k8s-aws-v1.";
  private static final Pattern ARN = Pattern.compile("<Arn>([^<]+)</Arn>");

  private final URI sts;
  private final String clusterName;
  private final HttpClient http;

  /** Result of one check; {@code reason} says why a token was refused. */
  public record Verification(Optional<String> arn, String reason) {
    static Verification refused(String reason) {
      return new Verification(Optional.empty(), reason);
    }
  }

  /**
   * @param sts the only STS endpoint tokens may point at (e.g. {@link FakeSts#uri()})
   * @param clusterName the cluster id tokens must be signed for
   */
  public EksTokenVerifier(URI sts, String clusterName) {
    this.sts = Objects.requireNonNull(sts, "sts");
    this.clusterName = Objects.requireNonNull(clusterName, "clusterName");
    this.http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
  }

  public String clusterName() {
    return clusterName;
  }

  /** The caller's ARN when STS accepts the token, else empty. */
  public Optional<String> verify(String token) {
    return check(token).arn();
  }

  public Verification check(String token) {
    if (token == null || !token.startsWith(PREFIX)) {
      return Verification.refused("not a " + PREFIX + " token");
    }
    URI url;
    try {
      url =
          URI.create(
              new String(
                  Base64.getUrlDecoder().decode(token.substring(PREFIX.length())),
                  StandardCharsets.UTF_8));
    } catch (IllegalArgumentException e) {
      return Verification.refused("token is not base64url of a URL");
    }
    // Never send a token's URL anywhere but the trusted STS: it could point at any host.
    if (!Objects.equals(url.getScheme(), sts.getScheme())
        || !Objects.equals(url.getHost(), sts.getHost())
        || url.getPort() != sts.getPort()) {
      return Verification.refused("token points at " + url.getHost() + ", not the trusted STS");
    }
    String query = Optional.ofNullable(url.getRawQuery()).orElse("");
    List<String> actions = SigV4.parseQuery(query).getOrDefault("Action", List.of());
    if (!actions.equals(List.of("GetCallerIdentity"))) {
      return Verification.refused("token is not a GetCallerIdentity request");
    }
    List<String> signed = SigV4.parseQuery(query).getOrDefault("X-Amz-SignedHeaders", List.of());
    if (signed.isEmpty() || !List.of(signed.get(0).split(";")).contains("x-k8s-aws-id")) {
      return Verification.refused("token does not sign the x-k8s-aws-id header");
    }
    HttpRequest request =
        HttpRequest.newBuilder(url)
            .timeout(Duration.ofSeconds(10))
            .header("x-k8s-aws-id", clusterName)
            .header("Accept", "text/xml")
            .GET()
            .build();
    HttpResponse<String> response;
    try {
      response = http.send(request, HttpResponse.BodyHandlers.ofString());
    } catch (IOException e) {
      return Verification.refused("STS unreachable: " + e.getMessage());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return Verification.refused("interrupted");
    }
    if (response.statusCode() != 200) {
      return Verification.refused("STS answered " + response.statusCode() + ": " + response.body());
    }
    Matcher arn = ARN.matcher(response.body());
    return arn.find()
        ? new Verification(Optional.of(arn.group(1)), "accepted")
        : Verification.refused("STS answer has no Arn");
  }

  @Override
  public String toString() {
    return "EksTokenVerifier[sts=" + sts + ", cluster=" + clusterName + "]";
  }
}
