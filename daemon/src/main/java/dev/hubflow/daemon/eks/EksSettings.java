package dev.hubflow.daemon.eks;

import java.net.URI;
import java.time.Duration;
import java.util.Objects;
import java.util.Optional;

/**
 * How hubflow talks to AWS for EKS.
 *
 * @param stsEndpoint STS URL override (tests, VPC endpoints); else the regional STS endpoint
 * @param eksEndpoint EKS API URL override; else the regional one
 * @param defaultRegion region for clusters that name none; else the SDK's region chain
 * @param sessionName the AssumeRole session name (shows in the spoke's CloudTrail and RBAC user)
 * @param tokenLifetime how long a token is reported valid; the AWS CLI says 14 minutes for tokens
 *     EKS accepts for 15
 */
public record EksSettings(
    Optional<URI> stsEndpoint,
    Optional<URI> eksEndpoint,
    Optional<String> defaultRegion,
    String sessionName,
    Duration tokenLifetime) {

  public static final String DEFAULT_SESSION_NAME = "hubflow";
  public static final Duration DEFAULT_TOKEN_LIFETIME = Duration.ofMinutes(14);

  public EksSettings {
    Objects.requireNonNull(stsEndpoint, "stsEndpoint");
    Objects.requireNonNull(eksEndpoint, "eksEndpoint");
    Objects.requireNonNull(defaultRegion, "defaultRegion");
    Objects.requireNonNull(sessionName, "sessionName");
    Objects.requireNonNull(tokenLifetime, "tokenLifetime");
    if (!sessionName.matches("[\\w+=,.@-]{2,64}")) {
      throw new IllegalArgumentException(
          "AssumeRole session name \"" + sessionName + "\" must be 2-64 of [A-Za-z0-9_+=,.@-]");
    }
  }

  public static EksSettings defaults() {
    return new EksSettings(
        Optional.empty(),
        Optional.empty(),
        Optional.empty(),
        DEFAULT_SESSION_NAME,
        DEFAULT_TOKEN_LIFETIME);
  }

  public EksSettings withStsEndpoint(URI uri) {
    return new EksSettings(
        Optional.ofNullable(uri), eksEndpoint, defaultRegion, sessionName, tokenLifetime);
  }

  public EksSettings withEksEndpoint(URI uri) {
    return new EksSettings(
        stsEndpoint, Optional.ofNullable(uri), defaultRegion, sessionName, tokenLifetime);
  }

  public EksSettings withDefaultRegion(String region) {
    return new EksSettings(
        stsEndpoint, eksEndpoint, Optional.ofNullable(region), sessionName, tokenLifetime);
  }
}
