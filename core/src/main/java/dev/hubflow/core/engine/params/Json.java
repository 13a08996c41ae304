package dev.hubflow.core.engine.params;

import com.google.gson.Gson;
import dev.hubflow.model.Codec;

/** JSON text as Go's {@code json.Marshal} writes it ({@code = '} kept, {@code < > &} escaped). */
public final class Json {
  private static final Gson GSON = Codec.gson().newBuilder().disableHtmlEscaping().create();

  private Json() {}

  public static String marshal(Object value) {
    return GSON.toJson(value)
        .replace("<", "\\u003c")
        .replace(">", "\\u003e")
        .replace("&", "\\u0026");
  }

  /** Without Go's HTML escaping: for text that is parsed again, never shown. */
  public static String plain(Object value) {
    return GSON.toJson(value);
  }

  public static <T> T read(String json, Class<T> type) {
    return GSON.fromJson(json, type);
  }
}
