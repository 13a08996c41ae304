package dev.hubflow.daemon.eks;

import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Base64;
import java.util.Objects;
import software.amazon.awssdk.http.SdkHttpMethod;
import software.amazon.awssdk.http.SdkHttpRequest;
import software.amazon.awssdk.http.auth.aws.signer.AwsV4FamilyHttpSigner;
import software.amazon.awssdk.http.auth.aws.signer.AwsV4HttpSigner;
import software.amazon.awssdk.http.auth.spi.signer.HttpSigner;
import software.amazon.awssdk.http.auth.spi.signer.SignedRequest;
import software.amazon.awssdk.identity.spi.AwsCredentialsIdentity;
import software.amazon.awssdk.regions.PartitionMetadata;
import software.amazon.awssdk.regions.Region;

/**
 * Makes EKS bearer tokens: {@code k8s-aws-v1.} + base64url (no padding) of an STS {@code
 * GetCallerIdentity} URL presigned (SigV4, query string, 60 s) with the header {@code x-k8s-aws-id:
 * <cluster>} signed in, which is what {@code aws eks get-token} produces and EKS's authenticator
 * checks.
 */
public final class EksTokenSigner {
  public static final String PREFIX = "k8s-aws-v1.";
  public static final String CLUSTER_HEADER = "x-k8s-aws-id";
  public static final Duration URL_EXPIRY = Duration.ofSeconds(60);

  private final AwsV4HttpSigner signer = AwsV4HttpSigner.create();

  /** The regional STS endpoint, e.g. {@code https://sts.eu-west-1.amazonaws.com}. */
  public static URI regionalSts(Region region) {
    return URI.create(
        "https://sts." + region.id() + "." + PartitionMetadata.of(region).dnsSuffix());
  }

  /**
   * A token for {@code clusterName}, signed by {@code credentials} for {@code region}'s STS at
   * {@code endpoint}, as of {@code signingTime}.
   */
  public String token(
      AwsCredentialsIdentity credentials,
      String clusterName,
      Region region,
      URI endpoint,
      Instant signingTime) {
    Objects.requireNonNull(credentials, "credentials");
    SdkHttpRequest request =
        SdkHttpRequest.builder()
            .method(SdkHttpMethod.GET)
            .uri(endpoint)
            .encodedPath("/")
            .putRawQueryParameter("Action", "GetCallerIdentity")
            .putRawQueryParameter("Version", "2011-06-15")
            .putHeader(CLUSTER_HEADER, clusterName)
            .build();
    SignedRequest signed =
        signer.sign(
            r ->
                r.identity(credentials)
                    .request(request)
                    .putProperty(AwsV4HttpSigner.SERVICE_SIGNING_NAME, "sts")
                    .putProperty(AwsV4HttpSigner.REGION_NAME, region.id())
                    .putProperty(
                        AwsV4HttpSigner.AUTH_LOCATION,
                        AwsV4FamilyHttpSigner.AuthLocation.QUERY_STRING)
                    .putProperty(AwsV4HttpSigner.EXPIRATION_DURATION, URL_EXPIRY)
                    .putProperty(
                        HttpSigner.SIGNING_CLOCK, Clock.fixed(signingTime, ZoneOffset.UTC)));
    String url = signed.request().getUri().toString();
    return PREFIX
        + Base64.getUrlEncoder()
            .withoutPadding()
            .encodeToString(url.getBytes(StandardCharsets.UTF_8));
  }
}
