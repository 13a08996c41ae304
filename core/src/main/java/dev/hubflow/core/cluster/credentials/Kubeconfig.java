package dev.hubflow.core.cluster.credentials;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.constructor.SafeConstructor;
import org.yaml.snakeyaml.error.YAMLException;

/**
 * A parsed kubeconfig file: clusters, users and contexts, with file references already read and
 * relative paths resolved against the file's folder. Secrets stay inside; {@link #toString()} shows
 * names only.
 */
public final class Kubeconfig {

  /** A {@code clusters[]} entry. */
  public record Cluster(
      String name,
      String server,
      Optional<String> caCertificatePem,
      boolean insecureSkipTlsVerify) {}

  /** A {@code users[]} entry; at most one way to authenticate is used (exec, token, cert). */
  public record User(
      String name,
      Optional<String> token,
      Optional<Path> tokenFile,
      Optional<String> clientCertificatePem,
      Optional<String> clientKeyPem,
      Optional<ExecPlugin> exec) {
    @Override
    public String toString() {
      return "User[name=" + name + "]";
    }
  }

  /** A {@code contexts[]} entry. */
  public record Context(String name, String cluster, String user, Optional<String> namespace) {}

  private final String source;
  private final Map<String, Cluster> clusters;
  private final Map<String, User> users;
  private final Map<String, Context> contexts;
  private final Optional<String> currentContext;

  private Kubeconfig(
      String source,
      Map<String, Cluster> clusters,
      Map<String, User> users,
      Map<String, Context> contexts,
      Optional<String> currentContext) {
    this.source = source;
    this.clusters = clusters;
    this.users = users;
    this.contexts = contexts;
    this.currentContext = currentContext;
  }

  /** Reads a kubeconfig file. */
  public static Kubeconfig load(Path file) {
    String text;
    try {
      text = Files.readString(file, StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read kubeconfig " + file + ": " + e.getMessage(), e);
    }
    Path dir = file.toAbsolutePath().getParent();
    return parse(text, dir, file.toString());
  }

  /**
   * Parses kubeconfig YAML; relative paths are resolved against {@code baseDir} and errors name
   * {@code source} and the field.
   */
  public static Kubeconfig parse(String yaml, Path baseDir, String source) {
    Object root;
    try {
      root = new Yaml(new SafeConstructor(new LoaderOptions())).load(yaml);
    } catch (YAMLException e) {
      throw new IllegalArgumentException(source + ": not valid YAML: " + e.getMessage(), e);
    }
    if (!(root instanceof Map<?, ?> rootMap)) {
      throw new IllegalArgumentException(source + ": a kubeconfig must be a YAML mapping");
    }
    Fields top = new Fields(source, "", rootMap, baseDir);
    Map<String, Cluster> clusters = new LinkedHashMap<>();
    for (Fields entry : top.list("clusters")) {
      String name = entry.required("name");
      Fields cluster = entry.object("cluster");
      clusters.put(
          name,
          new Cluster(
              name,
              cluster.required("server"),
              cluster.pem("certificate-authority-data", "certificate-authority"),
              cluster.bool("insecure-skip-tls-verify")));
    }
    Map<String, User> users = new LinkedHashMap<>();
    for (Fields entry : top.list("users")) {
      String name = entry.required("name");
      users.put(name, user(name, entry.object("user"), baseDir));
    }
    Map<String, Context> contexts = new LinkedHashMap<>();
    for (Fields entry : top.list("contexts")) {
      String name = entry.required("name");
      Fields context = entry.object("context");
      contexts.put(
          name,
          new Context(
              name,
              context.required("cluster"),
              context.string("user").orElse(""),
              context.string("namespace")));
    }
    Optional<String> current = top.string("current-context").filter(s -> !s.isEmpty());
    return new Kubeconfig(source, clusters, users, contexts, current);
  }

  private static User user(String name, Fields user, Path baseDir) {
    if (user.has("auth-provider")) {
      throw new IllegalArgumentException(
          user.where("auth-provider")
              + " is not supported (removed from client-go); use an exec plugin");
    }
    if (user.has("username") || user.has("password")) {
      throw new IllegalArgumentException(
          user.where("username") + ": basic authentication is not supported");
    }
    Optional<ExecPlugin> exec = Optional.empty();
    if (user.has("exec")) {
      Fields e = user.object("exec");
      Map<String, String> env = new LinkedHashMap<>();
      for (Fields variable : e.list("env")) {
        env.put(variable.required("name"), variable.string("value").orElse(""));
      }
      List<String> args = new ArrayList<>();
      for (Object arg : e.rawList("args")) {
        args.add(String.valueOf(arg));
      }
      exec =
          Optional.of(
              new ExecPlugin(
                  e.required("command"),
                  args,
                  env,
                  e.required("apiVersion"),
                  e.bool("provideClusterInfo"),
                  Optional.ofNullable(baseDir)));
    }
    return new User(
        name,
        user.string("token").filter(s -> !s.isEmpty()),
        user.string("tokenFile").filter(s -> !s.isEmpty()).map(user::path),
        user.pem("client-certificate-data", "client-certificate"),
        user.pem("client-key-data", "client-key"),
        exec);
  }

  public String source() {
    return source;
  }

  public Map<String, Cluster> clusters() {
    return Map.copyOf(clusters);
  }

  public Map<String, User> users() {
    return Map.copyOf(users);
  }

  /** Contexts in file order. */
  public List<Context> contexts() {
    return List.copyOf(contexts.values());
  }

  public Optional<Context> context(String name) {
    return Optional.ofNullable(contexts.get(name));
  }

  public Optional<String> currentContext() {
    return currentContext;
  }

  /** The cluster a context points at, or a clear error. */
  public Cluster clusterOf(Context context) {
    Cluster cluster = clusters.get(context.cluster());
    if (cluster == null) {
      throw new IllegalArgumentException(
          source
              + ": context \""
              + context.name()
              + "\" names cluster \""
              + context.cluster()
              + "\", which is not in clusters[]");
    }
    return cluster;
  }

  /** The user a context points at (empty when the context has none), or a clear error. */
  public Optional<User> userOf(Context context) {
    if (context.user().isEmpty()) {
      return Optional.empty();
    }
    User user = users.get(context.user());
    if (user == null) {
      throw new IllegalArgumentException(
          source
              + ": context \""
              + context.name()
              + "\" names user \""
              + context.user()
              + "\", which is not in users[]");
    }
    return Optional.of(user);
  }

  @Override
  public String toString() {
    return "Kubeconfig[" + source + ", contexts=" + contexts.keySet() + "]";
  }

  /** Typed access to one YAML mapping, with errors that name the file and the field's path. */
  private static final class Fields {
    private final String source;
    private final String path;
    private final Map<?, ?> map;
    private final Path baseDir;

    Fields(String source, String path, Map<?, ?> map, Path baseDir) {
      this.source = source;
      this.path = path;
      this.map = map;
      this.baseDir = baseDir;
    }

    String where(String field) {
      return source + ": " + (path.isEmpty() ? field : path + "." + field);
    }

    boolean has(String field) {
      return map.get(field) != null;
    }

    Optional<String> string(String field) {
      Object value = map.get(field);
      if (value == null) {
        return Optional.empty();
      }
      if (value instanceof Map || value instanceof List) {
        throw new IllegalArgumentException(where(field) + " must be a string");
      }
      return Optional.of(String.valueOf(value));
    }

    String required(String field) {
      return string(field)
          .filter(s -> !s.isEmpty())
          .orElseThrow(() -> new IllegalArgumentException(where(field) + " is required"));
    }

    boolean bool(String field) {
      Object value = map.get(field);
      if (value == null) {
        return false;
      }
      if (value instanceof Boolean b) {
        return b;
      }
      throw new IllegalArgumentException(where(field) + " must be true or false");
    }

    Fields object(String field) {
      Object value = map.get(field);
      if (!(value instanceof Map<?, ?> child)) {
        throw new IllegalArgumentException(where(field) + " must be a mapping");
      }
      return new Fields(source, path.isEmpty() ? field : path + "." + field, child, baseDir);
    }

    List<Object> rawList(String field) {
      Object value = map.get(field);
      if (value == null) {
        return List.of();
      }
      if (!(value instanceof List<?> list)) {
        throw new IllegalArgumentException(where(field) + " must be a list");
      }
      return new ArrayList<>(list);
    }

    List<Fields> list(String field) {
      List<Fields> result = new ArrayList<>();
      List<Object> items = rawList(field);
      for (int i = 0; i < items.size(); i++) {
        String itemPath = (path.isEmpty() ? field : path + "." + field) + "[" + i + "]";
        if (!(items.get(i) instanceof Map<?, ?> item)) {
          throw new IllegalArgumentException(source + ": " + itemPath + " must be a mapping");
        }
        result.add(new Fields(source, itemPath, item, baseDir));
      }
      return result;
    }

    Path path(String file) {
      Path p = Path.of(file);
      return p.isAbsolute() || baseDir == null ? p : baseDir.resolve(p).normalize();
    }

    /** PEM from a base64 {@code *-data} field, or else from the file the other field names. */
    Optional<String> pem(String dataField, String fileField) {
      Optional<String> data = string(dataField).filter(s -> !s.isEmpty());
      if (data.isPresent()) {
        try {
          return Optional.of(
              new String(
                  Base64.getMimeDecoder().decode(data.get().strip()), StandardCharsets.UTF_8));
        } catch (IllegalArgumentException e) {
          throw new IllegalArgumentException(where(dataField) + " is not valid base64", e);
        }
      }
      Optional<String> file = string(fileField).filter(s -> !s.isEmpty());
      if (file.isEmpty()) {
        return Optional.empty();
      }
      Path p = path(file.get());
      try {
        return Optional.of(Files.readString(p, StandardCharsets.UTF_8));
      } catch (IOException e) {
        throw new IllegalArgumentException(
            where(fileField) + ": cannot read " + p + ": " + e.getMessage(), e);
      }
    }
  }
}
