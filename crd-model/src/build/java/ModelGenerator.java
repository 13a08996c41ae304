/*
 * Generates hubflow's Argo model classes from Argo's OpenAPI spec.
 *
 * Run by the crd-model build at generate-sources as a single-file Java program (java
 * ModelGenerator.java ...) so no separate generator module or plugin has to be published.
 *
 * Arguments: <spec file> <spec url> <sha256> <output dir> <package>
 * The spec is read from the file when it exists; otherwise it is downloaded from the URL and its
 * sha256 checked. With neither, the build fails with a message naming both.
 */
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

public class ModelGenerator {
  private static final String ARGO = "io.argoproj.workflow.v1alpha1.";
  private static final String K8S_MODELS = "io.kubernetes.client.openapi.models.";

  /** Top-level kinds: they implement client-java's object interfaces so informers take them. */
  private static final Set<String> KINDS =
      Set.of(
          "Workflow",
          "WorkflowTemplate",
          "ClusterWorkflowTemplate",
          "CronWorkflow",
          "WorkflowEventBinding");

  /**
   * Fields that are Argo's AnyString in its Go types (the spec says only "string"): they also take
   * numbers and booleans, and keep them as written so a manifest round-trips unchanged.
   */
  private static final Set<String> ANY_STRING =
      Set.of(
          "Parameter.default",
          "Parameter.value",
          "Parameter.enum",
          "Parameter.description",
          "ValueFrom.default");

  private static final Set<String> JAVA_KEYWORDS =
      Set.of(
          "abstract",
          "assert",
          "boolean",
          "break",
          "byte",
          "case",
          "catch",
          "char",
          "class",
          "const",
          "continue",
          "default",
          "do",
          "double",
          "else",
          "enum",
          "extends",
          "final",
          "finally",
          "float",
          "for",
          "goto",
          "if",
          "implements",
          "import",
          "instanceof",
          "int",
          "interface",
          "long",
          "native",
          "new",
          "package",
          "private",
          "protected",
          "public",
          "return",
          "short",
          "static",
          "strictfp",
          "super",
          "switch",
          "synchronized",
          "this",
          "throw",
          "throws",
          "transient",
          "try",
          "void",
          "volatile",
          "while",
          "true",
          "false",
          "null",
          "record",
          "var",
          "yield");

  private final JsonObject definitions;
  private final String pkg;

  ModelGenerator(JsonObject definitions, String pkg) {
    this.definitions = definitions;
    this.pkg = pkg;
  }

  public static void main(String[] args) throws Exception {
    if (args.length != 5) {
      throw new IllegalArgumentException(
          "usage: ModelGenerator <spec file> <spec url> <sha256> <output dir> <package>");
    }
    byte[] spec = readSpec(Path.of(args[0]), args[1], args[2]);
    JsonObject root =
        JsonParser.parseString(new String(spec, StandardCharsets.UTF_8)).getAsJsonObject();
    Path out = Path.of(args[3]);
    String pkg = args[4];
    Path dir = out.resolve(pkg.replace('.', '/'));
    Files.createDirectories(dir);
    ModelGenerator generator = new ModelGenerator(root.getAsJsonObject("definitions"), pkg);
    int count = 0;
    for (Map.Entry<String, JsonElement> def :
        new TreeMap<>(generator.definitions.asMap()).entrySet()) {
      if (!def.getKey().startsWith(ARGO)) {
        continue;
      }
      String name = def.getKey().substring(ARGO.length());
      String source = generator.classFor(name, def.getValue().getAsJsonObject());
      if (source != null) {
        Files.writeString(dir.resolve(name + ".java"), source);
        count++;
      }
    }
    System.out.println("hubflow model: generated " + count + " classes into " + dir);
  }

  static byte[] readSpec(Path file, String url, String sha256) throws Exception {
    if (Files.isRegularFile(file)) {
      return Files.readAllBytes(file);
    }
    byte[] body;
    try {
      HttpClient client =
          HttpClient.newBuilder()
              .followRedirects(HttpClient.Redirect.NORMAL)
              .connectTimeout(Duration.ofSeconds(20))
              .build();
      HttpResponse<byte[]> response =
          client.send(
              HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(60)).build(),
              HttpResponse.BodyHandlers.ofByteArray());
      if (response.statusCode() != 200) {
        throw new IOException("HTTP " + response.statusCode());
      }
      body = response.body();
    } catch (IOException | InterruptedException e) {
      throw new IllegalStateException(
          "Argo's OpenAPI spec is needed to generate the model, and neither source worked:\n"
              + "  - file "
              + file.toAbsolutePath()
              + " does not exist (it is there when ../shared sits beside the project)\n"
              + "  - download of "
              + url
              + " failed: "
              + e.getMessage(),
          e);
    }
    String actual = HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(body));
    if (!actual.equalsIgnoreCase(sha256)) {
      throw new IllegalStateException(
          "downloaded " + url + " has sha256 " + actual + ", expected " + sha256);
    }
    return body;
  }

  /** The Java source of one definition, or null when it maps to an existing type instead. */
  String classFor(String name, JsonObject def) {
    JsonObject properties = def.has("properties") ? def.getAsJsonObject("properties") : null;
    String type = def.has("type") ? def.get("type").getAsString() : null;
    if (properties == null && !"object".equals(type)) {
      return null; // Item, Amount, ParallelSteps...: mapped where they are used
    }
    if (properties == null && "Plugin".equals(name)) {
      return null; // an object with exactly one key of any shape: JsonObject
    }
    List<Field> fields = new ArrayList<>();
    if (properties != null) {
      for (Map.Entry<String, JsonElement> p : new TreeMap<>(properties.asMap()).entrySet()) {
        String javaType = javaType(p.getValue().getAsJsonObject());
        String storage = javaType;
        if (ANY_STRING.contains(name + "." + p.getKey())) {
          storage = javaType.equals("String") ? "AnyString" : "java.util.List<AnyString>";
        }
        fields.add(new Field(p.getKey(), javaType, storage, doc(p.getValue())));
      }
    }
    boolean kind = KINDS.contains(name);
    boolean list = name.endsWith("List") && KINDS.contains(name.substring(0, name.length() - 4));
    StringBuilder s = new StringBuilder();
    s.append("// Generated by hubflow's ModelGenerator from Argo's OpenAPI spec. Do not edit.\n");
    s.append("package ").append(pkg).append(";\n\n");
    String description = doc(def);
    if (!description.isEmpty()) {
      s.append("/** ").append(description).append(" */\n");
    }
    s.append("@SuppressWarnings(\"unused\")\n");
    s.append("public class ").append(name);
    if (kind) {
      s.append(" implements io.kubernetes.client.common.KubernetesObject");
    } else if (list) {
      s.append(" implements io.kubernetes.client.common.KubernetesListObject");
    }
    s.append(" {\n");
    for (Field f : fields) {
      s.append("  @com.google.gson.annotations.SerializedName(\"").append(f.json).append("\")\n");
      s.append("  private ").append(f.storage).append(' ').append(f.javaName()).append(";\n\n");
    }
    s.append("  public ").append(name).append("() {}\n\n");
    for (Field f : fields) {
      String cap = f.capitalized();
      if (!f.doc.isEmpty()) {
        s.append("  /** ").append(f.doc).append(" */\n");
      }
      s.append("  public ").append(f.type).append(" get").append(cap).append("() {\n");
      s.append("    return ").append(f.fromStorage(f.javaName())).append(";\n  }\n\n");
      s.append("  public void set").append(cap).append('(').append(f.type).append(" value) {\n");
      s.append("    this.").append(f.javaName()).append(" = ").append(f.toStorage("value"));
      s.append(";\n  }\n\n");
      s.append("  public ")
          .append(name)
          .append(' ')
          .append(f.javaName())
          .append('(')
          .append(f.type)
          .append(" value) {\n");
      s.append("    this.").append(f.javaName()).append(" = ").append(f.toStorage("value"));
      s.append(";\n    return this;\n  }\n\n");
      if (f.type.startsWith("java.util.List<")) {
        String item = f.type.substring("java.util.List<".length(), f.type.length() - 1);
        s.append("  public ")
            .append(name)
            .append(" add")
            .append(cap)
            .append("Item(")
            .append(item)
            .append(" item) {\n");
        s.append("    if (this.").append(f.javaName()).append(" == null) {\n");
        s.append("      this.")
            .append(f.javaName())
            .append(" = new java.util.ArrayList<>();\n    }\n");
        String stored = f.storage.equals(f.type) ? "item" : "AnyString.of(item)";
        s.append("    this.").append(f.javaName()).append(".add(").append(stored);
        s.append(");\n    return this;\n  }\n\n");
      } else if (f.type.startsWith("java.util.Map<String, ")) {
        String value = f.type.substring("java.util.Map<String, ".length(), f.type.length() - 1);
        s.append("  public ")
            .append(name)
            .append(" put")
            .append(cap)
            .append("Item(String key, ")
            .append(value)
            .append(" item) {\n");
        s.append("    if (this.").append(f.javaName()).append(" == null) {\n");
        s.append("      this.")
            .append(f.javaName())
            .append(" = new java.util.LinkedHashMap<>();\n    }\n");
        s.append("    this.")
            .append(f.javaName())
            .append(".put(key, item);\n    return this;\n  }\n\n");
      }
    }
    // equals / hashCode / toString over all fields.
    s.append("  @Override\n  public boolean equals(Object o) {\n");
    s.append("    if (this == o) {\n      return true;\n    }\n");
    s.append("    if (o == null || getClass() != o.getClass()) {\n      return false;\n    }\n");
    if (fields.isEmpty()) {
      s.append("    return true;\n  }\n\n");
    } else {
      s.append("    ").append(name).append(" other = (").append(name).append(") o;\n");
      s.append("    return ");
      for (int i = 0; i < fields.size(); i++) {
        if (i > 0) {
          s.append("\n        && ");
        }
        String n = fields.get(i).javaName();
        s.append("java.util.Objects.equals(").append(n).append(", other.").append(n).append(')');
      }
      s.append(";\n  }\n\n");
    }
    s.append("  @Override\n  public int hashCode() {\n    return java.util.Objects.hash(");
    for (int i = 0; i < fields.size(); i++) {
      if (i > 0) {
        s.append(", ");
      }
      s.append(fields.get(i).javaName());
    }
    s.append(");\n  }\n\n");
    s.append("  @Override\n  public String toString() {\n");
    s.append("    return ").append(pkg).append(".ModelJson.toJson(this);\n  }\n");
    s.append("}\n");
    return s.toString();
  }

  private String javaType(JsonObject p) {
    if (p.has("$ref")) {
      return refType(p.get("$ref").getAsString().substring("#/definitions/".length()));
    }
    String type = p.has("type") ? p.get("type").getAsString() : "object";
    String format = p.has("format") ? p.get("format").getAsString() : "";
    switch (type) {
      case "string":
        return "date-time".equals(format) ? "java.time.OffsetDateTime" : "String";
      case "boolean":
        return "Boolean";
      case "integer":
        return "int64".equals(format) ? "Long" : "Integer";
      case "number":
        return "java.math.BigDecimal";
      case "array":
        return "java.util.List<" + javaType(p.getAsJsonObject("items")) + ">";
      default:
        if (p.has("additionalProperties") && p.get("additionalProperties").isJsonObject()) {
          return "java.util.Map<String, "
              + javaType(p.getAsJsonObject("additionalProperties"))
              + ">";
        }
        return "com.google.gson.JsonObject";
    }
  }

  private String refType(String ref) {
    if (ref.startsWith(ARGO)) {
      String name = ref.substring(ARGO.length());
      JsonObject def = definitions.getAsJsonObject(ref);
      switch (name) {
        case "Item":
          return "com.google.gson.JsonElement"; // a string, number, bool, list or map
        case "Plugin":
          return "com.google.gson.JsonObject";
        case "Amount":
          return "java.math.BigDecimal";
        case "ParallelSteps":
          return "java.util.List<WorkflowStep>";
        default:
          if (def != null && !def.has("properties") && !"object".equals(typeOf(def))) {
            return javaType(def);
          }
          return name;
      }
    }
    switch (ref) {
      case "io.k8s.apimachinery.pkg.apis.meta.v1.Time":
      case "io.k8s.apimachinery.pkg.apis.meta.v1.MicroTime":
        return "java.time.OffsetDateTime";
      case "io.k8s.apimachinery.pkg.util.intstr.IntOrString":
        return "io.kubernetes.client.custom.IntOrString";
      case "io.k8s.apimachinery.pkg.api.resource.Quantity":
        return "io.kubernetes.client.custom.Quantity";
      case "io.k8s.apimachinery.pkg.apis.meta.v1.CreateOptions":
        return "com.google.gson.JsonObject"; // not a client-java model; only in API requests
      default:
        break;
    }
    String[] parts = ref.split("\\.");
    String simple = parts[parts.length - 1];
    String version = parts[parts.length - 2];
    if (ref.startsWith("io.k8s.")) {
      return K8S_MODELS + version.substring(0, 1).toUpperCase() + version.substring(1) + simple;
    }
    return "com.google.gson.JsonObject"; // other projects' types (Argo Events, gRPC gateway)
  }

  private static String typeOf(JsonObject def) {
    return def.has("type") ? def.get("type").getAsString() : "object";
  }

  private static String doc(JsonElement e) {
    JsonObject o = e.getAsJsonObject();
    if (!o.has("description")) {
      return "";
    }
    return o.get("description")
        .getAsString()
        .replace("*/", "* /")
        .replace("\\u", "\\\\u")
        .replace("@", "{@literal @}")
        .replace("<", "&lt;")
        .replace(">", "&gt;")
        .replace("\n", " ")
        .strip();
  }

  /** A property: its JSON name, the type callers see, and the type the field stores. */
  record Field(String json, String type, String storage, String doc) {
    /** The expression that turns the stored value into what callers see. */
    String fromStorage(String v) {
      if (storage.equals(type)) {
        return v;
      }
      if (storage.equals("AnyString")) {
        return "AnyString.text(" + v + ")";
      }
      // A copy: callers change the list through set/add, not through this view.
      return v
          + " == null ? null : "
          + v
          + ".stream().map(AnyString::text).collect(java.util.stream.Collectors.toList())";
    }

    /** The expression that turns a caller's value into what the field stores. */
    String toStorage(String v) {
      if (storage.equals(type)) {
        return v;
      }
      if (storage.equals("AnyString")) {
        return "AnyString.of(" + v + ")";
      }
      return v
          + " == null ? null : "
          + v
          + ".stream().map(AnyString::of).collect(java.util.stream.Collectors.toList())";
    }

    String javaName() {
      String n = json.replaceAll("[^A-Za-z0-9_]", "_");
      if (Character.isDigit(n.charAt(0))) {
        n = "_" + n;
      }
      return JAVA_KEYWORDS.contains(n) ? n + "_" : n;
    }

    String capitalized() {
      String n = javaName();
      return Character.toUpperCase(n.charAt(0)) + n.substring(1);
    }
  }
}
