package dev.hubflow.core.engine.validate;

import com.google.gson.JsonElement;
import com.google.gson.annotations.JsonAdapter;
import com.google.gson.annotations.SerializedName;
import java.lang.reflect.Field;
import java.lang.reflect.Modifier;
import java.lang.reflect.ParameterizedType;
import java.lang.reflect.Type;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Finds keys of a manifest that no model field reads, by comparing the JSON tree with the model
 * classes' {@code @SerializedName}s (Argo's and client-java's alike), as Argo's strict decoding
 * does.
 */
final class UnknownFields {
  private static final Map<Class<?>, Map<String, Type>> FIELDS = new ConcurrentHashMap<>();

  private UnknownFields() {}

  static void find(JsonElement tree, Type type, String path, List<Problem> problems) {
    if (tree == null || tree.isJsonNull()) {
      return;
    }
    if (type instanceof ParameterizedType p && p.getRawType() instanceof Class<?> raw) {
      Type[] args = p.getActualTypeArguments();
      if (List.class.isAssignableFrom(raw) && tree.isJsonArray()) {
        int i = 0;
        for (JsonElement item : tree.getAsJsonArray()) {
          find(item, args[0], path + "[" + i++ + "]", problems);
        }
      } else if (Map.class.isAssignableFrom(raw) && tree.isJsonObject()) {
        for (Map.Entry<String, JsonElement> e : tree.getAsJsonObject().entrySet()) {
          find(e.getValue(), args[1], join(path, e.getKey()), problems);
        }
      }
      return;
    }
    if (!(type instanceof Class<?> c) || !tree.isJsonObject() || !isModel(c)) {
      return;
    }
    Map<String, Type> fields = FIELDS.computeIfAbsent(c, UnknownFields::fieldsOf);
    for (Map.Entry<String, JsonElement> e : tree.getAsJsonObject().entrySet()) {
      Type fieldType = fields.get(e.getKey());
      String at = join(path, e.getKey());
      if (fieldType == null) {
        problems.add(new Problem(at, "unknown field \"" + at + "\""));
      } else {
        find(e.getValue(), fieldType, at, problems);
      }
    }
  }

  /** Model classes are Argo's and Kubernetes'; anything else (JsonObject, Quantity) takes all. */
  private static boolean isModel(Class<?> c) {
    String n = c.getName();
    // A class with its own JSON adapter (AnyString) reads whatever it is given.
    return (n.startsWith("dev.hubflow.model.")
            || n.startsWith("io.kubernetes.client.openapi.models."))
        && !c.isAnnotationPresent(JsonAdapter.class);
  }

  private static Map<String, Type> fieldsOf(Class<?> c) {
    Map<String, Type> fields = new HashMap<>();
    for (Class<?> k = c; k != null && k != Object.class; k = k.getSuperclass()) {
      for (Field f : k.getDeclaredFields()) {
        SerializedName name = f.getAnnotation(SerializedName.class);
        if (name != null && !Modifier.isStatic(f.getModifiers())) {
          fields.put(name.value(), f.getGenericType());
          for (String alternate : name.alternate()) {
            fields.put(alternate, f.getGenericType());
          }
        }
      }
    }
    return fields;
  }

  private static String join(String path, String key) {
    return path.isEmpty() ? key : path + "." + key;
  }
}
