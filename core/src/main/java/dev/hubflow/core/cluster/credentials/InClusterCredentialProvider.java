package dev.hubflow.core.cluster.credentials;

import dev.hubflow.core.spi.Clock;
import dev.hubflow.core.spi.ClusterConnection;
import dev.hubflow.core.spi.ClusterCredentialProvider;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * The cluster hubflow runs in, reached with its pod's service account: {@code
 * KUBERNETES_SERVICE_HOST}/{@code _PORT}, the CA file and the projected token file, which the
 * kubelet rotates (so it is re-read, see {@link TokenFile}).
 */
public final class InClusterCredentialProvider implements ClusterCredentialProvider {
  public static final Path SERVICE_ACCOUNT_DIR =
      Path.of("/var/run/secrets/kubernetes.io/serviceaccount");

  private final String clusterName;
  private final Map<String, String> env;
  private final Path serviceAccountDir;
  private final Clock clock;

  /** The real pod environment, with the cluster called {@code clusterName}. */
  public static InClusterCredentialProvider fromEnvironment(String clusterName) {
    return new InClusterCredentialProvider(
        clusterName, System.getenv(), SERVICE_ACCOUNT_DIR, Clock.system());
  }

  public InClusterCredentialProvider(
      String clusterName, Map<String, String> env, Path serviceAccountDir, Clock clock) {
    this.clusterName = Objects.requireNonNull(clusterName, "clusterName");
    this.env = Map.copyOf(env);
    this.serviceAccountDir = Objects.requireNonNull(serviceAccountDir, "serviceAccountDir");
    this.clock = Objects.requireNonNull(clock, "clock");
  }

  /** Whether this process looks like it runs in a pod. */
  public boolean available() {
    return env.containsKey("KUBERNETES_SERVICE_HOST")
        && env.containsKey("KUBERNETES_SERVICE_PORT")
        && Files.isReadable(serviceAccountDir.resolve("token"));
  }

  @Override
  public Optional<ClusterConnection> connect(String name) {
    return name.equals(clusterName) ? Optional.of(connection()) : Optional.empty();
  }

  /** The in-cluster connection, or a clear error saying what is missing. */
  public ClusterConnection connection() {
    String host = required("KUBERNETES_SERVICE_HOST");
    String port = required("KUBERNETES_SERVICE_PORT");
    // An IPv6 service address needs brackets in a URL.
    String server = "https://" + (host.contains(":") ? "[" + host + "]" : host) + ":" + port;
    Path token = serviceAccountDir.resolve("token");
    if (!Files.isReadable(token)) {
      throw new IllegalStateException(
          "in-cluster cluster " + clusterName + ": service account token " + token + " is missing");
    }
    Path ca = serviceAccountDir.resolve("ca.crt");
    Optional<String> caPem;
    try {
      caPem =
          Files.isReadable(ca)
              ? Optional.of(Files.readString(ca, StandardCharsets.UTF_8))
              : Optional.empty();
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read " + ca + ": " + e.getMessage(), e);
    }
    return new ClusterConnection(clusterName, server, caPem, false, new TokenFile(token, clock));
  }

  /** The pod's namespace, from the service account folder. */
  public Optional<String> namespace() {
    try {
      Path file = serviceAccountDir.resolve("namespace");
      return Files.isReadable(file)
          ? Optional.of(Files.readString(file, StandardCharsets.UTF_8).strip())
          : Optional.empty();
    } catch (IOException e) {
      return Optional.empty();
    }
  }

  private String required(String variable) {
    String value = env.get(variable);
    if (value == null || value.isBlank()) {
      throw new IllegalStateException(
          "in-cluster cluster " + clusterName + ": environment variable " + variable + " is unset");
    }
    return value;
  }
}
