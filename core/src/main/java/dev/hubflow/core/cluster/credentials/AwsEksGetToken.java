package dev.hubflow.core.cluster.credentials;

import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * An {@code aws eks get-token} exec entry as the AWS CLI writes it into kubeconfigs ({@code aws
 * --region Z eks get-token --cluster-name X [--role-arn R] --output json}, with {@code AWS_PROFILE}
 * in env when a profile was used).
 *
 * @param clusterName the EKS cluster's name ({@code --cluster-name}; {@code --cluster-id} too)
 * @param roleArn the role to assume before signing ({@code --role-arn})
 * @param region the STS region ({@code --region}, else {@code AWS_REGION}/{@code
 *     AWS_DEFAULT_REGION} from the entry's env)
 * @param profile {@code --profile} or {@code AWS_PROFILE} from the entry's env
 */
public record AwsEksGetToken(
    String clusterName,
    Optional<String> roleArn,
    Optional<String> region,
    Optional<String> profile) {

  public AwsEksGetToken {
    Objects.requireNonNull(clusterName, "clusterName");
    Objects.requireNonNull(roleArn, "roleArn");
    Objects.requireNonNull(region, "region");
    Objects.requireNonNull(profile, "profile");
  }

  /** The request, when the entry runs the AWS CLI's {@code eks get-token}. */
  public static Optional<AwsEksGetToken> parse(ExecPlugin plugin) {
    String command = plugin.command();
    String program = command.substring(command.lastIndexOf('/') + 1);
    if (!program.equals("aws") && !program.equals("aws.exe")) {
      return Optional.empty();
    }
    List<String> positional = positionals(plugin.args());
    if (positional.size() < 2
        || !positional.get(0).equals("eks")
        || !positional.get(1).equals("get-token")) {
      return Optional.empty();
    }
    Optional<String> cluster =
        plugin.option("--cluster-name").or(() -> plugin.option("--cluster-id"));
    if (cluster.isEmpty() || cluster.get().isBlank()) {
      throw new IllegalArgumentException(
          "exec entry \"aws eks get-token\" has no --cluster-name argument");
    }
    Optional<String> region =
        plugin
            .option("--region")
            .or(() -> Optional.ofNullable(plugin.env().get("AWS_REGION")))
            .or(() -> Optional.ofNullable(plugin.env().get("AWS_DEFAULT_REGION")));
    Optional<String> profile =
        plugin.option("--profile").or(() -> Optional.ofNullable(plugin.env().get("AWS_PROFILE")));
    return Optional.of(
        new AwsEksGetToken(cluster.get(), plugin.option("--role-arn"), region, profile));
  }

  /** The AWS CLI's global options may come before the service name; skip them and their values. */
  private static List<String> positionals(List<String> args) {
    List<String> valueless =
        List.of(
            "--debug", "--no-verify-ssl", "--no-paginate", "--no-sign-request", "--no-cli-pager");
    java.util.ArrayList<String> result = new java.util.ArrayList<>();
    for (int i = 0; i < args.size(); i++) {
      String arg = args.get(i);
      if (arg.startsWith("--")) {
        if (!arg.contains("=") && !valueless.contains(arg)) {
          i++;
        }
      } else {
        result.add(arg);
      }
    }
    return result;
  }
}
