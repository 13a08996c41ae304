package dev.hubflow.testkit.aws;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.hubflow.core.cluster.credentials.ClusterApiClient;
import dev.hubflow.core.cluster.credentials.StaticToken;
import dev.hubflow.core.spi.ClusterConnection;
import dev.hubflow.testkit.apiserver.ApiServer;
import dev.hubflow.testkit.apiserver.auth.UserInfo;
import io.kubernetes.client.openapi.ApiException;
import io.kubernetes.client.openapi.apis.CoreV1Api;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The API emulator accepts EKS tokens exactly when the fake STS does, for mapped roles. */
class EksAuthenticatorIT {
  static final String ROLE = "arn:aws:iam::222233334444:role/hubflow-spoke";
  final AtomicReference<Instant> now = new AtomicReference<>(Instant.now());
  FakeSts sts;
  ApiServer spoke;
  AwsKeys keys;

  @BeforeEach
  void start() {
    sts = new FakeSts(now::get);
    keys = sts.createSessionKeys(ROLE, "hubflow");
    EksTokenVerifier verifier = new EksTokenVerifier(sts.uri(), "spoke-eu");
    spoke =
        ApiServer.builder("spoke-eu")
            .https(true)
            .authenticator(
                EksAuthenticator.mappingRoles(
                    verifier, Map.of(ROLE, new UserInfo("hubflow", List.of("system:masters")))))
            .start();
  }

  @AfterEach
  void stop() {
    spoke.close();
    sts.close();
  }

  int listNamespaces(String token) {
    ClusterConnection connection =
        new ClusterConnection(
            "spoke-eu",
            spoke.url(),
            Optional.of(spoke.certificateAuthority().certificatePem()),
            false,
            new StaticToken(token));
    try {
      new CoreV1Api(ClusterApiClient.create(connection))
          .listNamespace(null, null, null, null, null, null, null, null, null, null, null);
      return 200;
    } catch (ApiException e) {
      return e.getCode();
    }
  }

  String token(String secret, String cluster) {
    return TestPresigner.token(sts.uri().toString(), keys, secret, cluster, now.get(), 60);
  }

  @Test
  void acceptsAValidTokenOfAMappedRole() {
    assertThat(listNamespaces(token(keys.secretAccessKey(), "spoke-eu"))).isEqualTo(200);
  }

  @Test
  void rejectsForgedExpiredForeignAndUnmappedTokensWith401() {
    assertThat(listNamespaces(token("wrong-secret", "spoke-eu"))).isEqualTo(401);
    assertThat(listNamespaces(token(keys.secretAccessKey(), "other-cluster"))).isEqualTo(401);
    String token = token(keys.secretAccessKey(), "spoke-eu");
    now.set(now.get().plusSeconds(61));
    assertThat(listNamespaces(token)).isEqualTo(401);

    AwsKeys unmapped = sts.createSessionKeys("arn:aws:iam::222233334444:role/other", "x");
    assertThat(
            listNamespaces(
                TestPresigner.token(
                    sts.uri().toString(),
                    unmapped,
                    unmapped.secretAccessKey(),
                    "spoke-eu",
                    now.get(),
                    60)))
        .isEqualTo(401);
  }

  @Test
  void roleArnOfAnAssumedRoleSession() {
    assertThat(
            EksAuthenticator.roleArnOf(
                "arn:aws:sts::222233334444:assumed-role/hubflow-spoke/session-1"))
        .contains(ROLE);
    assertThat(EksAuthenticator.roleArnOf("arn:aws:iam::1:user/u")).isEmpty();
    assertThatThrownBy(() -> new EksAuthenticator(null, arn -> Optional.empty()))
        .isInstanceOf(NullPointerException.class);
  }
}
