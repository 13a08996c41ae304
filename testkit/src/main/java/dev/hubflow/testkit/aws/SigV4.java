package dev.hubflow.testkit.aws;

import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * AWS Signature Version 4, written from the published algorithm and independent of the AWS SDK, so
 * the fakes check the SDK's signatures rather than trusting them.
 */
public final class SigV4 {
  public static final String ALGORITHM = "AWS4-HMAC-SHA256";
  public static final String EMPTY_SHA256 =
      "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855";

  private SigV4() {}

  /** A request as the signer saw it. Header names lower case; query already decoded. */
  public record CanonicalInput(
      String method,
      String path,
      Map<String, List<String>> query,
      Map<String, List<String>> headers,
      List<String> signedHeaders,
      String payloadHash) {}

  public static String canonicalRequest(CanonicalInput input) {
    StringBuilder headers = new StringBuilder();
    for (String name : input.signedHeaders()) {
      List<String> values = input.headers().getOrDefault(name, List.of());
      List<String> trimmed = new ArrayList<>();
      for (String value : values) {
        trimmed.add(value.strip().replaceAll(" +", " "));
      }
      headers.append(name).append(':').append(String.join(",", trimmed)).append('\n');
    }
    return input.method()
        + "\n"
        + canonicalPath(input.path())
        + "\n"
        + canonicalQuery(input.query())
        + "\n"
        + headers
        + "\n"
        + String.join(";", input.signedHeaders())
        + "\n"
        + input.payloadHash();
  }

  public static String stringToSign(String amzDate, String scope, String canonicalRequest) {
    return ALGORITHM + "\n" + amzDate + "\n" + scope + "\n" + sha256Hex(canonicalRequest);
  }

  /**
   * {@code hex(HMAC(signingKey, stringToSign))} for scope {@code date/region/service/aws4_request}.
   */
  public static String signature(String secret, String scope, String stringToSign) {
    String[] parts = scope.split("/");
    if (parts.length != 4 || !parts[3].equals("aws4_request")) {
      throw new IllegalArgumentException("bad credential scope " + scope);
    }
    byte[] key = hmac(("AWS4" + secret).getBytes(StandardCharsets.UTF_8), parts[0]);
    key = hmac(key, parts[1]);
    key = hmac(key, parts[2]);
    key = hmac(key, parts[3]);
    return HexFormat.of().formatHex(hmac(key, stringToSign));
  }

  /** Compares signatures in constant time. */
  public static boolean same(String expected, String actual) {
    return MessageDigest.isEqual(
        expected.getBytes(StandardCharsets.UTF_8), actual.getBytes(StandardCharsets.UTF_8));
  }

  /**
   * Non-S3 services encode each path segment twice: {@code rawPath} arrives encoded once, so it is
   * encoded once more here. An empty path is "/".
   */
  static String canonicalPath(String rawPath) {
    if (rawPath == null || rawPath.isEmpty()) {
      return "/";
    }
    StringBuilder out = new StringBuilder();
    String[] segments = rawPath.split("/", -1);
    for (int i = 0; i < segments.length; i++) {
      if (i > 0) {
        out.append('/');
      }
      out.append(encode(segments[i]));
    }
    return out.toString();
  }

  static String canonicalQuery(Map<String, List<String>> query) {
    TreeMap<String, List<String>> sorted = new TreeMap<>();
    for (Map.Entry<String, List<String>> entry : query.entrySet()) {
      List<String> values = new ArrayList<>();
      for (String value : entry.getValue()) {
        values.add(encode(value));
      }
      values.sort(null);
      sorted.put(encode(entry.getKey()), values);
    }
    List<String> pairs = new ArrayList<>();
    sorted.forEach((key, values) -> values.forEach(value -> pairs.add(key + "=" + value)));
    return String.join("&", pairs);
  }

  /** RFC 3986 encoding: unreserved characters stay, everything else is %XX upper case. */
  public static String encode(String text) {
    StringBuilder out = new StringBuilder();
    for (byte b : text.getBytes(StandardCharsets.UTF_8)) {
      char c = (char) (b & 0xff);
      if ((c >= 'A' && c <= 'Z')
          || (c >= 'a' && c <= 'z')
          || (c >= '0' && c <= '9')
          || c == '-'
          || c == '_'
          || c == '.'
          || c == '~') {
        out.append(c);
      } else {
        out.append('%').append(String.format("%02X", b & 0xff));
      }
    }
    return out.toString();
  }

  /** Decodes {@code a=b&c=d} (form bodies and raw query strings). */
  public static Map<String, List<String>> parseQuery(String raw) {
    Map<String, List<String>> result = new TreeMap<>();
    if (raw == null || raw.isEmpty()) {
      return result;
    }
    for (String pair : raw.split("&")) {
      if (pair.isEmpty()) {
        continue;
      }
      int eq = pair.indexOf('=');
      String key = eq < 0 ? pair : pair.substring(0, eq);
      String value = eq < 0 ? "" : pair.substring(eq + 1);
      result.computeIfAbsent(decode(key), k -> new ArrayList<>()).add(decode(value));
    }
    return result;
  }

  private static String decode(String text) {
    // '+' in a query is a literal plus for SigV4 signers (they encode space as %20).
    return URLDecoder.decode(text.replace("+", "%2B"), StandardCharsets.UTF_8);
  }

  public static String sha256Hex(String text) {
    return sha256Hex(text.getBytes(StandardCharsets.UTF_8));
  }

  public static String sha256Hex(byte[] bytes) {
    try {
      return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException(e);
    }
  }

  private static byte[] hmac(byte[] key, String data) {
    try {
      Mac mac = Mac.getInstance("HmacSHA256");
      mac.init(new SecretKeySpec(key, "HmacSHA256"));
      return mac.doFinal(data.getBytes(StandardCharsets.UTF_8));
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException(e);
    }
  }
}
