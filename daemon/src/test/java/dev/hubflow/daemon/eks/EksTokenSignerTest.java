package dev.hubflow.daemon.eks;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.hubflow.testkit.aws.AwsKeyring;
import dev.hubflow.testkit.aws.AwsKeys;
import dev.hubflow.testkit.aws.SigV4;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.auth.credentials.AwsSessionCredentials;
import software.amazon.awssdk.regions.Region;

/** The SDK's presigning, checked by the testkit's independent SigV4 code. */
class EksTokenSignerTest {
  static final Instant SIGNED_AT = Instant.parse("2026-03-01T10:00:00Z");
  static final AwsKeys KEYS =
      new AwsKeys(
          "ASIAEXAMPLE",
          "wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY",
          Optional.of("session+token/=="),
          "arn:aws:sts::222233334444:assumed-role/spoke/hubflow",
          Optional.empty());

  final EksTokenSigner signer = new EksTokenSigner();

  String token() {
    return signer.token(
        AwsSessionCredentials.create(
            KEYS.accessKeyId(), KEYS.secretAccessKey(), KEYS.sessionToken().orElseThrow()),
        "spoke-eu",
        Region.EU_WEST_1,
        EksTokenSigner.regionalSts(Region.EU_WEST_1),
        SIGNED_AT);
  }

  static URI decode(String token) {
    assertThat(token).startsWith("k8s-aws-v1.").doesNotContain("=");
    return URI.create(
        new String(
            Base64.getUrlDecoder().decode(token.substring("k8s-aws-v1.".length())),
            StandardCharsets.UTF_8));
  }

  static AwsKeyring.Received received(URI url, String clusterHeader) {
    return new AwsKeyring.Received(
        "GET",
        url.getRawPath(),
        SigV4.parseQuery(url.getRawQuery()),
        Map.of("host", List.of(url.getHost()), "x-k8s-aws-id", List.of(clusterHeader)),
        new byte[0]);
  }

  @Test
  void presignsGetCallerIdentityForTheRegionalStsWithTheClusterHeaderSigned() {
    URI url = decode(token());
    assertThat(url.getScheme()).isEqualTo("https");
    assertThat(url.getHost()).isEqualTo("sts.eu-west-1.amazonaws.com");
    Map<String, List<String>> query = SigV4.parseQuery(url.getRawQuery());
    assertThat(query.get("Action")).containsExactly("GetCallerIdentity");
    assertThat(query.get("Version")).containsExactly("2011-06-15");
    assertThat(query.get("X-Amz-Expires")).containsExactly("60");
    assertThat(query.get("X-Amz-Date")).containsExactly("20260301T100000Z");
    assertThat(query.get("X-Amz-SignedHeaders")).containsExactly("host;x-k8s-aws-id");
    assertThat(query.get("X-Amz-Credential"))
        .containsExactly("ASIAEXAMPLE/20260301/eu-west-1/sts/aws4_request");
    assertThat(query.get("X-Amz-Security-Token")).containsExactly("session+token/==");
  }

  @Test
  void signatureVerifiesWithTheSecretAndOnlyWithIt() {
    URI url = decode(token());
    AwsKeyring keyring = new AwsKeyring(() -> SIGNED_AT.plusSeconds(30));
    keyring.add(KEYS);
    assertThat(keyring.verify(received(url, "spoke-eu"), "sts").arn()).isEqualTo(KEYS.arn());

    assertThatThrownBy(() -> keyring.verify(received(url, "spoke-us"), "sts"))
        .hasMessageContaining("signature");

    AwsKeyring wrongSecret = new AwsKeyring(() -> SIGNED_AT.plusSeconds(30));
    wrongSecret.add(
        new AwsKeys(
            KEYS.accessKeyId(),
            "not-the-secret",
            KEYS.sessionToken(),
            KEYS.arn(),
            Optional.empty()));
    assertThatThrownBy(() -> wrongSecret.verify(received(url, "spoke-eu"), "sts"))
        .isInstanceOfSatisfying(
            AwsKeyring.Refused.class, e -> assertThat(e.code()).isEqualTo("SignatureDoesNotMatch"));
  }

  @Test
  void urlExpiresSixtySecondsAfterSigning() {
    URI url = decode(token());
    AwsKeyring late = new AwsKeyring(() -> SIGNED_AT.plusSeconds(61));
    late.add(KEYS);
    assertThatThrownBy(() -> late.verify(received(url, "spoke-eu"), "sts"))
        .hasMessageContaining("expired");
  }

  @Test
  void chinaRegionsUseTheirPartitionsDomain() {
    assertThat(EksTokenSigner.regionalSts(Region.CN_NORTH_1).getHost())
        .isEqualTo("sts.cn-north-1.amazonaws.com.cn");
  }
}
