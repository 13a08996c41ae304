package dev.hubflow.core.cluster.credentials;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * A kubeconfig {@code users[].user.exec} entry: a command that prints an {@code ExecCredential}.
 *
 * @param command the program; a relative path with a slash is resolved against {@code baseDir}
 * @param args its arguments
 * @param env extra environment variables, in order
 * @param apiVersion {@code client.authentication.k8s.io/v1} or {@code …/v1beta1}
 * @param provideClusterInfo pass the cluster's server and CA in {@code KUBERNETES_EXEC_INFO}
 * @param baseDir the kubeconfig's folder
 */
public record ExecPlugin(
    String command,
    List<String> args,
    Map<String, String> env,
    String apiVersion,
    boolean provideClusterInfo,
    Optional<Path> baseDir) {

  public static final String V1 = "client.authentication.k8s.io/v1";
  public static final String V1BETA1 = "client.authentication.k8s.io/v1beta1";

  public ExecPlugin {
    Objects.requireNonNull(command, "command");
    args = List.copyOf(args);
    env = Map.copyOf(env);
    Objects.requireNonNull(apiVersion, "apiVersion");
    Objects.requireNonNull(baseDir, "baseDir");
  }

  /** The value of the first {@code --name value} or {@code --name=value} among the args. */
  public Optional<String> option(String name) {
    for (int i = 0; i < args.size(); i++) {
      String arg = args.get(i);
      if (arg.equals(name) && i + 1 < args.size()) {
        return Optional.of(args.get(i + 1));
      }
      if (arg.startsWith(name + "=")) {
        return Optional.of(arg.substring(name.length() + 1));
      }
    }
    return Optional.empty();
  }

  /** Args and env may hold secrets (some plugins take tokens as flags): show only the command. */
  @Override
  public String toString() {
    return "ExecPlugin[command=" + command + ", apiVersion=" + apiVersion + "]";
  }
}
