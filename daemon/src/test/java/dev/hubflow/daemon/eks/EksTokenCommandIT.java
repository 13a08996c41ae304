package dev.hubflow.daemon.eks;

import static org.assertj.core.api.Assertions.assertThat;

import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import dev.hubflow.daemon.Hubflow;
import dev.hubflow.testkit.aws.AwsKeys;
import dev.hubflow.testkit.aws.EksTokenVerifier;
import dev.hubflow.testkit.aws.FakeSts;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.time.Instant;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

class EksTokenCommandIT {
  FakeSts sts;
  AwsKeys keys;

  @BeforeEach
  void start() {
    sts = new FakeSts(Instant::now);
    keys = sts.createKeys("arn:aws:iam::111122223333:user/ci");
    // The SDK's default chain reads these first (like AWS_ACCESS_KEY_ID/AWS_SECRET_ACCESS_KEY).
    System.setProperty("aws.accessKeyId", keys.accessKeyId());
    System.setProperty("aws.secretAccessKey", keys.secretAccessKey());
    System.setProperty("aws.disableEc2Metadata", "true");
  }

  @AfterEach
  void stop() {
    System.clearProperty("aws.accessKeyId");
    System.clearProperty("aws.secretAccessKey");
    System.clearProperty("aws.disableEc2Metadata");
    sts.close();
  }

  record Run(int exit, String out, String err) {}

  static Run hubflow(String... args) {
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    CommandLine command = new CommandLine(new Hubflow());
    command.setOut(new PrintWriter(out));
    command.setErr(new PrintWriter(err));
    int exit = command.execute(args);
    return new Run(exit, out.toString(), err.toString());
  }

  @Test
  void printsTheExecCredentialAwsEksGetTokenPrints() {
    Instant before = Instant.now();
    Run run =
        hubflow(
            "eks-token",
            "--cluster-name",
            "spoke-eu",
            "--region",
            "eu-west-1",
            "--sts-endpoint",
            sts.uri().toString());
    assertThat(run.exit()).as(run.err()).isZero();
    JsonObject json = JsonParser.parseString(run.out()).getAsJsonObject();
    assertThat(json.get("kind").getAsString()).isEqualTo("ExecCredential");
    assertThat(json.get("apiVersion").getAsString())
        .isEqualTo("client.authentication.k8s.io/v1beta1");
    assertThat(json.getAsJsonObject("spec").size()).isZero();
    JsonObject status = json.getAsJsonObject("status");
    Instant expiry = Instant.parse(status.get("expirationTimestamp").getAsString());
    assertThat(expiry).isBetween(before.plusSeconds(13 * 60), Instant.now().plusSeconds(14 * 60));
    String token = status.get("token").getAsString();
    assertThat(new EksTokenVerifier(sts.uri(), "spoke-eu").verify(token))
        .contains("arn:aws:iam::111122223333:user/ci");
  }

  @Test
  void roleArnIsAssumedFirst() {
    Run run =
        hubflow(
            "eks-token",
            "--cluster-name=spoke-eu",
            "--role-arn=arn:aws:iam::222233334444:role/spoke",
            "--region=eu-west-1",
            "--sts-endpoint=" + sts.uri());
    assertThat(run.exit()).as(run.err()).isZero();
    String token =
        JsonParser.parseString(run.out())
            .getAsJsonObject()
            .getAsJsonObject("status")
            .get("token")
            .getAsString();
    assertThat(new EksTokenVerifier(sts.uri(), "spoke-eu").verify(token))
        .contains("arn:aws:sts::222233334444:assumed-role/spoke/hubflow");
    assertThat(sts.assumeRoleCalls()).hasSize(1);
  }

  @Test
  void missingCredentialsGiveAClearErrorAndExitCode1() {
    System.clearProperty("aws.accessKeyId");
    Run run =
        hubflow(
            "eks-token",
            "--cluster-name",
            "spoke-eu",
            "--region",
            "eu-west-1",
            "--sts-endpoint",
            sts.uri().toString());
    assertThat(run.exit()).isEqualTo(1);
    assertThat(run.out()).isEmpty();
    assertThat(run.err())
        .contains("hubflow eks-token: EKS cluster spoke-eu: cannot get AWS credentials");
  }

  @Test
  void clusterNameIsRequired() {
    assertThat(hubflow("eks-token").exit()).isEqualTo(2);
  }
}
