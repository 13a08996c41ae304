package dev.hubflow.testkit.aws;

import dev.hubflow.testkit.apiserver.auth.Authenticator;
import dev.hubflow.testkit.apiserver.auth.RequestHeaders;
import dev.hubflow.testkit.apiserver.auth.UserInfo;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Function;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Lets the API emulator accept EKS bearer tokens: a {@code k8s-aws-v1.} token is checked by {@link
 * EksTokenVerifier} against the fake STS, and the identity STS reports is mapped to a Kubernetes
 * user the way EKS access entries / {@code aws-auth} {@code mapRoles} do.
 */
public final class EksAuthenticator implements Authenticator {
  private static final Pattern ASSUMED_ROLE =
      Pattern.compile("arn:(aws[a-z-]*):sts::(\\d+):assumed-role/([^/]+)/.+");

  private final EksTokenVerifier verifier;
  private final Function<String, Optional<UserInfo>> users;

  /**
   * @param users caller ARN (as STS reports it) to Kubernetes user; empty means "not mapped", which
   *     the API server answers with 401 like EKS does
   */
  public EksAuthenticator(EksTokenVerifier verifier, Function<String, Optional<UserInfo>> users) {
    this.verifier = Objects.requireNonNull(verifier, "verifier");
    this.users = Objects.requireNonNull(users, "users");
  }

  /** Maps IAM role ARNs ({@code arn:aws:iam::ACCOUNT:role/NAME}) to users, as mapRoles does. */
  public static EksAuthenticator mappingRoles(
      EksTokenVerifier verifier, Map<String, UserInfo> roles) {
    Map<String, UserInfo> copy = Map.copyOf(roles);
    return new EksAuthenticator(
        verifier, arn -> Optional.ofNullable(copy.get(roleArnOf(arn).orElse(arn))));
  }

  /** {@code arn:aws:sts::A:assumed-role/R/S} → {@code arn:aws:iam::A:role/R}. */
  public static Optional<String> roleArnOf(String callerArn) {
    Matcher m = ASSUMED_ROLE.matcher(callerArn);
    return m.matches()
        ? Optional.of("arn:" + m.group(1) + ":iam::" + m.group(2) + ":role/" + m.group(3))
        : Optional.empty();
  }

  @Override
  public Optional<UserInfo> authenticate(RequestHeaders request) {
    return request
        .bearerToken()
        .filter(token -> token.startsWith(EksTokenVerifier.PREFIX))
        .flatMap(verifier::verify)
        .flatMap(users);
  }

  @Override
  public String toString() {
    return "EksAuthenticator[" + verifier + "]";
  }
}
