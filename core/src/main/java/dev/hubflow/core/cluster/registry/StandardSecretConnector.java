package dev.hubflow.core.cluster.registry;

import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import dev.hubflow.core.cluster.credentials.ExecPlugin;
import dev.hubflow.core.cluster.credentials.ExecPluginCredentials;
import dev.hubflow.core.cluster.credentials.FixedCredentials;
import dev.hubflow.core.cluster.credentials.StaticToken;
import dev.hubflow.core.spi.Clock;
import dev.hubflow.core.spi.ClusterConnection;
import dev.hubflow.core.spi.CredentialSource;
import dev.hubflow.core.spi.Credentials;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The kinds of auth any Kubernetes cluster has: {@code bearerToken}, {@code execProviderConfig}, a
 * client certificate ({@code tlsClientConfig.certData}/{@code keyData}), or none. Registrations
 * with {@code awsAuthConfig} are left to an EKS connector.
 */
public final class StandardSecretConnector implements SecretConnector {
  private final Clock clock;

  public StandardSecretConnector(Clock clock) {
    this.clock = clock;
  }

  @Override
  public Optional<ClusterConnection> connect(ClusterSecret secret) {
    if (secret.object("awsAuthConfig").isPresent()) {
      return Optional.empty();
    }
    String where = "Secret " + secret.secretKey();
    JsonObject tls = secret.object("tlsClientConfig").orElse(new JsonObject());
    Optional<String> ca = pem(tls, "caData", where);
    boolean insecure = tls.has("insecure") && tls.get("insecure").getAsBoolean();
    CredentialSource credentials;
    Optional<String> token = ClusterSecret.text(secret.config(), "bearerToken");
    Optional<JsonObject> exec = secret.object("execProviderConfig");
    if (token.isPresent()) {
      credentials = new StaticToken(token.get());
    } else if (exec.isPresent()) {
      credentials =
          new ExecPluginCredentials(
              plugin(exec.get(), where),
              secret.name(),
              Optional.of(new ExecPluginCredentials.ClusterInfo(secret.server(), ca, insecure)),
              clock);
    } else {
      Optional<String> cert = pem(tls, "certData", where);
      Optional<String> key = pem(tls, "keyData", where);
      if (cert.isPresent() != key.isPresent()) {
        throw new IllegalArgumentException(
            where + ": data.config.tlsClientConfig needs both certData and keyData");
      }
      credentials =
          new FixedCredentials(new Credentials(Optional.empty(), cert, key, Optional.empty()));
    }
    return Optional.of(
        new ClusterConnection(secret.name(), secret.server(), ca, insecure, credentials));
  }

  private static ExecPlugin plugin(JsonObject exec, String where) {
    String field = where + ": data.config.execProviderConfig.";
    List<String> args = new ArrayList<>();
    if (exec.has("args")) {
      if (!exec.get("args").isJsonArray()) {
        throw new IllegalArgumentException(field + "args must be a list");
      }
      for (JsonElement arg : exec.getAsJsonArray("args")) {
        args.add(arg.getAsString());
      }
    }
    Map<String, String> env = new LinkedHashMap<>();
    if (exec.has("env")) {
      if (!exec.get("env").isJsonObject()) {
        throw new IllegalArgumentException(field + "env must be an object of names to values");
      }
      exec.getAsJsonObject("env")
          .entrySet()
          .forEach(e -> env.put(e.getKey(), e.getValue().getAsString()));
    }
    return new ExecPlugin(
        ClusterSecret.text(exec, "command").orElseThrow(),
        args,
        env,
        ClusterSecret.text(exec, "apiVersion").orElse(ExecPlugin.V1BETA1),
        false,
        Optional.empty());
  }

  private static Optional<String> pem(JsonObject tls, String field, String where) {
    Optional<String> data = ClusterSecret.text(tls, field);
    try {
      return data.map(d -> new String(Base64.getMimeDecoder().decode(d), StandardCharsets.UTF_8));
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException(
          where + ": data.config.tlsClientConfig." + field + " is not base64");
    }
  }
}
