package dev.hubflow.core.cluster.credentials;

import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParseException;
import com.google.gson.JsonParser;
import dev.hubflow.core.spi.Credentials;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.time.temporal.ChronoUnit;
import java.util.Optional;

/**
 * The {@code ExecCredential} object exec plugins print (and {@code hubflow eks-token} prints):
 * {@code {"kind":"ExecCredential","apiVersion":…,"spec":{},"status":{…}}}.
 */
public record ExecCredential(
    String apiVersion,
    Optional<String> token,
    Optional<String> clientCertificateData,
    Optional<String> clientKeyData,
    Optional<Instant> expirationTimestamp) {

  public static final String KIND = "ExecCredential";

  /** A bearer-token credential, as {@code aws eks get-token} prints it. */
  public static ExecCredential bearer(String apiVersion, String token, Instant expiresAt) {
    return new ExecCredential(
        apiVersion,
        Optional.of(token),
        Optional.empty(),
        Optional.empty(),
        Optional.ofNullable(expiresAt));
  }

  /**
   * Reads a plugin's output; {@code source} names the plugin in errors.
   *
   * @throws IllegalArgumentException when the output is not a usable ExecCredential
   */
  public static ExecCredential parse(String json, String expectedApiVersion, String source) {
    JsonObject root;
    try {
      JsonElement element = JsonParser.parseString(json);
      if (!element.isJsonObject()) {
        throw new IllegalArgumentException(source + ": output is not a JSON object");
      }
      root = element.getAsJsonObject();
    } catch (JsonParseException e) {
      throw new IllegalArgumentException(source + ": output is not JSON: " + e.getMessage(), e);
    }
    String kind = string(root, "kind").orElse("");
    if (!KIND.equals(kind)) {
      throw new IllegalArgumentException(
          source + ": kind is \"" + kind + "\", expected \"" + KIND + "\"");
    }
    String apiVersion = string(root, "apiVersion").orElse("");
    if (!apiVersion.equals(expectedApiVersion)) {
      throw new IllegalArgumentException(
          source
              + ": apiVersion is \""
              + apiVersion
              + "\", the kubeconfig asked for \""
              + expectedApiVersion
              + "\"");
    }
    if (!root.has("status") || !root.get("status").isJsonObject()) {
      throw new IllegalArgumentException(source + ": status is missing");
    }
    JsonObject status = root.getAsJsonObject("status");
    Optional<String> token = string(status, "token").filter(t -> !t.isEmpty());
    Optional<String> cert = string(status, "clientCertificateData").filter(t -> !t.isEmpty());
    Optional<String> key = string(status, "clientKeyData").filter(t -> !t.isEmpty());
    if (token.isEmpty() && (cert.isEmpty() || key.isEmpty())) {
      throw new IllegalArgumentException(
          source + ": status has neither token nor clientCertificateData and clientKeyData");
    }
    if (cert.isPresent() != key.isPresent()) {
      throw new IllegalArgumentException(
          source + ": status.clientCertificateData and status.clientKeyData must come together");
    }
    Optional<Instant> expiry;
    try {
      expiry = string(status, "expirationTimestamp").map(Instant::parse);
    } catch (DateTimeParseException e) {
      throw new IllegalArgumentException(
          source + ": status.expirationTimestamp is not an RFC 3339 time", e);
    }
    return new ExecCredential(apiVersion, token, cert, key, expiry);
  }

  public Credentials toCredentials() {
    return new Credentials(token, clientCertificateData, clientKeyData, expirationTimestamp);
  }

  /** The JSON a plugin prints, times in whole seconds like client-go and the AWS CLI. */
  public String toJson() {
    JsonObject status = new JsonObject();
    expirationTimestamp.ifPresent(
        at ->
            status.addProperty(
                "expirationTimestamp", at.truncatedTo(ChronoUnit.SECONDS).toString()));
    token.ifPresent(t -> status.addProperty("token", t));
    clientCertificateData.ifPresent(c -> status.addProperty("clientCertificateData", c));
    clientKeyData.ifPresent(k -> status.addProperty("clientKeyData", k));
    JsonObject root = new JsonObject();
    root.addProperty("kind", KIND);
    root.addProperty("apiVersion", apiVersion);
    root.add("spec", new JsonObject());
    root.add("status", status);
    return root.toString();
  }

  private static Optional<String> string(JsonObject object, String field) {
    JsonElement value = object.get(field);
    if (value == null || value.isJsonNull()) {
      return Optional.empty();
    }
    if (!value.isJsonPrimitive()) {
      throw new IllegalArgumentException(field + " is not a string");
    }
    return Optional.of(value.getAsString());
  }

  @Override
  public String toString() {
    return "ExecCredential[apiVersion="
        + apiVersion
        + ", token="
        + (token.isPresent() ? "<redacted>" : "none")
        + ", clientCertificate="
        + (clientCertificateData.isPresent() ? "<present>" : "none")
        + ", expirationTimestamp="
        + expirationTimestamp.map(Instant::toString).orElse("none")
        + "]";
  }
}
