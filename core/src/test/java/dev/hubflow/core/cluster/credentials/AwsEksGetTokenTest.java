package dev.hubflow.core.cluster.credentials;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class AwsEksGetTokenTest {
  static ExecPlugin exec(String command, List<String> args, Map<String, String> env) {
    return new ExecPlugin(command, args, env, ExecPlugin.V1BETA1, false, Optional.empty());
  }

  @Test
  void parsesTheArgumentsTheAwsCliWritesIntoKubeconfigs() {
    // As `aws eks update-kubeconfig --role-arn … --profile p` writes them.
    ExecPlugin plugin =
        exec(
            "aws",
            List.of(
                "--region",
                "us-west-2",
                "eks",
                "get-token",
                "--cluster-name",
                "prod",
                "--output",
                "json",
                "--role-arn",
                "arn:aws:iam::123:role/spoke"),
            Map.of("AWS_PROFILE", "p"));
    assertThat(AwsEksGetToken.parse(plugin))
        .contains(
            new AwsEksGetToken(
                "prod",
                Optional.of("arn:aws:iam::123:role/spoke"),
                Optional.of("us-west-2"),
                Optional.of("p")));
  }

  @Test
  void regionFallsBackToTheEntrysEnvironmentAndEqualsFormIsAccepted() {
    ExecPlugin plugin =
        exec(
            "/usr/local/bin/aws",
            List.of("eks", "get-token", "--cluster-name=prod"),
            Map.of("AWS_DEFAULT_REGION", "eu-central-1"));
    AwsEksGetToken request = AwsEksGetToken.parse(plugin).orElseThrow();
    assertThat(request.clusterName()).isEqualTo("prod");
    assertThat(request.region()).contains("eu-central-1");
    assertThat(request.roleArn()).isEmpty();
  }

  @Test
  void otherCommandsAreNotServed() {
    assertThat(AwsEksGetToken.parse(exec("aws-iam-authenticator", List.of("token"), Map.of())))
        .isEmpty();
    assertThat(AwsEksGetToken.parse(exec("aws", List.of("sts", "get-caller-identity"), Map.of())))
        .isEmpty();
    assertThat(AwsEksGetToken.parse(exec("kubelogin", List.of("get-token"), Map.of()))).isEmpty();
  }

  @Test
  void missingClusterNameIsAClearError() {
    assertThatThrownBy(
            () -> AwsEksGetToken.parse(exec("aws", List.of("eks", "get-token"), Map.of())))
        .hasMessageContaining("--cluster-name");
  }
}
