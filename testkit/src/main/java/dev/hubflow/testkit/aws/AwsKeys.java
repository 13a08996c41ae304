package dev.hubflow.testkit.aws;

import java.time.Instant;
import java.util.Objects;
import java.util.Optional;

/**
 * One set of AWS credentials the fakes know, and whose they are.
 *
 * @param accessKeyId e.g. {@code ASIA…}
 * @param secretAccessKey the signing secret
 * @param sessionToken required on requests signed with temporary keys
 * @param arn the identity GetCallerIdentity reports
 * @param expiration when temporary keys stop working
 */
public record AwsKeys(
    String accessKeyId,
    String secretAccessKey,
    Optional<String> sessionToken,
    String arn,
    Optional<Instant> expiration) {

  public AwsKeys {
    Objects.requireNonNull(accessKeyId, "accessKeyId");
    Objects.requireNonNull(secretAccessKey, "secretAccessKey");
    Objects.requireNonNull(sessionToken, "sessionToken");
    Objects.requireNonNull(arn, "arn");
    Objects.requireNonNull(expiration, "expiration");
  }

  /** The account id inside the ARN. */
  public String account() {
    String[] parts = arn.split(":");
    return parts.length > 4 ? parts[4] : "";
  }

  @Override
  public String toString() {
    return "AwsKeys[accessKeyId=" + accessKeyId + ", arn=" + arn + ", secret=<redacted>]";
  }
}
