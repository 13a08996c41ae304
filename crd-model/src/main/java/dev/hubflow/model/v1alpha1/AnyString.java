package dev.hubflow.model.v1alpha1;

import com.google.gson.JsonDeserializationContext;
import com.google.gson.JsonDeserializer;
import com.google.gson.JsonElement;
import com.google.gson.JsonPrimitive;
import com.google.gson.JsonSerializationContext;
import com.google.gson.JsonSerializer;
import com.google.gson.annotations.JsonAdapter;
import java.lang.reflect.Type;
import java.math.BigDecimal;

/**
 * Argo's {@code AnyString}: a string field that also accepts a YAML number or boolean ({@code
 * value: 1}). Callers see the string Argo would make of it; the JSON keeps the value as written, so
 * a manifest reads and writes back unchanged. Two values are equal when their strings are.
 */
@JsonAdapter(AnyString.Adapter.class)
public final class AnyString {
  private final String text;
  private final JsonElement written;

  private AnyString(String text, JsonElement written) {
    this.text = text;
    this.written = written;
  }

  /** A plain string value. */
  public static AnyString of(String text) {
    return text == null ? null : new AnyString(text, new JsonPrimitive(text));
  }

  /** The value as written in a manifest (string, number, boolean, or anything else). */
  public static AnyString fromJson(JsonElement json) {
    if (json == null || json.isJsonNull()) {
      return null;
    }
    return new AnyString(textOf(json), json.deepCopy());
  }

  /** The string a caller sees; null for a null value. */
  public static String text(AnyString value) {
    return value == null ? null : value.text;
  }

  /** The JSON as written. */
  public JsonElement toJson() {
    return written.deepCopy();
  }

  /**
   * Like Argo: numbers in plain decimal without trailing zeros, booleans as true/false, and
   * anything else (lists, maps) as the empty string.
   */
  private static String textOf(JsonElement json) {
    if (!json.isJsonPrimitive()) {
      return "";
    }
    JsonPrimitive p = json.getAsJsonPrimitive();
    if (p.isNumber()) {
      try {
        return new BigDecimal(p.getAsString()).stripTrailingZeros().toPlainString();
      } catch (NumberFormatException notDecimal) {
        return p.getAsString();
      }
    }
    return p.getAsString();
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof AnyString other && text.equals(other.text);
  }

  @Override
  public int hashCode() {
    return text.hashCode();
  }

  @Override
  public String toString() {
    return text;
  }

  /** Reads and writes the value as written. */
  static final class Adapter implements JsonSerializer<AnyString>, JsonDeserializer<AnyString> {
    @Override
    public JsonElement serialize(AnyString src, Type type, JsonSerializationContext context) {
      return src.toJson();
    }

    @Override
    public AnyString deserialize(JsonElement json, Type type, JsonDeserializationContext context) {
      return fromJson(json);
    }
  }
}
