package dev.hubflow.core.cluster.registry;

import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParseException;
import com.google.gson.JsonParser;
import io.kubernetes.client.openapi.models.V1Secret;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.LinkedHashSet;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * A cluster registered by a Secret in the hub (label {@code hubflow.dev/cluster=true}), in Argo
 * CD's cluster-secret shape: data {@code name}, {@code server}, {@code config} (JSON with {@code
 * awsAuthConfig}, {@code tlsClientConfig}, {@code bearerToken}, {@code execProviderConfig}) and
 * optionally {@code namespaces} (comma-separated). {@link #toString()} shows no secret values.
 *
 * @param secretNamespace the Secret's namespace
 * @param secretName the Secret's name
 * @param name the cluster's name for hubflow (data {@code name}, else the Secret's name)
 * @param server the API server URL (may be empty when the provider can look it up, as for EKS)
 * @param config the parsed {@code config} JSON
 * @param configJson the {@code config} JSON as given, for providers that parse it themselves
 * @param namespaces the namespaces to watch there; empty for the controller's default
 * @param fingerprint a digest of everything above: equal fingerprints, same cluster
 */
public record ClusterSecret(
    String secretNamespace,
    String secretName,
    String name,
    String server,
    JsonObject config,
    String configJson,
    Set<String> namespaces,
    String fingerprint) {

  /** The label that marks a Secret as a cluster registration. */
  public static final String LABEL = "hubflow.dev/cluster";

  public ClusterSecret {
    namespaces = Set.copyOf(namespaces);
  }

  /**
   * Reads a registration.
   *
   * @throws IllegalArgumentException naming the Secret and the field when it is malformed (never
   *     quoting a value)
   */
  public static ClusterSecret parse(V1Secret secret) {
    String ns = secret.getMetadata().getNamespace();
    String secretName = secret.getMetadata().getName();
    String where = "Secret " + ns + "/" + secretName;
    Map<String, byte[]> data = secret.getData() == null ? Map.of() : secret.getData();
    Map<String, String> strings =
        secret.getStringData() == null ? Map.of() : secret.getStringData();
    String name = field(data, strings, "name").filter(s -> !s.isBlank()).orElse(secretName);
    if (!name.matches("[a-z0-9]([-a-z0-9.]*[a-z0-9])?")) {
      throw new IllegalArgumentException(
          where + ": data.name must be a DNS name (lower case letters, digits, '-', '.')");
    }
    String server = field(data, strings, "server").orElse("").trim();
    if (!server.isEmpty() && !server.startsWith("https://") && !server.startsWith("http://")) {
      throw new IllegalArgumentException(where + ": data.server must be an http(s) URL");
    }
    String configJson = field(data, strings, "config").orElse("{}");
    JsonObject config;
    try {
      JsonElement parsed = JsonParser.parseString(configJson);
      if (!parsed.isJsonObject()) {
        throw new IllegalArgumentException(where + ": data.config is not a JSON object");
      }
      config = parsed.getAsJsonObject();
    } catch (JsonParseException e) {
      // The parser's message may quote the text, which may hold a token: say only where.
      throw new IllegalArgumentException(where + ": data.config is not valid JSON");
    }
    for (String object : new String[] {"awsAuthConfig", "tlsClientConfig", "execProviderConfig"}) {
      if (config.has(object) && !config.get(object).isJsonObject()) {
        throw new IllegalArgumentException(
            where + ": data.config." + object + " must be a JSON object");
      }
    }
    if (config.has("awsAuthConfig")
        && text(config.getAsJsonObject("awsAuthConfig"), "clusterName").isEmpty()) {
      throw new IllegalArgumentException(
          where + ": data.config.awsAuthConfig.clusterName is required");
    }
    if (config.has("execProviderConfig")
        && text(config.getAsJsonObject("execProviderConfig"), "command").isEmpty()) {
      throw new IllegalArgumentException(
          where + ": data.config.execProviderConfig.command is required");
    }
    if (server.isEmpty() && !config.has("awsAuthConfig")) {
      throw new IllegalArgumentException(
          where + ": data.server is required (only EKS clusters can be looked up)");
    }
    Set<String> namespaces = new LinkedHashSet<>();
    field(data, strings, "namespaces")
        .ifPresent(
            list ->
                Arrays.stream(list.split(","))
                    .map(String::trim)
                    .filter(s -> !s.isEmpty())
                    .forEach(namespaces::add));
    String fingerprint =
        digest(name + "\n" + server + "\n" + configJson + "\n" + String.join(",", namespaces));
    return new ClusterSecret(
        ns, secretName, name, server, config, configJson, namespaces, fingerprint);
  }

  /** A string field of a JSON object, empty when missing, null or blank. */
  public static Optional<String> text(JsonObject object, String field) {
    JsonElement value = object == null ? null : object.get(field);
    return value == null || value.isJsonNull() || !value.isJsonPrimitive()
        ? Optional.empty()
        : Optional.of(value.getAsString()).filter(s -> !s.isBlank());
  }

  /** A sub-object of the config, when present. */
  public Optional<JsonObject> object(String field) {
    return config.has(field) && config.get(field).isJsonObject()
        ? Optional.of(config.getAsJsonObject(field))
        : Optional.empty();
  }

  /** {@code namespace/name} of the Secret. */
  public String secretKey() {
    return secretNamespace + "/" + secretName;
  }

  @Override
  public String toString() {
    return "ClusterSecret[" + secretKey() + ", name=" + name + ", server=" + server + "]";
  }

  private static Optional<String> field(
      Map<String, byte[]> data, Map<String, String> strings, String key) {
    if (strings.containsKey(key)) {
      return Optional.ofNullable(strings.get(key));
    }
    byte[] value = data.get(key);
    return value == null
        ? Optional.empty()
        : Optional.of(new String(value, StandardCharsets.UTF_8));
  }

  private static String digest(String text) {
    try {
      return HexFormat.of()
          .formatHex(
              MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8)));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }
}
