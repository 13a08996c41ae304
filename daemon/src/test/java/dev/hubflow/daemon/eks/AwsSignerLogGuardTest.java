package dev.hubflow.daemon.eks;

import static org.assertj.core.api.Assertions.assertThat;

import dev.hubflow.daemon.testing.LogCapture;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;

class AwsSignerLogGuardTest {
  @Test
  void shippedLogbackConfigDropsSignerDebugEvenAtTrace() {
    try (LogCapture logs = new LogCapture()) {
      LoggerFactory.getLogger("software.amazon.awssdk.http.auth.aws.internal.signer.X")
          .debug("AWS4 Canonical Request: x-amz-security-token:SESSION");
      LoggerFactory.getLogger("software.amazon.awssdk.http.auth.aws.internal.signer.X")
          .warn("signer warning");
      LoggerFactory.getLogger("software.amazon.awssdk.request").debug("Sending Request");
      assertThat(logs.lines())
          .noneMatch(line -> line.contains("SESSION"))
          .anyMatch(line -> line.contains("signer warning"))
          .anyMatch(line -> line.contains("Sending Request"));
    }
  }
}
