package dev.hubflow.daemon.eks;

import dev.hubflow.core.cluster.credentials.ExecCredential;
import dev.hubflow.core.cluster.credentials.ExecPlugin;
import dev.hubflow.core.spi.Clock;
import dev.hubflow.core.spi.Credentials;
import java.net.URI;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code hubflow eks-token}: prints the ExecCredential {@code aws eks get-token} prints. */
@Command(
    name = "eks-token",
    mixinStandardHelpOptions = true,
    description = {
      "Prints an EKS bearer token as an ExecCredential, like 'aws eks get-token',",
      "using the AWS SDK's default credentials (Pod Identity, IRSA, environment)."
    })
public final class EksTokenCommand implements Callable<Integer> {
  @Spec CommandSpec spec;

  @Option(names = "--cluster-name", required = true, description = "The EKS cluster's name.")
  String clusterName;

  @Option(names = "--role-arn", description = "A role to assume before signing.")
  String roleArn;

  @Option(names = "--external-id", description = "External id for --role-arn.")
  String externalId;

  @Option(names = "--region", description = "The cluster's region (else AWS_REGION…).")
  String region;

  @Option(
      names = "--sts-endpoint",
      description = "STS URL to sign for (default: the regional STS endpoint).")
  URI stsEndpoint;

  @Option(
      names = "--api-version",
      defaultValue = ExecPlugin.V1BETA1,
      description = "ExecCredential apiVersion (default: ${DEFAULT-VALUE}).")
  String apiVersion;

  @Override
  public Integer call() {
    EksSettings settings = EksSettings.defaults().withStsEndpoint(stsEndpoint);
    EksCluster cluster =
        new EksCluster(
            clusterName,
            clusterName,
            Optional.ofNullable(region),
            Optional.ofNullable(roleArn),
            Optional.ofNullable(externalId),
            Optional.empty(),
            Optional.empty());
    try (EksAccess access = EksAccess.fromDefaultChain(settings, Clock.system())) {
      Credentials credentials = access.tokens(cluster).current();
      ExecCredential credential =
          ExecCredential.bearer(
              apiVersion,
              credentials.bearerToken().orElseThrow(),
              credentials.expiresAt().orElse(null));
      spec.commandLine().getOut().println(credential.toJson());
      spec.commandLine().getOut().flush();
      return 0;
    } catch (RuntimeException e) {
      spec.commandLine().getErr().println("hubflow eks-token: " + e.getMessage());
      return 1;
    }
  }
}
