package dev.hubflow.testkit.aws;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class SigV4Test {
  /** The worked example from AWS's Signature Version 4 documentation (IAM ListUsers). */
  @Test
  void matchesAwsDocumentedExample() {
    String canonical =
        SigV4.canonicalRequest(
            new SigV4.CanonicalInput(
                "GET",
                "/",
                SigV4.parseQuery("Action=ListUsers&Version=2010-05-08"),
                Map.of(
                    "content-type", List.of("application/x-www-form-urlencoded; charset=utf-8"),
                    "host", List.of("iam.amazonaws.com"),
                    "x-amz-date", List.of("20150830T123600Z")),
                List.of("content-type", "host", "x-amz-date"),
                SigV4.EMPTY_SHA256));
    assertThat(SigV4.sha256Hex(canonical))
        .isEqualTo("f536975d06c0309214f805bb90ccff089219ecd68b2577efef23edd43b7e1a59");
    String scope = "20150830/us-east-1/iam/aws4_request";
    assertThat(
            SigV4.signature(
                "wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY",
                scope,
                SigV4.stringToSign("20150830T123600Z", scope, canonical)))
        .isEqualTo("5d672d79c15b13162d9279b0855cfba6789a8edb4c82c400e06b5924a6f2b5d7");
  }

  @Test
  void encodesLikeRfc3986() {
    assertThat(SigV4.encode("a b/c~d_e.f-g+h=")).isEqualTo("a%20b%2Fc~d_e.f-g%2Bh%3D");
  }
}
