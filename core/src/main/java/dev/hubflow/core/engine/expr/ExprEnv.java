package dev.hubflow.core.engine.expr;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;

/** Builds the environment Argo gives {@code {{=…}}} expressions ({@code util/expr/env}). */
public final class ExprEnv {
  private ExprEnv() {}

  /**
   * Argo's {@code GetFuncMap}: dotted variable names become nested maps ({@code
   * inputs.parameters.x} is reachable as {@code inputs.parameters.x} and {@code
   * inputs.parameters['x']}; where both {@code a} and {@code a.b} are given, the more specific
   * wins), plus {@code asInt}, {@code asFloat}, {@code jsonpath}, {@code toJson} and {@code sprig}.
   * Values may be strings, nulls (absent optionals), numbers, lists or maps.
   */
  public static Map<String, Object> argo(Map<String, ?> variables) {
    Map<String, Object> env = expand(variables);
    env.put("asInt", (ExprFunction) args -> ExprBuiltins.toInt(one("asInt", args)));
    env.put("asFloat", (ExprFunction) args -> ExprBuiltins.toFloat(one("asFloat", args)));
    env.put("jsonpath", (ExprFunction) ExprEnv::jsonpath);
    env.put("toJson", (ExprFunction) args -> GoJson.marshal(one("toJson", args)));
    env.put("sprig", SPRIG);
    return env;
  }

  private static final Map<String, Object> SPRIG = Map.copyOf(Sprig.functions());

  /**
   * bellows.Expand after Argo's removeConflicts: {@code {"a.b": 1}} becomes {@code {a: {b: 1}}}.
   */
  @SuppressWarnings("unchecked")
  public static Map<String, Object> expand(Map<String, ?> flat) {
    TreeSet<String> keys = new TreeSet<>(flat.keySet());
    Map<String, Object> root = new HashMap<>();
    for (String key : keys) {
      String higher = keys.higher(key + ".");
      if (higher != null && higher.startsWith(key + ".")) {
        continue; // a parent with children: the children win
      }
      String[] parts = key.split("\\.", -1);
      Map<String, Object> m = root;
      boolean blocked = false;
      for (int i = 0; i < parts.length - 1; i++) {
        Object child = m.get(parts[i]);
        if (child == null) {
          child = new HashMap<String, Object>();
          m.put(parts[i], child);
        } else if (!(child instanceof Map)) {
          blocked = true;
          break;
        }
        m = (Map<String, Object>) child;
      }
      if (!blocked && !m.containsKey(parts[parts.length - 1])) {
        m.put(parts[parts.length - 1], flat.get(key));
      }
    }
    return root;
  }

  private static Object one(String fn, List<Object> args) {
    if (args.size() != 1) {
      throw ExprInterpreter.fail(
          "invalid number of arguments for " + fn + " (expected 1, got " + args.size() + ")");
    }
    return args.get(0);
  }

  private static Object jsonpath(List<Object> args) {
    if (args.size() != 2
        || !(args.get(0) instanceof String json)
        || !(args.get(1) instanceof String path)) {
      throw ExprInterpreter.fail(
          "jsonpath expects (string, string), got " + args.size() + " arguments");
    }
    return JsonPath.query(path, GoJson.unmarshal(json));
  }
}
