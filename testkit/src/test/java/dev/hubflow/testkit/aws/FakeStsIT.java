package dev.hubflow.testkit.aws;

import static org.assertj.core.api.Assertions.assertThat;

import dev.hubflow.core.spi.Clock;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class FakeStsIT {
  final AtomicReference<Instant> now = new AtomicReference<>(Instant.parse("2026-03-01T10:00:00Z"));
  final Clock clock = now::get;
  FakeSts sts;
  AwsKeys spoke;
  EksTokenVerifier verifier;

  @BeforeEach
  void start() {
    sts = new FakeSts(clock);
    spoke = sts.createSessionKeys("arn:aws:iam::222233334444:role/hubflow-spoke", "hubflow");
    verifier = new EksTokenVerifier(sts.uri(), "spoke-eu");
  }

  @AfterEach
  void stop() {
    sts.close();
  }

  String token(String secret, String cluster, Instant at) {
    return TestPresigner.token(sts.uri().toString(), spoke, secret, cluster, at, 60);
  }

  @Test
  void acceptsACorrectlyPresignedTokenAndReportsTheAssumedRole() {
    assertThat(verifier.verify(token(spoke.secretAccessKey(), "spoke-eu", now.get())))
        .contains("arn:aws:sts::222233334444:assumed-role/hubflow-spoke/hubflow");
    assertThat(sts.callerIdentityCalls()).hasSize(1);
  }

  @Test
  void rejectsATokenSignedWithTheWrongSecret() {
    EksTokenVerifier.Verification result =
        verifier.check(token("not-the-secret", "spoke-eu", now.get()));
    assertThat(result.arn()).isEmpty();
    assertThat(result.reason()).contains("SignatureDoesNotMatch");
  }

  @Test
  void rejectsATokenForAnotherCluster() {
    assertThat(verifier.verify(token(spoke.secretAccessKey(), "spoke-us", now.get()))).isEmpty();
  }

  @Test
  void rejectsAnExpiredTokenByTheInjectedClock() {
    String token = token(spoke.secretAccessKey(), "spoke-eu", now.get());
    now.set(now.get().plusSeconds(60));
    assertThat(verifier.verify(token)).as("still valid at +60s").isPresent();
    now.set(now.get().plusSeconds(1));
    assertThat(verifier.check(token).reason()).contains("expired");
  }

  @Test
  void rejectsTamperedTokensAndForeignHosts() {
    String token = token(spoke.secretAccessKey(), "spoke-eu", now.get());
    String url =
        new String(
            Base64.getUrlDecoder().decode(token.substring(EksTokenVerifier.PREFIX.length())),
            StandardCharsets.UTF_8);
    assertThat(verifier.verify(reencode(url.replace("X-Amz-Expires=60", "X-Amz-Expires=900"))))
        .isEmpty();
    assertThat(verifier.verify(reencode(url.replace("host%3Bx-k8s-aws-id", "host")))).isEmpty();
    assertThat(verifier.check(reencode(url.replace("127.0.0.1", "localhost"))).reason())
        .contains("not the trusted STS");
    assertThat(verifier.verify("k8s-aws-v1.!!!")).isEmpty();
    assertThat(verifier.verify("Bearer abc")).isEmpty();
  }

  @Test
  void rejectsKeysThatExpiredOrThatStsNeverIssued() {
    AwsKeys unknown =
        new AwsKeys(
            "ASIAUNKNOWN",
            "secret",
            java.util.Optional.empty(),
            "arn:aws:iam::1:user/x",
            java.util.Optional.empty());
    String token =
        TestPresigner.token(sts.uri().toString(), unknown, "secret", "spoke-eu", now.get(), 60);
    assertThat(verifier.check(token).reason()).contains("InvalidClientTokenId");

    now.set(now.get().plus(Duration.ofHours(2))); // the session keys lived one hour
    assertThat(verifier.check(token(spoke.secretAccessKey(), "spoke-eu", now.get())).reason())
        .contains("ExpiredToken");
  }

  static String reencode(String url) {
    return EksTokenVerifier.PREFIX
        + Base64.getUrlEncoder()
            .withoutPadding()
            .encodeToString(url.getBytes(StandardCharsets.UTF_8));
  }
}
