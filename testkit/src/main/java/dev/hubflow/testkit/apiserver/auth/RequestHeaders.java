package dev.hubflow.testkit.apiserver.auth;

import java.security.cert.X509Certificate;
import java.util.List;
import java.util.Optional;

/** What an authenticator may look at: headers and the verified TLS client certificates. */
public interface RequestHeaders {
  /** The first value of a header (case-insensitive name). */
  Optional<String> header(String name);

  /** The client's certificate chain, verified against the cluster's CA; empty over plain HTTP. */
  List<X509Certificate> clientCertificates();

  /** The token of an {@code Authorization: Bearer} header. */
  default Optional<String> bearerToken() {
    return header("Authorization")
        .filter(h -> h.regionMatches(true, 0, "Bearer ", 0, 7))
        .map(h -> h.substring(7).trim())
        .filter(t -> !t.isEmpty());
  }
}
