package dev.hubflow.testkit.aws;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Makes EKS tokens with the testkit's own SigV4 code, so the fakes can be tested alone. */
final class TestPresigner {
  private TestPresigner() {}

  static String token(
      String stsUri,
      AwsKeys keys,
      String secretToSignWith,
      String cluster,
      Instant at,
      int expires) {
    String amzDate = AwsKeyring.AMZ_DATE.format(at);
    String scope = amzDate.substring(0, 8) + "/us-east-1/sts/aws4_request";
    Map<String, List<String>> query = new LinkedHashMap<>();
    query.put("Action", List.of("GetCallerIdentity"));
    query.put("Version", List.of("2011-06-15"));
    query.put("X-Amz-Algorithm", List.of(SigV4.ALGORITHM));
    query.put("X-Amz-Credential", List.of(keys.accessKeyId() + "/" + scope));
    query.put("X-Amz-Date", List.of(amzDate));
    query.put("X-Amz-Expires", List.of(String.valueOf(expires)));
    query.put("X-Amz-SignedHeaders", List.of("host;x-k8s-aws-id"));
    keys.sessionToken().ifPresent(t -> query.put("X-Amz-Security-Token", List.of(t)));
    String host = stsUri.substring(stsUri.indexOf("//") + 2);
    String canonical =
        SigV4.canonicalRequest(
            new SigV4.CanonicalInput(
                "GET",
                "/",
                query,
                Map.of("host", List.of(host), "x-k8s-aws-id", List.of(cluster)),
                List.of("host", "x-k8s-aws-id"),
                SigV4.EMPTY_SHA256));
    String signature =
        SigV4.signature(secretToSignWith, scope, SigV4.stringToSign(amzDate, scope, canonical));
    List<String> pairs = new ArrayList<>();
    query.forEach((k, v) -> pairs.add(SigV4.encode(k) + "=" + SigV4.encode(v.get(0))));
    pairs.add("X-Amz-Signature=" + signature);
    String url = stsUri + "/?" + String.join("&", pairs);
    return EksTokenVerifier.PREFIX
        + Base64.getUrlEncoder()
            .withoutPadding()
            .encodeToString(url.getBytes(StandardCharsets.UTF_8));
  }
}
