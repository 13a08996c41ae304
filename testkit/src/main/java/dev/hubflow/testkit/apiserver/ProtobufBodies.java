package dev.hubflow.testkit.apiserver;

import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonNull;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import com.google.gson.JsonPrimitive;
import com.google.protobuf.ByteString;
import com.google.protobuf.Descriptors.FieldDescriptor;
import com.google.protobuf.Message;
import dev.hubflow.testkit.apiserver.store.StatusException;
import io.kubernetes.client.proto.Runtime;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.format.DateTimeFormatter;
import java.util.Base64;
import java.util.List;
import java.util.Map;

/**
 * Reads request bodies in Kubernetes' protobuf encoding (kubectl's typed commands such as {@code
 * create namespace} send it) into the JSON form the store keeps.
 */
final class ProtobufBodies {
  private static final byte[] MAGIC = {'k', '8', 's', 0};

  static {
    // client-java-proto's generated classes predate protobuf 22; we parse trusted test input only.
    if (System.getProperty("com.google.protobuf.use_unsafe_pre22_gencode") == null) {
      System.setProperty("com.google.protobuf.use_unsafe_pre22_gencode", "true");
    }
  }

  private ProtobufBodies() {}

  static JsonObject decode(byte[] body) {
    if (body.length < 4
        || body[0] != MAGIC[0]
        || body[1] != MAGIC[1]
        || body[2] != MAGIC[2]
        || body[3] != MAGIC[3]) {
      throw StatusException.badRequest("protobuf body without the k8s envelope");
    }
    try {
      Runtime.Unknown unknown =
          Runtime.Unknown.parseFrom(java.util.Arrays.copyOfRange(body, 4, body.length));
      String apiVersion = unknown.getTypeMeta().getApiVersion();
      String kind = unknown.getTypeMeta().getKind();
      Message message = parse(apiVersion, kind, unknown.getRaw());
      JsonObject o = toJson(message).getAsJsonObject();
      o.addProperty("apiVersion", apiVersion);
      o.addProperty("kind", kind);
      return o;
    } catch (com.google.protobuf.InvalidProtocolBufferException e) {
      throw StatusException.badRequest("cannot decode the protobuf body: " + e.getMessage());
    }
  }

  private static Message parse(String apiVersion, String kind, ByteString raw) {
    String holder;
    if (apiVersion.equals("v1")) {
      holder = "V1";
    } else {
      String[] gv = apiVersion.split("/");
      String group = gv[0].split("\\.")[0];
      holder =
          Character.toUpperCase(gv[1].charAt(0))
              + gv[1].substring(1)
              + Character.toUpperCase(group.charAt(0))
              + group.substring(1);
    }
    for (String name : List.of(holder, holder.replaceAll("[A-Z][a-z]+$", ""))) {
      try {
        Class<?> c = Class.forName("io.kubernetes.client.proto." + name + "$" + kind);
        return (Message) c.getMethod("parseFrom", ByteString.class).invoke(null, raw);
      } catch (ReflectiveOperationException ignored) {
        // try the next naming scheme
      }
    }
    throw StatusException.unsupportedMediaType(
        "protobuf is not supported for " + apiVersion + "/" + kind + "; send application/json");
  }

  private static JsonElement toJson(Message m) {
    String type = m.getDescriptorForType().getName();
    switch (type) {
      case "Time", "MicroTime" -> {
        long seconds = (Long) field(m, "seconds");
        int nanos = (Integer) field(m, "nanos");
        Instant t = Instant.ofEpochSecond(seconds, type.equals("Time") ? 0 : nanos);
        return new JsonPrimitive(DateTimeFormatter.ISO_INSTANT.format(t));
      }
      case "Quantity" -> {
        return new JsonPrimitive((String) field(m, "string"));
      }
      case "IntOrString" -> {
        long t = ((Number) field(m, "type")).longValue();
        return t == 0
            ? new JsonPrimitive((Integer) field(m, "intVal"))
            : new JsonPrimitive((String) field(m, "strVal"));
      }
      case "RawExtension" -> {
        ByteString raw = (ByteString) field(m, "raw");
        return raw.isEmpty() ? JsonNull.INSTANCE : JsonParser.parseString(raw.toStringUtf8());
      }
      default -> {
        // a plain message
      }
    }
    JsonObject o = new JsonObject();
    for (Map.Entry<FieldDescriptor, Object> e : m.getAllFields().entrySet()) {
      FieldDescriptor f = e.getKey();
      if (f.isMapField()) {
        JsonObject map = new JsonObject();
        for (Object entry : (List<?>) e.getValue()) {
          Message me = (Message) entry;
          Object k = field(me, "key");
          Object v = field(me, "value");
          map.add(String.valueOf(k), value(v));
        }
        o.add(f.getJsonName(), map);
      } else if (f.isRepeated()) {
        JsonArray a = new JsonArray();
        for (Object v : (List<?>) e.getValue()) {
          a.add(value(v));
        }
        o.add(f.getName(), a);
      } else if (!"".equals(e.getValue())) {
        // proto2 marks empty strings as set; JSON omits them
        o.add(f.getName(), value(e.getValue()));
      }
    }
    return o;
  }

  private static JsonElement value(Object v) {
    if (v instanceof Message msg) {
      return toJson(msg);
    }
    if (v instanceof ByteString bytes) {
      return new JsonPrimitive(Base64.getEncoder().encodeToString(bytes.toByteArray()));
    }
    if (v instanceof Boolean b) {
      return new JsonPrimitive(b);
    }
    if (v instanceof Number n) {
      return new JsonPrimitive(n);
    }
    return new JsonPrimitive(String.valueOf(v));
  }

  private static Object field(Message m, String name) {
    FieldDescriptor f = m.getDescriptorForType().findFieldByName(name);
    return m.getField(f);
  }

  static boolean isProtobuf(String contentType) {
    return contentType != null && contentType.contains("application/vnd.kubernetes.protobuf");
  }

  static String utf8(byte[] b) {
    return new String(b, StandardCharsets.UTF_8);
  }
}
