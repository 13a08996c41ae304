package dev.hubflow.daemon.eks;

import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParseException;
import com.google.gson.JsonParser;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.Objects;
import java.util.Optional;

/**
 * One EKS cluster hubflow reaches.
 *
 * @param name the name hubflow knows the cluster by (a registration's {@code name})
 * @param clusterName the EKS cluster's name, signed into tokens as {@code x-k8s-aws-id}
 * @param region the cluster's region; else the default region
 * @param roleArn a role to assume first (the spoke account's role)
 * @param externalId the external id that role's trust policy asks for
 * @param server the API server URL; else from DescribeCluster
 * @param caCertificatePem the cluster CA; else from DescribeCluster
 */
public record EksCluster(
    String name,
    String clusterName,
    Optional<String> region,
    Optional<String> roleArn,
    Optional<String> externalId,
    Optional<String> server,
    Optional<String> caCertificatePem) {

  public EksCluster {
    Objects.requireNonNull(name, "name");
    Objects.requireNonNull(clusterName, "clusterName");
    Objects.requireNonNull(region, "region");
    Objects.requireNonNull(roleArn, "roleArn");
    Objects.requireNonNull(externalId, "externalId");
    Objects.requireNonNull(server, "server");
    Objects.requireNonNull(caCertificatePem, "caCertificatePem");
    if (clusterName.isBlank()) {
      throw new IllegalArgumentException("cluster " + name + ": EKS clusterName is empty");
    }
  }

  /** A cluster known only by its EKS name, everything else from defaults and DescribeCluster. */
  public static EksCluster named(String clusterName) {
    return new EksCluster(
        clusterName,
        clusterName,
        Optional.empty(),
        Optional.empty(),
        Optional.empty(),
        Optional.empty(),
        Optional.empty());
  }

  public EksCluster withRoleArn(String roleArn) {
    return new EksCluster(
        name,
        clusterName,
        region,
        Optional.ofNullable(roleArn),
        externalId,
        server,
        caCertificatePem);
  }

  public EksCluster withRegion(String region) {
    return new EksCluster(
        name,
        clusterName,
        Optional.ofNullable(region),
        roleArn,
        externalId,
        server,
        caCertificatePem);
  }

  /**
   * The cluster an Argo CD-style cluster Secret describes ({@code name}, {@code server}, {@code
   * config} JSON), when its config has {@code awsAuthConfig}; empty for other kinds of auth.
   *
   * @throws IllegalArgumentException naming the cluster and field when the config is malformed
   */
  public static Optional<EksCluster> fromArgoCdSecret(String name, String server, String config) {
    JsonObject root;
    try {
      JsonElement parsed = JsonParser.parseString(config);
      if (!parsed.isJsonObject()) {
        throw new IllegalArgumentException("cluster " + name + ": config is not a JSON object");
      }
      root = parsed.getAsJsonObject();
    } catch (JsonParseException e) {
      throw new IllegalArgumentException(
          "cluster " + name + ": config is not JSON: " + e.getMessage(), e);
    }
    if (!root.has("awsAuthConfig") || !root.get("awsAuthConfig").isJsonObject()) {
      return Optional.empty();
    }
    JsonObject aws = root.getAsJsonObject("awsAuthConfig");
    String clusterName =
        text(aws, "clusterName")
            .orElseThrow(
                () ->
                    new IllegalArgumentException(
                        "cluster " + name + ": config.awsAuthConfig.clusterName is required"));
    Optional<String> ca = Optional.empty();
    if (root.has("tlsClientConfig") && root.get("tlsClientConfig").isJsonObject()) {
      Optional<String> caData = text(root.getAsJsonObject("tlsClientConfig"), "caData");
      try {
        ca =
            caData.map(
                data -> new String(Base64.getMimeDecoder().decode(data), StandardCharsets.UTF_8));
      } catch (IllegalArgumentException e) {
        throw new IllegalArgumentException(
            "cluster " + name + ": config.tlsClientConfig.caData is not base64", e);
      }
    }
    return Optional.of(
        new EksCluster(
            name,
            clusterName,
            regionOf(server),
            text(aws, "roleARN"),
            Optional.empty(),
            Optional.ofNullable(server).filter(s -> !s.isBlank()),
            ca));
  }

  /** EKS endpoints end in {@code .<region>.eks.amazonaws.com}; the region is taken from there. */
  private static Optional<String> regionOf(String server) {
    if (server == null) {
      return Optional.empty();
    }
    java.util.regex.Matcher m =
        java.util.regex.Pattern.compile(
                "\\.([a-z0-9-]+)\\.eks\\.amazonaws\\.com(\\.cn)?(:\\d+)?/?$")
            .matcher(server);
    return m.find() ? Optional.of(m.group(1)) : Optional.empty();
  }

  private static Optional<String> text(JsonObject object, String field) {
    JsonElement value = object.get(field);
    return value == null || value.isJsonNull() || !value.isJsonPrimitive()
        ? Optional.empty()
        : Optional.of(value.getAsString()).filter(s -> !s.isBlank());
  }
}
