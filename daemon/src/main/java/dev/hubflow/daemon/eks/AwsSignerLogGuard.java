package dev.hubflow.daemon.eks;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.turbo.TurboFilter;
import ch.qos.logback.core.spi.FilterReply;
import java.util.List;
import org.slf4j.Marker;

/**
 * Drops the AWS SDK signer's DEBUG and TRACE logs whatever level an operator turns on: they print
 * canonical requests, which carry {@code X-Amz-Security-Token} (a live session token) and, for
 * presigned EKS tokens, everything needed to replay them. Installed by the daemon's logback.xml.
 */
public final class AwsSignerLogGuard extends TurboFilter {
  static final List<String> SIGNER_LOGGERS =
      List.of(
          "software.amazon.awssdk.http.auth.aws.internal.signer",
          "software.amazon.awssdk.http.auth.aws.signer",
          "software.amazon.awssdk.auth.signer");

  @Override
  public FilterReply decide(
      Marker marker, Logger logger, Level level, String format, Object[] params, Throwable t) {
    if (level == null || level.isGreaterOrEqual(Level.INFO)) {
      return FilterReply.NEUTRAL;
    }
    String name = logger.getName();
    for (String prefix : SIGNER_LOGGERS) {
      if (name.startsWith(prefix)) {
        return FilterReply.DENY;
      }
    }
    return FilterReply.NEUTRAL;
  }
}
