package dev.hubflow.testkit.apiserver.store;

import com.google.gson.JsonArray;
import com.google.gson.JsonObject;

/**
 * A failed API call, carrying what the real server puts in its {@code Status} body: HTTP code,
 * {@code reason} and message, and optionally the object the error is about.
 */
public final class StatusException extends RuntimeException {
  private final int code;
  private final String reason;
  private final JsonObject details;

  public StatusException(int code, String reason, String message, JsonObject details) {
    super(message);
    this.code = code;
    this.reason = reason;
    this.details = details;
  }

  public int code() {
    return code;
  }

  public String reason() {
    return reason;
  }

  /** The {@code Status} object the real API server would send. */
  public JsonObject toStatus() {
    return status(code, reason, getMessage(), details);
  }

  static JsonObject status(int code, String reason, String message, JsonObject details) {
    JsonObject s = new JsonObject();
    s.addProperty("kind", "Status");
    s.addProperty("apiVersion", "v1");
    s.add("metadata", new JsonObject());
    s.addProperty("status", "Failure");
    s.addProperty("message", message);
    if (reason != null && !reason.isEmpty()) {
      s.addProperty("reason", reason);
    }
    if (details != null) {
      s.add("details", details.deepCopy());
    }
    s.addProperty("code", code);
    return s;
  }

  private static JsonObject details(ResourceType type, String name) {
    JsonObject d = new JsonObject();
    if (name != null) {
      d.addProperty("name", name);
    }
    if (type != null) {
      if (!type.group().isEmpty()) {
        d.addProperty("group", type.group());
      }
      d.addProperty("kind", type.resource());
    }
    return d;
  }

  public static StatusException notFound(ResourceType type, String name) {
    return new StatusException(
        404, "NotFound", type.groupResource() + " \"" + name + "\" not found", details(type, name));
  }

  public static StatusException alreadyExists(ResourceType type, String name) {
    return new StatusException(
        409,
        "AlreadyExists",
        type.groupResource() + " \"" + name + "\" already exists",
        details(type, name));
  }

  public static StatusException conflict(ResourceType type, String name, String why) {
    return new StatusException(
        409,
        "Conflict",
        "Operation cannot be fulfilled on " + type.groupResource() + " \"" + name + "\": " + why,
        details(type, name));
  }

  public static StatusException invalid(ResourceType type, String name, String field, String why) {
    JsonObject d = details(type, name);
    d.remove("kind");
    d.addProperty("kind", type.kind());
    JsonArray causes = new JsonArray();
    JsonObject cause = new JsonObject();
    cause.addProperty("reason", "FieldValueInvalid");
    cause.addProperty("message", "Invalid value: " + why);
    cause.addProperty("field", field);
    causes.add(cause);
    d.add("causes", causes);
    return new StatusException(
        422,
        "Invalid",
        type.kind() + " \"" + name + "\" is invalid: " + field + ": Invalid value: " + why,
        d);
  }

  public static StatusException badRequest(String message) {
    return new StatusException(400, "BadRequest", message, null);
  }

  public static StatusException gone(String message) {
    return new StatusException(410, "Expired", message, null);
  }

  public static StatusException forbidden(ResourceType type, String name, String why) {
    return new StatusException(
        403,
        "Forbidden",
        type.groupResource() + " \"" + name + "\" is forbidden: " + why,
        details(type, name));
  }

  public static StatusException methodNotAllowed(String message) {
    return new StatusException(405, "MethodNotAllowed", message, null);
  }

  public static StatusException unsupportedMediaType(String message) {
    return new StatusException(415, "UnsupportedMediaType", message, null);
  }
}
