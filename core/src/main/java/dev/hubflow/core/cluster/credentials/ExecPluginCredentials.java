package dev.hubflow.core.cluster.credentials;

import com.google.gson.JsonObject;
import dev.hubflow.core.spi.Clock;
import dev.hubflow.core.spi.Credentials;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs a kubeconfig exec plugin as a process (the client-go credential plugin protocol, v1 and
 * v1beta1) and caches what it prints until shortly before {@code status.expirationTimestamp}.
 */
public final class ExecPluginCredentials extends RefreshingCredentialSource {
  private static final Logger log = LoggerFactory.getLogger(ExecPluginCredentials.class);

  /** client-go gives a plugin no deadline; we do, so a hung plugin cannot stall a cluster. */
  public static final Duration DEFAULT_TIMEOUT = Duration.ofSeconds(30);

  private final ExecPlugin plugin;
  private final String clusterName;
  private final Optional<ClusterInfo> clusterInfo;
  private final Duration timeout;

  /** What {@code provideClusterInfo} hands the plugin. */
  public record ClusterInfo(String server, Optional<String> caCertificatePem, boolean insecure) {}

  public ExecPluginCredentials(
      ExecPlugin plugin, String clusterName, Optional<ClusterInfo> clusterInfo, Clock clock) {
    this(plugin, clusterName, clusterInfo, clock, DEFAULT_TIMEOUT, DEFAULT_REFRESH_AHEAD);
  }

  public ExecPluginCredentials(
      ExecPlugin plugin,
      String clusterName,
      Optional<ClusterInfo> clusterInfo,
      Clock clock,
      Duration timeout,
      Duration refreshAhead) {
    super(clock, refreshAhead);
    this.plugin = Objects.requireNonNull(plugin, "plugin");
    this.clusterName = Objects.requireNonNull(clusterName, "clusterName");
    this.clusterInfo = Objects.requireNonNull(clusterInfo, "clusterInfo");
    this.timeout = Objects.requireNonNull(timeout, "timeout");
    if (!ExecPlugin.V1.equals(plugin.apiVersion())
        && !ExecPlugin.V1BETA1.equals(plugin.apiVersion())) {
      throw new IllegalArgumentException(
          "cluster "
              + clusterName
              + ": exec plugin apiVersion \""
              + plugin.apiVersion()
              + "\" is not supported (use "
              + ExecPlugin.V1
              + " or "
              + ExecPlugin.V1BETA1
              + ")");
    }
  }

  @Override
  protected Credentials fetch() {
    String source = "cluster " + clusterName + ": exec plugin " + plugin.command();
    log.debug("running exec credential plugin {} for cluster {}", plugin.command(), clusterName);
    List<String> commandLine = new ArrayList<>();
    commandLine.add(resolvedCommand());
    commandLine.addAll(plugin.args());
    ProcessBuilder builder = new ProcessBuilder(commandLine);
    plugin.baseDir().ifPresent(dir -> builder.directory(dir.toFile()));
    builder.environment().putAll(plugin.env());
    builder.environment().put("KUBERNETES_EXEC_INFO", execInfo());
    builder.redirectInput(ProcessBuilder.Redirect.from(nullDevice()));
    Process process;
    try {
      process = builder.start();
    } catch (IOException e) {
      throw new UncheckedIOException(source + " cannot start: " + e.getMessage(), e);
    }
    CompletableFuture<String> stdout = readAsync(process.getInputStream());
    CompletableFuture<String> stderr = readAsync(process.getErrorStream());
    try {
      if (!process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
        process.destroyForcibly();
        throw new IllegalStateException(source + " did not finish within " + timeout);
      }
      int exit = process.exitValue();
      if (exit != 0) {
        throw new IllegalStateException(
            source + " exited with " + exit + ": " + abbreviate(stderr.get().strip()));
      }
      ExecCredential credential = ExecCredential.parse(stdout.get(), plugin.apiVersion(), source);
      return credential.toCredentials();
    } catch (InterruptedException e) {
      process.destroyForcibly();
      Thread.currentThread().interrupt();
      throw new IllegalStateException(source + " was interrupted", e);
    } catch (ExecutionException e) {
      throw new IllegalStateException(source + ": cannot read its output", e.getCause());
    }
  }

  private String resolvedCommand() {
    String command = plugin.command();
    // client-go resolves relative paths with a slash against the kubeconfig's folder.
    if (command.contains("/") && !Path.of(command).isAbsolute() && plugin.baseDir().isPresent()) {
      return plugin.baseDir().get().resolve(command).normalize().toString();
    }
    return command;
  }

  private String execInfo() {
    JsonObject spec = new JsonObject();
    spec.addProperty("interactive", false);
    if (plugin.provideClusterInfo() && clusterInfo.isPresent()) {
      ClusterInfo info = clusterInfo.get();
      JsonObject cluster = new JsonObject();
      cluster.addProperty("server", info.server());
      info.caCertificatePem()
          .ifPresent(
              pem ->
                  cluster.addProperty(
                      "certificate-authority-data",
                      Base64.getEncoder().encodeToString(pem.getBytes(StandardCharsets.UTF_8))));
      cluster.addProperty("insecure-skip-tls-verify", info.insecure());
      spec.add("cluster", cluster);
    }
    JsonObject root = new JsonObject();
    root.addProperty("apiVersion", plugin.apiVersion());
    root.addProperty("kind", ExecCredential.KIND);
    root.add("spec", spec);
    return root.toString();
  }

  /** Reads a pipe on its own thread: a plugin blocks if its stderr pipe fills up unread. */
  private static CompletableFuture<String> readAsync(InputStream in) {
    CompletableFuture<String> result = new CompletableFuture<>();
    Thread reader =
        new Thread(
            () -> {
              try (in) {
                result.complete(new String(in.readAllBytes(), StandardCharsets.UTF_8));
              } catch (IOException | RuntimeException e) {
                result.completeExceptionally(e);
              }
            },
            "exec-plugin-output");
    reader.setDaemon(true);
    reader.start();
    return result;
  }

  private static java.io.File nullDevice() {
    return new java.io.File(
        System.getProperty("os.name", "").startsWith("Windows") ? "NUL" : "/dev/null");
  }

  private static String abbreviate(String text) {
    return text.length() <= 500 ? text : text.substring(0, 500) + "…";
  }

  @Override
  public String toString() {
    return "ExecPluginCredentials[cluster=" + clusterName + ", " + plugin + "]";
  }
}
