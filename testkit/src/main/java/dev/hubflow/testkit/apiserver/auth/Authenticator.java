package dev.hubflow.testkit.apiserver.auth;

import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import javax.naming.InvalidNameException;
import javax.naming.ldap.LdapName;
import javax.naming.ldap.Rdn;

/**
 * Decides who a request comes from; empty means "not authenticated" (the server answers 401).
 * Implementations must not log tokens.
 */
@FunctionalInterface
public interface Authenticator {
  Optional<UserInfo> authenticate(RequestHeaders request);

  /** This one, and when it says no, {@code other}. */
  default Authenticator or(Authenticator other) {
    return request -> {
      Optional<UserInfo> user = authenticate(request);
      return user.isPresent() ? user : other.authenticate(request);
    };
  }

  /** Bearer tokens from a fixed table. */
  static Authenticator staticTokens(Map<String, UserInfo> tokens) {
    Map<String, UserInfo> copy = Map.copyOf(tokens);
    return request -> request.bearerToken().map(copy::get);
  }

  /** TLS client certificates (already verified against the CA): CN is the user, O the groups. */
  static Authenticator clientCertificates() {
    return request -> {
      List<X509Certificate> chain = request.clientCertificates();
      if (chain.isEmpty()) {
        return Optional.empty();
      }
      try {
        String user = null;
        List<String> groups = new ArrayList<>();
        for (Rdn rdn : new LdapName(chain.get(0).getSubjectX500Principal().getName()).getRdns()) {
          if (rdn.getType().equalsIgnoreCase("CN")) {
            user = rdn.getValue().toString();
          } else if (rdn.getType().equalsIgnoreCase("O")) {
            groups.add(rdn.getValue().toString());
          }
        }
        groups.add("system:authenticated");
        return Optional.ofNullable(user).map(u -> new UserInfo(u, groups));
      } catch (InvalidNameException e) {
        return Optional.empty();
      }
    };
  }

  /** Everyone is {@code user}: for tests that don't care about authentication. */
  static Authenticator everyoneAs(UserInfo user) {
    return request -> Optional.of(user);
  }

  /** Nobody is authenticated. */
  static Authenticator nobody() {
    return request -> Optional.empty();
  }
}
