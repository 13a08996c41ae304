package dev.hubflow.core.engine.expr;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The JSONPath subset Argo's {@code jsonpath(json, path)} is used with: {@code $}, {@code .key},
 * {@code ['key']}, {@code [n]} (negative from the end), {@code [*]}, {@code .*}, {@code [a,b]},
 * {@code [start:end]} and {@code ..key}. A path of only keys and single indices answers one value
 * (an error if absent); any other answers a list.
 */
final class JsonPath {
  private JsonPath() {}

  static Object query(String path, Object root) {
    if (!path.startsWith("$")) {
      throw new ExpressionException("jsonpath: invalid path '" + path + "': must start with $");
    }
    List<Object> current = new ArrayList<>();
    current.add(root);
    boolean definite = true;
    int i = 1;
    while (i < path.length()) {
      char c = path.charAt(i);
      if (c == '.' && i + 1 < path.length() && path.charAt(i + 1) == '.') {
        int end = nameEnd(path, i + 2);
        String name = path.substring(i + 2, end);
        List<Object> next = new ArrayList<>();
        for (Object o : current) {
          descend(o, name, next);
        }
        current = next;
        definite = false;
        i = end;
      } else if (c == '.') {
        int end = nameEnd(path, i + 1);
        String name = path.substring(i + 1, end);
        if (name.isEmpty()) {
          throw new ExpressionException("jsonpath: invalid path '" + path + "'");
        }
        if (name.equals("*")) {
          current = wildcard(current);
          definite = false;
        } else {
          current = key(current, name, definite, path);
        }
        i = end;
      } else if (c == '[') {
        int end = path.indexOf(']', i);
        if (end < 0) {
          throw new ExpressionException("jsonpath: invalid path '" + path + "': unclosed [");
        }
        String inside = path.substring(i + 1, end).trim();
        i = end + 1;
        if (inside.equals("*")) {
          current = wildcard(current);
          definite = false;
        } else if (inside.startsWith("'") || inside.startsWith("\"")) {
          List<Object> next = new ArrayList<>();
          String[] keys = inside.split(",");
          if (keys.length > 1) {
            definite = false;
          }
          for (String k : keys) {
            String name = k.trim();
            name = name.substring(1, name.length() - 1);
            next.addAll(key(current, name, definite, path));
          }
          current = next;
        } else if (inside.contains(":")) {
          current = slice(current, inside);
          definite = false;
        } else if (inside.contains(",")) {
          List<Object> next = new ArrayList<>();
          for (String idx : inside.split(",")) {
            next.addAll(index(current, Integer.parseInt(idx.trim()), false, path));
          }
          current = next;
          definite = false;
        } else if (inside.startsWith("?")) {
          throw new ExpressionException("jsonpath: filter expressions are not supported: " + path);
        } else {
          try {
            current = index(current, Integer.parseInt(inside), definite, path);
          } catch (NumberFormatException e) {
            throw new ExpressionException("jsonpath: invalid path '" + path + "'");
          }
        }
      } else {
        throw new ExpressionException("jsonpath: invalid path '" + path + "'");
      }
    }
    if (definite) {
      return current.isEmpty() ? null : current.get(0);
    }
    return current;
  }

  private static int nameEnd(String path, int from) {
    int i = from;
    while (i < path.length() && path.charAt(i) != '.' && path.charAt(i) != '[') {
      i++;
    }
    return i;
  }

  private static List<Object> key(List<Object> current, String name, boolean strict, String path) {
    List<Object> next = new ArrayList<>();
    for (Object o : current) {
      if (o instanceof Map<?, ?> m && m.containsKey(name)) {
        next.add(m.get(name));
      } else if (strict) {
        throw new ExpressionException("jsonpath: key '" + name + "' not found in " + path);
      }
    }
    return next;
  }

  private static List<Object> index(List<Object> current, int idx, boolean strict, String path) {
    List<Object> next = new ArrayList<>();
    for (Object o : current) {
      if (o instanceof List<?> l) {
        int i = idx < 0 ? l.size() + idx : idx;
        if (i >= 0 && i < l.size()) {
          next.add(l.get(i));
          continue;
        }
      }
      if (strict) {
        throw new ExpressionException("jsonpath: index " + idx + " out of range in " + path);
      }
    }
    return next;
  }

  private static List<Object> slice(List<Object> current, String spec) {
    String[] parts = spec.split(":", -1);
    List<Object> next = new ArrayList<>();
    for (Object o : current) {
      if (!(o instanceof List<?> l)) {
        continue;
      }
      int n = l.size();
      int start = parts[0].isBlank() ? 0 : Integer.parseInt(parts[0].trim());
      int end = parts[1].isBlank() ? n : Integer.parseInt(parts[1].trim());
      int step = parts.length > 2 && !parts[2].isBlank() ? Integer.parseInt(parts[2].trim()) : 1;
      start = Math.max(0, Math.min(n, start < 0 ? n + start : start));
      end = Math.max(0, Math.min(n, end < 0 ? n + end : end));
      for (int i = start; i < end; i += Math.max(1, step)) {
        next.add(l.get(i));
      }
    }
    return next;
  }

  private static List<Object> wildcard(List<Object> current) {
    List<Object> next = new ArrayList<>();
    for (Object o : current) {
      if (o instanceof Map<?, ?> m) {
        new java.util.TreeMap<>(m).values().forEach(next::add);
      } else if (o instanceof List<?> l) {
        next.addAll(l);
      }
    }
    return next;
  }

  private static void descend(Object o, String name, List<Object> out) {
    if (o instanceof Map<?, ?> m) {
      if (name.equals("*")) {
        out.addAll(m.values());
      } else if (m.containsKey(name)) {
        out.add(m.get(name));
      }
      for (Object v : m.values()) {
        descend(v, name, out);
      }
    } else if (o instanceof List<?> l) {
      for (Object v : l) {
        descend(v, name, out);
      }
    }
  }
}
