package dev.hubflow.model;

import com.google.gson.JsonElement;
import dev.hubflow.model.v1alpha1.ModelJson;
import io.kubernetes.client.custom.IntOrString;
import io.kubernetes.client.custom.Quantity;
import java.lang.reflect.Constructor;
import java.lang.reflect.Field;
import java.lang.reflect.Modifier;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.time.Instant;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Deep copies of model objects field by field. The engine copies the observed workflow on every
 * reconcile; going through a JSON tree and back cost most of a reconcile. Values that cannot change
 * (strings, numbers, times, quantities) are shared; beans, lists, maps and JSON trees are copied;
 * anything else goes through JSON as before. Like the JSON round trip, null map values are dropped.
 */
final class ModelCopy {
  private static final Set<Class<?>> IMMUTABLE =
      Set.of(
          String.class,
          Integer.class,
          Long.class,
          Double.class,
          Float.class,
          Short.class,
          Byte.class,
          Boolean.class,
          Character.class,
          BigDecimal.class,
          BigInteger.class,
          OffsetDateTime.class,
          Instant.class,
          LocalDate.class,
          Quantity.class,
          IntOrString.class);

  private static final Map<Class<?>, Shape> SHAPES = new ConcurrentHashMap<>();

  private ModelCopy() {}

  @SuppressWarnings("unchecked")
  static <T> T copy(T value) {
    return (T) value(value);
  }

  private static Object value(Object value) {
    if (value == null) {
      return null;
    }
    Class<?> type = value.getClass();
    if (IMMUTABLE.contains(type) || type.isEnum()) {
      return value;
    }
    if (value instanceof JsonElement tree) {
      return tree.deepCopy();
    }
    if (value instanceof List<?> list) {
      List<Object> out = new ArrayList<>(list.size());
      for (Object item : list) {
        out.add(value(item));
      }
      return out;
    }
    if (value instanceof Map<?, ?> map) {
      Map<Object, Object> out = new LinkedHashMap<>(Math.max(4, map.size() * 4 / 3 + 1));
      for (Map.Entry<?, ?> e : map.entrySet()) {
        if (e.getValue() != null) {
          out.put(e.getKey(), value(e.getValue()));
        }
      }
      return out;
    }
    if (value instanceof Set<?> set) {
      Set<Object> out = new LinkedHashSet<>();
      for (Object item : set) {
        out.add(value(item));
      }
      return out;
    }
    if (value instanceof Collection<?> || type.isArray()) {
      return viaJson(value);
    }
    Shape shape = SHAPES.computeIfAbsent(type, Shape::of);
    if (shape.constructor == null) {
      return viaJson(value);
    }
    try {
      Object out = shape.constructor.newInstance();
      for (Field field : shape.fields) {
        field.set(out, value(field.get(value)));
      }
      return out;
    } catch (ReflectiveOperationException | RuntimeException e) {
      return viaJson(value);
    }
  }

  private static Object viaJson(Object value) {
    return ModelJson.gson().fromJson(ModelJson.gson().toJsonTree(value), value.getClass());
  }

  /** How to copy one bean class: its no-argument constructor and instance fields. */
  private record Shape(Constructor<?> constructor, List<Field> fields) {
    static Shape of(Class<?> type) {
      try {
        Constructor<?> constructor = type.getDeclaredConstructor();
        constructor.setAccessible(true);
        List<Field> fields = new ArrayList<>();
        for (Class<?> c = type; c != null && c != Object.class; c = c.getSuperclass()) {
          for (Field f : c.getDeclaredFields()) {
            int m = f.getModifiers();
            if (Modifier.isStatic(m) || Modifier.isTransient(m) || f.isSynthetic()) {
              continue;
            }
            if (Modifier.isFinal(m)) {
              return new Shape(null, List.of());
            }
            f.setAccessible(true);
            fields.add(f);
          }
        }
        return new Shape(constructor, List.copyOf(fields));
      } catch (ReflectiveOperationException | RuntimeException e) {
        return new Shape(null, List.of());
      }
    }
  }
}
