package dev.hubflow.daemon.eks;

import dev.hubflow.core.cluster.credentials.RefreshingCredentialSource;
import dev.hubflow.core.spi.Clock;
import dev.hubflow.core.spi.Credentials;
import java.net.URI;
import java.time.Duration;
import java.time.Instant;
import java.util.Objects;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import software.amazon.awssdk.auth.credentials.AwsCredentialsProvider;
import software.amazon.awssdk.regions.Region;

/**
 * EKS bearer tokens for one cluster, made in-process and cached until shortly before the lifetime
 * {@code aws eks get-token} reports (14 minutes), or until a 401 invalidates them.
 */
public final class EksTokenSource extends RefreshingCredentialSource {
  private static final Logger log = LoggerFactory.getLogger(EksTokenSource.class);

  private final String clusterName;
  private final Region region;
  private final URI stsEndpoint;
  private final AwsCredentialsProvider credentials;
  private final EksTokenSigner signer;
  private final Duration lifetime;

  public EksTokenSource(
      String clusterName,
      Region region,
      URI stsEndpoint,
      AwsCredentialsProvider credentials,
      EksTokenSigner signer,
      Clock clock,
      Duration lifetime) {
    super(clock, DEFAULT_REFRESH_AHEAD);
    this.clusterName = Objects.requireNonNull(clusterName, "clusterName");
    this.region = Objects.requireNonNull(region, "region");
    this.stsEndpoint = Objects.requireNonNull(stsEndpoint, "stsEndpoint");
    this.credentials = Objects.requireNonNull(credentials, "credentials");
    this.signer = Objects.requireNonNull(signer, "signer");
    this.lifetime = Objects.requireNonNull(lifetime, "lifetime");
  }

  @Override
  protected Credentials fetch() {
    Instant now = clock().now();
    String token;
    try {
      token = signer.token(credentials.resolveCredentials(), clusterName, region, stsEndpoint, now);
    } catch (RuntimeException e) {
      throw new IllegalStateException(
          "EKS cluster " + clusterName + ": cannot get AWS credentials: " + e.getMessage(), e);
    }
    log.debug("made an EKS token for cluster {} in {}", clusterName, region.id());
    return Credentials.bearer(token, now.plus(lifetime));
  }

  @Override
  public String toString() {
    return "EksTokenSource[cluster=" + clusterName + ", region=" + region.id() + "]";
  }
}
