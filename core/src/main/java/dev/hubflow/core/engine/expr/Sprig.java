package dev.hubflow.core.engine.expr;

import static dev.hubflow.core.engine.expr.ExprInterpreter.fail;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.Function;

/**
 * The Masterminds/sprig functions Argo exposes as {@code sprig.*} in expressions: a subset covering
 * strings, numbers (sprig's int64 arithmetic), lists, dicts, defaults, encodings and dates. Nothing
 * here reads the clock or randomness.
 */
final class Sprig {
  private Sprig() {}

  static Map<String, Object> functions() {
    Map<String, ExprFunction> f = new LinkedHashMap<>();
    // strings
    f.put("trim", fn1(s -> ExprBuiltins.goTrimSpace(strval(s))));
    f.put("trimAll", fn2((c, s) -> ExprBuiltins.trimCutset(strval(s), strval(c), true, true)));
    f.put(
        "trimPrefix",
        fn2(
            (p, s) ->
                strval(s).startsWith(strval(p))
                    ? strval(s).substring(strval(p).length())
                    : strval(s)));
    f.put(
        "trimSuffix",
        fn2(
            (p, s) ->
                strval(s).endsWith(strval(p))
                    ? strval(s).substring(0, strval(s).length() - strval(p).length())
                    : strval(s)));
    f.put("upper", fn1(s -> strval(s).toUpperCase(Locale.ROOT)));
    f.put("lower", fn1(s -> strval(s).toLowerCase(Locale.ROOT)));
    f.put("title", fn1(s -> title(strval(s))));
    f.put("replace", fn3((o, n, s) -> ExprBuiltins.replace(strval(s), strval(o), strval(n), -1)));
    f.put("contains", fn2((sub, s) -> strval(s).contains(strval(sub))));
    f.put("hasPrefix", fn2((p, s) -> strval(s).startsWith(strval(p))));
    f.put("hasSuffix", fn2((p, s) -> strval(s).endsWith(strval(p))));
    f.put("repeat", fn2((n, s) -> strval(s).repeat((int) Math.max(0, toInt64(n)))));
    f.put("quote", args -> join(args, a -> "\"" + GoText.quoteInner(strval(a)) + "\""));
    f.put("squote", args -> join(args, a -> "'" + strval(a) + "'"));
    f.put("cat", args -> join(args, Sprig::strval));
    f.put("nospace", fn1(s -> strval(s).replaceAll("\\s", "")));
    f.put("trunc", fn2((n, s) -> trunc(strval(s), toInt64(n))));
    f.put("substr", fn3((a, b, s) -> substr(strval(s), toInt64(a), toInt64(b))));
    f.put("indent", fn2((n, s) -> indent(strval(s), toInt64(n))));
    f.put("nindent", fn2((n, s) -> "\n" + indent(strval(s), toInt64(n))));
    f.put("splitList", fn2((sep, s) -> ExprBuiltins.split(strval(s), strval(sep), -1, false)));
    f.put("split", fn2((sep, s) -> splitMap(strval(s), strval(sep))));
    f.put("join", fn2((sep, l) -> joinList(strval(sep), l)));
    f.put("toString", fn1(Sprig::strval));
    f.put("toStrings", fn1(l -> new ArrayList<>(list(l).stream().map(Sprig::strval).toList())));
    f.put(
        "regexMatch",
        fn2((re, s) -> java.util.regex.Pattern.compile(strval(re)).matcher(strval(s)).find()));
    f.put(
        "regexReplaceAll",
        fn3(
            (re, s, repl) ->
                java.util.regex.Pattern.compile(strval(re))
                    .matcher(strval(s))
                    .replaceAll(strval(repl).replaceAll("\\$\\{?(\\w+)\\}?", "\\$$1"))));
    // numbers: sprig converts with cast.ToInt64 / ToFloat64 and answers int64
    f.put("int", fn1(Sprig::toInt64));
    f.put("int64", fn1(Sprig::toInt64));
    f.put("float64", fn1(Sprig::toFloat64));
    f.put(
        "atoi",
        fn1(
            s -> {
              try {
                return Long.parseLong(strval(s));
              } catch (NumberFormatException e) {
                return 0L;
              }
            }));
    f.put("add", args -> args.stream().mapToLong(Sprig::toInt64).sum());
    f.put("add1", fn1(a -> toInt64(a) + 1));
    f.put("sub", fn2((a, b) -> toInt64(a) - toInt64(b)));
    f.put("mul", args -> args.stream().mapToLong(Sprig::toInt64).reduce(1, (x, y) -> x * y));
    f.put(
        "div",
        fn2(
            (a, b) -> {
              long d = toInt64(b);
              if (d == 0) {
                throw fail("runtime error: integer divide by zero");
              }
              return toInt64(a) / d;
            }));
    f.put(
        "mod",
        fn2(
            (a, b) -> {
              long d = toInt64(b);
              if (d == 0) {
                throw fail("runtime error: integer divide by zero");
              }
              return toInt64(a) % d;
            }));
    f.put("max", args -> args.stream().mapToLong(Sprig::toInt64).max().orElseThrow());
    f.put("min", args -> args.stream().mapToLong(Sprig::toInt64).min().orElseThrow());
    f.put("addf", args -> args.stream().mapToDouble(Sprig::toFloat64).sum());
    f.put("subf", fn2((a, b) -> toFloat64(a) - toFloat64(b)));
    f.put("mulf", args -> args.stream().mapToDouble(Sprig::toFloat64).reduce(1, (x, y) -> x * y));
    f.put("divf", fn2((a, b) -> toFloat64(a) / toFloat64(b)));
    f.put("maxf", args -> args.stream().mapToDouble(Sprig::toFloat64).max().orElseThrow());
    f.put("minf", args -> args.stream().mapToDouble(Sprig::toFloat64).min().orElseThrow());
    // defaults and logic
    f.put(
        "default",
        args -> {
          if (args.isEmpty()) {
            throw fail("wrong number of args for default: want at least 1 got 0");
          }
          Object given = args.size() > 1 ? args.get(1) : null;
          return empty(given) ? args.get(0) : given;
        });
    f.put("empty", fn1(Sprig::empty));
    f.put("coalesce", args -> args.stream().filter(a -> !empty(a)).findFirst().orElse(null));
    f.put("ternary", fn3((t, e, c) -> Boolean.TRUE.equals(c) ? t : e));
    // lists and dicts
    f.put("list", args -> new ArrayList<>(args));
    f.put("first", fn1(l -> list(l).isEmpty() ? null : list(l).get(0)));
    f.put("last", fn1(l -> list(l).isEmpty() ? null : list(l).get(list(l).size() - 1)));
    f.put(
        "has", fn2((needle, l) -> list(l).stream().anyMatch(x -> ExprOperators.equal(x, needle))));
    f.put(
        "uniq",
        fn1(
            l -> {
              List<Object> out = new ArrayList<>();
              for (Object o : list(l)) {
                if (out.stream().noneMatch(x -> ExprOperators.equal(x, o))) {
                  out.add(o);
                }
              }
              return out;
            }));
    f.put(
        "dict",
        args -> {
          Map<String, Object> d = new LinkedHashMap<>();
          for (int i = 0; i < args.size(); i += 2) {
            d.put(strval(args.get(i)), i + 1 < args.size() ? args.get(i + 1) : "");
          }
          return d;
        });
    f.put(
        "get",
        fn2(
            (d, k) -> {
              Object v = dict(d).get(strval(k));
              return v == null && !dict(d).containsKey(strval(k)) ? "" : v;
            }));
    f.put("hasKey", fn2((d, k) -> dict(d).containsKey(strval(k))));
    f.put(
        "keys",
        args -> {
          List<Object> out = new ArrayList<>();
          for (Object d : args) {
            out.addAll(dict(d).keySet());
          }
          return out;
        });
    f.put("values", fn1(d -> new ArrayList<>(dict(d).values())));
    // encodings
    f.put(
        "b64enc",
        fn1(s -> Base64.getEncoder().encodeToString(strval(s).getBytes(StandardCharsets.UTF_8))));
    f.put(
        "b64dec",
        fn1(
            s -> {
              try {
                return new String(Base64.getDecoder().decode(strval(s)), StandardCharsets.UTF_8);
              } catch (IllegalArgumentException e) {
                return "illegal base64 data: " + e.getMessage();
              }
            }));
    f.put("sha256sum", fn1(s -> sha256(strval(s))));
    f.put("toJson", fn1(GoJson::marshal));
    f.put("toPrettyJson", fn1(v -> GoJson.marshalIndent(v, "  ")));
    f.put("toRawJson", fn1(GoJson::marshal));
    f.put("fromJson", fn1(s -> GoJson.unmarshal(strval(s))));
    // dates: a string date is read as RFC 3339, the form Argo gives timestamps
    f.put("date", fn2((layout, d) -> GoTime.format(toTime(d), strval(layout))));
    f.put(
        "dateInZone",
        fn3(
            (layout, d, zone) ->
                GoTime.format(
                    toTime(d)
                        .atZoneSameInstant(java.time.ZoneId.of(strval(zone)))
                        .toOffsetDateTime(),
                    strval(layout))));
    f.put("toDate", fn2((layout, s) -> GoTime.parse(strval(s), strval(layout))));
    f.put("unixEpoch", fn1(d -> String.valueOf(toTime(d).toEpochSecond())));
    return new LinkedHashMap<>(f);
  }

  interface F1 {
    Object apply(Object a);
  }

  interface F2 {
    Object apply(Object a, Object b);
  }

  interface F3 {
    Object apply(Object a, Object b, Object c);
  }

  private static ExprFunction fn1(F1 f) {
    return args -> {
      want(args, 1);
      return f.apply(args.get(0));
    };
  }

  private static ExprFunction fn2(F2 f) {
    return args -> {
      want(args, 2);
      return f.apply(args.get(0), args.get(1));
    };
  }

  private static ExprFunction fn3(F3 f) {
    return args -> {
      want(args, 3);
      return f.apply(args.get(0), args.get(1), args.get(2));
    };
  }

  private static void want(List<Object> args, int n) {
    if (args.size() != n) {
      throw fail("invalid number of arguments (expected " + n + ", got " + args.size() + ")");
    }
  }

  private static String join(List<Object> args, Function<Object, String> each) {
    List<String> parts = new ArrayList<>();
    for (Object a : args) {
      if (a != null) {
        parts.add(each.apply(a));
      }
    }
    return String.join(" ", parts);
  }

  /** sprig's strval: strings as they are, anything else as Go's %v. */
  static String strval(Object v) {
    return v instanceof String s ? s : GoText.v(v);
  }

  /** cast.ToInt64: numbers truncate, numeric strings parse, anything else is 0. */
  static long toInt64(Object v) {
    v = Values.normalize(v);
    if (v instanceof Long l) {
      return l;
    }
    if (v instanceof Double d) {
      return (long) d.doubleValue();
    }
    if (v instanceof Boolean b) {
      return b ? 1 : 0;
    }
    if (v instanceof String s) {
      String t = s.trim();
      if (t.matches("[+-]?\\d+\\.0*")) {
        t = t.substring(0, t.indexOf('.'));
      }
      try {
        return Long.decode(t);
      } catch (NumberFormatException e) {
        return 0;
      }
    }
    return 0;
  }

  /** cast.ToFloat64. */
  static double toFloat64(Object v) {
    v = Values.normalize(v);
    if (Values.isNumber(v)) {
      return Values.toDouble(v);
    }
    if (v instanceof Boolean b) {
      return b ? 1 : 0;
    }
    if (v instanceof String s) {
      try {
        return Double.parseDouble(s.trim());
      } catch (NumberFormatException e) {
        return 0;
      }
    }
    return 0;
  }

  static boolean empty(Object v) {
    v = Values.normalize(v);
    if (v == null) {
      return true;
    }
    if (v instanceof String s) {
      return s.isEmpty();
    }
    if (v instanceof Boolean b) {
      return !b;
    }
    if (v instanceof Long l) {
      return l == 0;
    }
    if (v instanceof Double d) {
      return d == 0;
    }
    if (v instanceof List<?> l) {
      return l.isEmpty();
    }
    if (v instanceof Map<?, ?> m) {
      return m.isEmpty();
    }
    return false;
  }

  private static List<?> list(Object v) {
    if (v instanceof List<?> l) {
      return l;
    }
    throw fail("cannot find first on type " + Values.typeName(v));
  }

  private static Map<?, ?> dict(Object v) {
    if (v instanceof Map<?, ?> m) {
      return m;
    }
    throw fail("wrong type for value; expected map[string]interface {}; got " + Values.typeName(v));
  }

  private static Object joinList(String sep, Object l) {
    List<String> parts = new ArrayList<>();
    for (Object o : l instanceof List<?> list ? list : List.of(l)) {
      if (o != null) {
        parts.add(strval(o));
      }
    }
    return String.join(sep, parts);
  }

  private static Map<String, Object> splitMap(String s, String sep) {
    Map<String, Object> out = new LinkedHashMap<>();
    List<Object> parts = ExprBuiltins.split(s, sep, -1, false);
    for (int i = 0; i < parts.size(); i++) {
      out.put("_" + i, parts.get(i));
    }
    return out;
  }

  private static String title(String s) {
    StringBuilder b = new StringBuilder();
    boolean start = true;
    for (char c : s.toCharArray()) {
      b.append(start ? Character.toTitleCase(c) : c);
      start = !Character.isLetterOrDigit(c) && c != '_' && c != '\'';
    }
    return b.toString();
  }

  private static String trunc(String s, long n) {
    if (n < 0 && s.length() + n > 0) {
      return s.substring((int) (s.length() + n));
    }
    if (n >= 0 && s.length() > n) {
      return s.substring(0, (int) n);
    }
    return s;
  }

  private static String substr(String s, long start, long end) {
    if (start < 0) {
      return s.substring(0, (int) Math.min(end, s.length()));
    }
    if (end < 0 || end > s.length()) {
      return s.substring((int) Math.min(start, s.length()));
    }
    return s.substring((int) start, (int) Math.max(start, end));
  }

  private static String indent(String s, long n) {
    String pad = " ".repeat((int) Math.max(0, n));
    return pad + s.replace("\n", "\n" + pad);
  }

  private static String sha256(String s) {
    try {
      return HexFormat.of()
          .formatHex(
              MessageDigest.getInstance("SHA-256").digest(s.getBytes(StandardCharsets.UTF_8)));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }

  private static OffsetDateTime toTime(Object d) {
    d = Values.normalize(d);
    if (d instanceof OffsetDateTime t) {
      return t;
    }
    if (d instanceof Long l) {
      return OffsetDateTime.ofInstant(java.time.Instant.ofEpochSecond(l), java.time.ZoneOffset.UTC);
    }
    if (d instanceof String s) {
      return GoTime.rfc3339(s);
    }
    throw fail("cannot use " + Values.typeName(d) + " as a date");
  }
}
