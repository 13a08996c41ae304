package dev.hubflow.testkit.apiserver.store;

import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.function.Predicate;

/**
 * Label and field selectors with the real server's syntax: {@code a=b, a==b, a!=b, a in (x,y), a
 * notin (x), a, !a} for labels; {@code path=value, path==value, path!=value} for fields.
 */
public final class Selector implements Predicate<JsonObject> {
  public static final Selector EVERYTHING = new Selector(List.of(), "");

  private record Requirement(String key, String op, Set<String> values) {}

  private final List<Requirement> requirements;
  private final String source;
  private final boolean fields;

  private Selector(List<Requirement> requirements, String source) {
    this(requirements, source, false);
  }

  private Selector(List<Requirement> requirements, String source, boolean fields) {
    this.requirements = requirements;
    this.source = source;
    this.fields = fields;
  }

  public boolean isEverything() {
    return requirements.isEmpty();
  }

  @Override
  public String toString() {
    return source;
  }

  public static Selector labels(String text) {
    if (text == null || text.isBlank()) {
      return EVERYTHING;
    }
    List<Requirement> reqs = new ArrayList<>();
    for (String part : splitTopLevel(text)) {
      String p = part.trim();
      if (p.isEmpty()) {
        continue;
      }
      reqs.add(parseLabel(p, text));
    }
    return new Selector(List.copyOf(reqs), text, false);
  }

  public static Selector fields(String text) {
    if (text == null || text.isBlank()) {
      return EVERYTHING;
    }
    List<Requirement> reqs = new ArrayList<>();
    for (String part : text.split(",")) {
      String p = part.trim();
      if (p.isEmpty()) {
        continue;
      }
      String op;
      int at;
      if ((at = p.indexOf("!=")) > 0) {
        op = "!=";
      } else if ((at = p.indexOf("==")) > 0) {
        op = "=";
      } else if ((at = p.indexOf('=')) > 0) {
        op = "=";
      } else {
        throw StatusException.badRequest(
            "unable to parse requirement: invalid field selector \"" + p + "\"");
      }
      String key = p.substring(0, at).trim();
      String value = p.substring(at + (p.startsWith("==", at) || op.equals("!=") ? 2 : 1)).trim();
      reqs.add(new Requirement(key, op, Set.of(value)));
    }
    return new Selector(List.copyOf(reqs), text, true);
  }

  private static List<String> splitTopLevel(String text) {
    List<String> parts = new ArrayList<>();
    int depth = 0;
    int start = 0;
    for (int i = 0; i < text.length(); i++) {
      char c = text.charAt(i);
      if (c == '(') {
        depth++;
      } else if (c == ')') {
        depth--;
      } else if (c == ',' && depth == 0) {
        parts.add(text.substring(start, i));
        start = i + 1;
      }
    }
    parts.add(text.substring(start));
    return parts;
  }

  private static Requirement parseLabel(String p, String whole) {
    if (p.startsWith("!")) {
      return new Requirement(checkKey(p.substring(1).trim(), whole), "!exists", Set.of());
    }
    String[] words = p.split("\\s+", 2);
    if (words.length == 2) {
      String rest = words[1].trim();
      String lower = rest.toLowerCase(java.util.Locale.ROOT);
      String op = null;
      if (lower.startsWith("notin")) {
        op = "notin";
        rest = rest.substring(5).trim();
      } else if (lower.startsWith("in")) {
        op = "in";
        rest = rest.substring(2).trim();
      }
      if (op != null) {
        if (!rest.startsWith("(") || !rest.endsWith(")")) {
          throw StatusException.badRequest(
              "unable to parse requirement: found '" + rest + "', expected: '('");
        }
        Set<String> values = new java.util.HashSet<>();
        for (String v : rest.substring(1, rest.length() - 1).split(",")) {
          if (!v.isBlank()) {
            values.add(v.trim());
          }
        }
        return new Requirement(checkKey(words[0], whole), op, Set.copyOf(values));
      }
    }
    int at;
    if ((at = p.indexOf("!=")) > 0) {
      return new Requirement(
          checkKey(p.substring(0, at).trim(), whole), "!=", Set.of(p.substring(at + 2).trim()));
    }
    if ((at = p.indexOf("==")) > 0) {
      return new Requirement(
          checkKey(p.substring(0, at).trim(), whole), "=", Set.of(p.substring(at + 2).trim()));
    }
    if ((at = p.indexOf('=')) > 0) {
      return new Requirement(
          checkKey(p.substring(0, at).trim(), whole), "=", Set.of(p.substring(at + 1).trim()));
    }
    return new Requirement(checkKey(p, whole), "exists", Set.of());
  }

  private static String checkKey(String key, String whole) {
    if (!key.matches("([a-z0-9A-Z.-]+/)?[A-Za-z0-9]([A-Za-z0-9_.-]*[A-Za-z0-9])?")) {
      throw StatusException.badRequest(
          "unable to parse requirement: invalid label key \"" + key + "\" in \"" + whole + "\"");
    }
    return key;
  }

  @Override
  public boolean test(JsonObject object) {
    if (requirements.isEmpty()) {
      return true;
    }
    JsonObject labels = Json.obj(Json.meta(object), "labels");
    for (Requirement r : requirements) {
      String value;
      boolean present;
      if (fields) {
        JsonElement e = Json.path(object, r.key);
        present = e != null && !e.isJsonNull();
        value = present ? (e.isJsonPrimitive() ? e.getAsString() : e.toString()) : "";
      } else {
        JsonElement e = labels.get(r.key);
        present = e != null && e.isJsonPrimitive();
        value = present ? e.getAsString() : null;
      }
      boolean ok =
          switch (r.op) {
            case "=" -> (fields || present) && r.values.contains(value);
            case "!=" ->
                fields ? !r.values.contains(value) : !(present && r.values.contains(value));
            case "in" -> present && r.values.contains(value);
            case "notin" -> !present || !r.values.contains(value);
            case "exists" -> present;
            case "!exists" -> !present;
            default -> false;
          };
      if (!ok) {
        return false;
      }
    }
    return true;
  }
}
