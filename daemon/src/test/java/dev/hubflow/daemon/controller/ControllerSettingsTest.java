package dev.hubflow.daemon.controller;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

class ControllerSettingsTest {
  @TempDir Path dir;

  private static HubSettings parse(String... args) {
    ControllerCommand command = new ControllerCommand();
    new CommandLine(command).parseArgs(args);
    return command.settings();
  }

  @Test
  void theDeployedFlagsParse() {
    HubSettings s =
        parse(
            "--kubeconfig=in-cluster",
            "--leader-elect",
            "--cluster-secrets-namespace=hubflow",
            "--health-port=8080",
            "--metrics-port=9090",
            "--namespace=argo",
            "--namespace=jobs",
            "--spoke-kubeconfig",
            "a=/etc/a.kubeconfig");
    assertThat(s.kubeconfig()).isEmpty();
    assertThat(s.leaderElect()).isTrue();
    assertThat(s.clusterSecretsNamespace()).contains("hubflow");
    assertThat(s.healthPort()).contains(8080);
    assertThat(s.metricsPort()).contains(9090);
    assertThat(s.namespaces()).containsExactly("argo", "jobs");
    assertThat(s.spokeKubeconfigs()).containsEntry("a", Path.of("/etc/a.kubeconfig"));
  }

  @Test
  void configFileOrConfigMapGivesSettingsAndWorkflowDefaultsAndFlagsWin() throws Exception {
    String yaml =
        """
        clusterSecretsNamespace: hubflow
        namespaces: [argo]
        logFormat: json
        executorImage: example.com/argoexec:v3.5.5
        workers: 8
        workflowDefaults:
          spec:
            serviceAccountName: runner
        """;
    Path file = Files.writeString(dir.resolve("config.yaml"), yaml);
    HubSettings s = parse("--kubeconfig", "/k", "--config", file.toString(), "--workers", "2");
    assertThat(s.clusterSecretsNamespace()).contains("hubflow");
    assertThat(s.namespaces()).containsExactly("argo");
    assertThat(s.logFormat()).isEqualTo("json");
    assertThat(s.executorImage()).isEqualTo("example.com/argoexec:v3.5.5");
    assertThat(s.workers()).isEqualTo(2);
    assertThat(s.workflowDefaults().getSpec().getServiceAccountName()).isEqualTo("runner");

    Path configMap =
        Files.writeString(
            dir.resolve("cm.yaml"),
            "apiVersion: v1\nkind: ConfigMap\nmetadata: {name: hubflow}\ndata:\n  config: |\n"
                + yaml.indent(4));
    assertThat(parse("--kubeconfig", "/k", "--config", configMap.toString()).workers())
        .isEqualTo(8);
  }

  @Test
  void statusSizeAndPodProgressDelayHaveDefaultsAndFlags() {
    HubSettings defaults = parse("--kubeconfig", "/k");
    assertThat(defaults.maxWorkflowSize())
        .isEqualTo(dev.hubflow.core.status.NodeStatusPacking.DEFAULT_MAX_WORKFLOW_SIZE);
    assertThat(defaults.podProgressDelay()).isEqualTo(java.time.Duration.ofMillis(100));

    HubSettings set =
        parse("--kubeconfig", "/k", "--max-workflow-size=500000", "--pod-progress-delay=PT0S");
    assertThat(set.maxWorkflowSize()).isEqualTo(500_000);
    assertThat(set.podProgressDelay()).isZero();
    assertThatThrownBy(() -> parse("--kubeconfig", "/k", "--max-workflow-size=0"))
        .hasMessageContaining("--max-workflow-size");
    assertThatThrownBy(() -> parse("--kubeconfig", "/k", "--pod-progress-delay=PT-1S"))
        .hasMessageContaining("--pod-progress-delay");
  }

  @Test
  void badSettingsAreNamed() throws Exception {
    Path file = Files.writeString(dir.resolve("bad.yaml"), "workerz: 3\n");
    assertThatThrownBy(() -> parse("--kubeconfig", "/k", "--config", file.toString()))
        .hasMessageContaining("bad.yaml")
        .hasMessageContaining("workerz");
    assertThatThrownBy(() -> parse("--kubeconfig", "/k", "--log-format", "xml"))
        .hasMessageContaining("--log-format");
    assertThat(parse("--kubeconfig", "/k").kubeconfig()).isEqualTo(Optional.of(Path.of("/k")));
  }
}
