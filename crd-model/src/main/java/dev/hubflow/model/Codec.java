package dev.hubflow.model;

import com.google.gson.Gson;
import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonNull;
import com.google.gson.JsonObject;
import com.google.gson.JsonParseException;
import com.google.gson.JsonPrimitive;
import dev.hubflow.model.v1alpha1.ModelJson;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;
import org.yaml.snakeyaml.DumperOptions;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.constructor.SafeConstructor;
import org.yaml.snakeyaml.error.Mark;
import org.yaml.snakeyaml.error.MarkedYAMLException;
import org.yaml.snakeyaml.error.YAMLException;
import org.yaml.snakeyaml.nodes.Tag;
import org.yaml.snakeyaml.representer.Representer;
import org.yaml.snakeyaml.resolver.Resolver;

/**
 * The one way hubflow reads and writes manifests: YAML or JSON (JSON is YAML), one or many {@code
 * ---}-separated documents, comments and anchors, into JSON trees or model objects, and back.
 */
public final class Codec {
  private Codec() {}

  /** The Gson that maps JSON trees to model objects (client-java's, with its type adapters). */
  public static Gson gson() {
    return ModelJson.gson();
  }

  /** All non-empty documents of a YAML or JSON text as JSON trees. */
  public static List<JsonElement> readTrees(String text, String source) {
    List<JsonElement> trees = new ArrayList<>();
    try {
      for (Object doc : yaml().loadAll(text)) {
        if (doc != null) {
          trees.add(yamlToTree(doc));
        }
      }
    } catch (MarkedYAMLException e) {
      Mark mark = e.getProblemMark() != null ? e.getProblemMark() : e.getContextMark();
      String problem = e.getProblem() != null ? e.getProblem() : e.getMessage();
      if (e.getContext() != null) {
        problem = e.getContext() + ", " + problem;
      }
      throw new ManifestException(
          source,
          mark == null ? 0 : mark.getLine() + 1,
          mark == null ? 0 : mark.getColumn() + 1,
          "invalid YAML: " + problem,
          e);
    } catch (YAMLException e) {
      throw new ManifestException(source, 0, 0, "invalid YAML: " + e.getMessage(), e);
    }
    return trees;
  }

  /** All documents of a file as JSON trees. */
  public static List<JsonElement> readTrees(Path file) {
    return readTrees(readFile(file), file.toString());
  }

  /** Exactly one document of the given type. */
  public static <T> T read(String text, Class<T> type) {
    List<JsonElement> trees = readTrees(text, "<input>");
    if (trees.size() != 1) {
      throw new ManifestException(
          "<input>", 0, 0, "expected one document, found " + trees.size(), null);
    }
    return fromTree(trees.get(0), type, "<input>");
  }

  /** Every document of a text as the given type. */
  public static <T> List<T> readAll(String text, Class<T> type, String source) {
    List<T> values = new ArrayList<>();
    for (JsonElement tree : readTrees(text, source)) {
      values.add(fromTree(tree, type, source));
    }
    return values;
  }

  /** A JSON tree as a model object; a value of the wrong shape names the source. */
  public static <T> T fromTree(JsonElement tree, Class<T> type, String source) {
    try {
      return gson().fromJson(tree, type);
    } catch (JsonParseException | IllegalStateException | NumberFormatException e) {
      throw new ManifestException(
          source, 0, 0, "cannot read as " + type.getSimpleName() + ": " + e.getMessage(), e);
    }
  }

  /** A model object as a JSON tree. */
  public static JsonElement toTree(Object value) {
    if (value instanceof JsonElement tree) {
      return tree;
    }
    return gson().toJsonTree(value);
  }

  /** A model object (or tree) as compact JSON. */
  public static String toJson(Object value) {
    return gson().toJson(toTree(value));
  }

  /** A model object (or tree) as block-style YAML. */
  public static String toYaml(Object value) {
    return dumper().dump(toPlain(toTree(value)));
  }

  /** A deep copy of a model object (field by field; what it cannot copy so goes through JSON). */
  public static <T> T copy(T value) {
    return ModelCopy.copy(value);
  }

  private static String readFile(Path file) {
    try {
      return Files.readString(file, StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read " + file + ": " + e.getMessage(), e);
    }
  }

  private static Yaml yaml() {
    LoaderOptions options = new LoaderOptions();
    options.setAllowDuplicateKeys(false);
    options.setMaxAliasesForCollections(1000);
    options.setCodePointLimit(64 * 1024 * 1024);
    return new Yaml(
        new SafeConstructor(options),
        new Representer(new DumperOptions()),
        new DumperOptions(),
        options,
        new KubernetesResolver());
  }

  private static Yaml dumper() {
    DumperOptions options = new DumperOptions();
    options.setDefaultFlowStyle(DumperOptions.FlowStyle.BLOCK);
    options.setIndicatorIndent(2);
    options.setIndentWithIndicator(true);
    options.setSplitLines(false);
    return new Yaml(options);
  }

  /** Kubernetes YAML keeps timestamps as strings; everything else resolves as YAML 1.1 does. */
  private static final class KubernetesResolver extends Resolver {
    @Override
    public void addImplicitResolver(Tag tag, Pattern regexp, String first, int limit) {
      if (Tag.TIMESTAMP.equals(tag)) {
        return;
      }
      super.addImplicitResolver(tag, regexp, first, limit);
    }
  }

  private static JsonElement yamlToTree(Object yaml) {
    if (yaml == null) {
      return JsonNull.INSTANCE;
    }
    if (yaml instanceof Map<?, ?> map) {
      JsonObject o = new JsonObject();
      for (Map.Entry<?, ?> e : map.entrySet()) {
        o.add(String.valueOf(e.getKey()), yamlToTree(e.getValue()));
      }
      return o;
    }
    if (yaml instanceof List<?> list) {
      JsonArray a = new JsonArray(list.size());
      for (Object item : list) {
        a.add(yamlToTree(item));
      }
      return a;
    }
    if (yaml instanceof Boolean b) {
      return new JsonPrimitive(b);
    }
    if (yaml instanceof Integer || yaml instanceof Long || yaml instanceof BigInteger) {
      return new JsonPrimitive((Number) yaml);
    }
    if (yaml instanceof Double d) {
      if (d.isNaN() || d.isInfinite()) {
        return new JsonPrimitive(String.valueOf(d));
      }
      return new JsonPrimitive(new BigDecimal(Double.toString(d)));
    }
    if (yaml instanceof byte[] bytes) {
      return new JsonPrimitive(java.util.Base64.getEncoder().encodeToString(bytes));
    }
    return new JsonPrimitive(String.valueOf(yaml));
  }

  private static Object toPlain(JsonElement tree) {
    if (tree == null || tree.isJsonNull()) {
      return null;
    }
    if (tree.isJsonObject()) {
      Map<String, Object> map = new LinkedHashMap<>();
      for (Map.Entry<String, JsonElement> e : tree.getAsJsonObject().entrySet()) {
        map.put(e.getKey(), toPlain(e.getValue()));
      }
      return map;
    }
    if (tree.isJsonArray()) {
      List<Object> list = new ArrayList<>();
      for (JsonElement e : tree.getAsJsonArray()) {
        list.add(toPlain(e));
      }
      return list;
    }
    JsonPrimitive p = tree.getAsJsonPrimitive();
    if (p.isBoolean()) {
      return p.getAsBoolean();
    }
    if (p.isNumber()) {
      BigDecimal n = p.getAsBigDecimal();
      try {
        return n.longValueExact();
      } catch (ArithmeticException notWhole) {
        return n.doubleValue();
      }
    }
    return p.getAsString();
  }
}
