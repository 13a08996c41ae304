package dev.hubflow.core.cluster.credentials;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.hubflow.core.spi.ClusterConnection;
import dev.hubflow.core.spi.Credentials;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ExecPluginCredentialsTest {
  @TempDir Path dir;
  final FakeClock clock = new FakeClock(Instant.parse("2026-01-01T00:00:00Z"));

  /**
   * A plugin that counts its runs in {@code runs}, records its args, env and exec info, and prints
   * a token numbered by the run, expiring at {@code $EXPIRY}.
   */
  Path plugin(String apiVersion) throws Exception {
    Path script = dir.resolve("plugin.sh");
    Files.writeString(
        script,
        """
        #!/bin/sh
        echo run >> "$(dirname "$0")/runs"
        n=$(wc -l < "$(dirname "$0")/runs" | tr -d ' ')
        echo "$@" > "$(dirname "$0")/args"
        echo "$GREETING" > "$(dirname "$0")/env"
        echo "$KUBERNETES_EXEC_INFO" > "$(dirname "$0")/info"
        cat <<JSON
        {"kind":"ExecCredential","apiVersion":"%s","status":{"token":"token-$n","expirationTimestamp":"$EXPIRY"}}
        JSON
        """
            .formatted(apiVersion));
    Files.setPosixFilePermissions(script, PosixFilePermissions.fromString("rwx------"));
    return script;
  }

  int runs() throws Exception {
    Path runs = dir.resolve("runs");
    return Files.exists(runs) ? Files.readAllLines(runs).size() : 0;
  }

  @Test
  void runsThePluginWithArgsAndEnvAndCachesUntilAMinuteBeforeExpiry() throws Exception {
    plugin(ExecPlugin.V1);
    Path config = dir.resolve("config");
    Files.writeString(
        config,
        """
        clusters: [{name: c, cluster: {server: "https://spoke.example", insecure-skip-tls-verify: true}}]
        users:
        - name: u
          user:
            exec:
              apiVersion: client.authentication.k8s.io/v1
              command: ./plugin.sh
              args: [--cluster, spoke, --verbose]
              env:
              - {name: GREETING, value: hello}
              - {name: EXPIRY, value: "2026-01-01T00:15:00Z"}
              provideClusterInfo: true
              interactiveMode: Never
        contexts: [{name: spoke, context: {cluster: c, user: u}}]
        """);
    ClusterConnection spoke =
        new KubeconfigCredentialProvider(Kubeconfig.load(config), clock)
            .connect("spoke")
            .orElseThrow();

    Credentials first = spoke.credentials().current();
    assertThat(first.bearerToken()).contains("token-1");
    assertThat(first.expiresAt()).contains(Instant.parse("2026-01-01T00:15:00Z"));
    assertThat(Files.readString(dir.resolve("args")).strip())
        .isEqualTo("--cluster spoke --verbose");
    assertThat(Files.readString(dir.resolve("env")).strip()).isEqualTo("hello");
    assertThat(Files.readString(dir.resolve("info")))
        .contains("\"apiVersion\":\"client.authentication.k8s.io/v1\"")
        .contains("\"interactive\":false")
        .contains("\"server\":\"https://spoke.example\"");

    clock.advance(Duration.ofMinutes(13).plusSeconds(59));
    assertThat(spoke.credentials().current().bearerToken()).contains("token-1");
    assertThat(runs()).isEqualTo(1);

    clock.advance(Duration.ofSeconds(1)); // now within a minute of expiry
    assertThat(spoke.credentials().current().bearerToken()).contains("token-2");
    assertThat(runs()).isEqualTo(2);

    spoke.credentials().invalidate();
    assertThat(spoke.credentials().current().bearerToken()).contains("token-3");
  }

  @Test
  void v1beta1PluginWithoutExpiryIsCachedUntilInvalidated() throws Exception {
    Path script = plugin(ExecPlugin.V1BETA1);
    ExecPluginCredentials source =
        new ExecPluginCredentials(
            new ExecPlugin(
                script.toString(),
                List.of(),
                Map.of("EXPIRY", ""),
                ExecPlugin.V1BETA1,
                false,
                Optional.empty()),
            "spoke",
            Optional.empty(),
            clock);
    // An empty expirationTimestamp is not RFC 3339: the plugin's output is rejected clearly.
    assertThatThrownBy(source::current).hasMessageContaining("expirationTimestamp");

    Path noExpiry = dir.resolve("noexpiry.sh");
    Files.writeString(
        noExpiry,
        """
        #!/bin/sh
        echo run >> "$(dirname "$0")/runs"
        echo '{"kind":"ExecCredential","apiVersion":"client.authentication.k8s.io/v1beta1","status":{"token":"forever"}}'
        """);
    Files.setPosixFilePermissions(noExpiry, PosixFilePermissions.fromString("rwx------"));
    ExecPluginCredentials forever =
        new ExecPluginCredentials(
            new ExecPlugin(
                noExpiry.toString(),
                List.of(),
                Map.of(),
                ExecPlugin.V1BETA1,
                false,
                Optional.empty()),
            "spoke",
            Optional.empty(),
            clock);
    int before = runs();
    assertThat(forever.current().bearerToken()).contains("forever");
    clock.advance(Duration.ofDays(1));
    assertThat(forever.current().bearerToken()).contains("forever");
    assertThat(runs()).isEqualTo(before + 1);
  }

  @Test
  void pluginFailuresAreClearErrors() throws Exception {
    Path failing = dir.resolve("fail.sh");
    Files.writeString(failing, "#!/bin/sh\necho 'no credentials configured' >&2\nexit 3\n");
    Files.setPosixFilePermissions(failing, PosixFilePermissions.fromString("rwx------"));
    ExecPluginCredentials source =
        new ExecPluginCredentials(
            new ExecPlugin(
                failing.toString(), List.of(), Map.of(), ExecPlugin.V1, false, Optional.empty()),
            "spoke",
            Optional.empty(),
            clock);
    assertThatThrownBy(source::current)
        .hasMessageContaining("cluster spoke")
        .hasMessageContaining("exited with 3")
        .hasMessageContaining("no credentials configured");

    Path wrongVersion = plugin(ExecPlugin.V1BETA1);
    ExecPluginCredentials mismatched =
        new ExecPluginCredentials(
            new ExecPlugin(
                wrongVersion.toString(),
                List.of(),
                Map.of("EXPIRY", "2026-01-01T01:00:00Z"),
                ExecPlugin.V1,
                false,
                Optional.empty()),
            "spoke",
            Optional.empty(),
            clock);
    assertThatThrownBy(mismatched::current).hasMessageContaining("apiVersion");

    assertThatThrownBy(
            () ->
                new ExecPluginCredentials(
                    new ExecPlugin(
                        "x",
                        List.of(),
                        Map.of(),
                        "client.authentication.k8s.io/v1alpha1",
                        false,
                        Optional.empty()),
                    "spoke",
                    Optional.empty(),
                    clock))
        .hasMessageContaining("v1alpha1\" is not supported");

    ExecPluginCredentials missing =
        new ExecPluginCredentials(
            new ExecPlugin(
                "/no/such/plugin", List.of(), Map.of(), ExecPlugin.V1, false, Optional.empty()),
            "spoke",
            Optional.empty(),
            clock);
    assertThatThrownBy(missing::current).hasMessageContaining("cannot start");
  }

  @Test
  void execCredentialJsonRoundTripsAndHidesTheToken() {
    ExecCredential credential =
        ExecCredential.bearer(
            ExecPlugin.V1BETA1, "k8s-aws-v1.secret", Instant.parse("2026-01-01T00:14:00.123Z"));
    String json = credential.toJson();
    assertThat(json)
        .isEqualTo(
            "{\"kind\":\"ExecCredential\",\"apiVersion\":\"client.authentication.k8s.io/v1beta1\","
                + "\"spec\":{},\"status\":{\"expirationTimestamp\":\"2026-01-01T00:14:00Z\","
                + "\"token\":\"k8s-aws-v1.secret\"}}");
    ExecCredential back = ExecCredential.parse(json, ExecPlugin.V1BETA1, "test");
    assertThat(back.token()).contains("k8s-aws-v1.secret");
    assertThat(back.toString()).doesNotContain("secret");
  }
}
