package dev.hubflow.core.pod;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.hubflow.core.argo.ArgoNames;
import dev.hubflow.model.Codec;
import dev.hubflow.model.v1alpha1.Template;
import dev.hubflow.model.v1alpha1.Workflow;
import io.kubernetes.client.openapi.models.V1Container;
import io.kubernetes.client.openapi.models.V1EnvVar;
import io.kubernetes.client.openapi.models.V1Pod;
import io.kubernetes.client.openapi.models.V1Volume;
import io.kubernetes.client.openapi.models.V1VolumeMount;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class PodBuilderTest {
  private static final String WF =
      """
      apiVersion: argoproj.io/v1alpha1
      kind: Workflow
      metadata: {name: wf, namespace: argo, uid: wf-uid}
      spec:
        entrypoint: main
        serviceAccountName: wf-sa
        nodeSelector: {disk: ssd}
        volumes:
        - name: used
          configMap: {name: cm}
        - name: unused
          emptyDir: {}
        volumeClaimTemplates:
        - metadata: {name: workdir}
          spec:
            accessModes: [ReadWriteOnce]
            resources: {requests: {storage: 1Gi}}
      """;

  private final PodBuilder builder = new PodBuilder(PodConfig.defaults());

  private static Workflow workflow() {
    return Codec.read(WF, Workflow.class);
  }

  private static Template template(String yaml) {
    return Codec.read(yaml, Template.class);
  }

  private static PodRequest request(Template t, boolean owned) {
    Workflow wf = workflow();
    String nodeName = "wf[0].step";
    return new PodRequest(
        wf,
        ArgoNames.nodeId("wf", nodeName),
        nodeName,
        ArgoNames.podName("wf", nodeName, t.getName()),
        t,
        "argo",
        Optional.empty(),
        owned,
        false);
  }

  private static V1Container container(List<V1Container> list, String name) {
    return list.stream().filter(c -> c.getName().equals(name)).findFirst().orElseThrow();
  }

  private static String env(V1Container c, String name) {
    return c.getEnv().stream()
        .filter(e -> e.getName().equals(name))
        .map(V1EnvVar::getValue)
        .findFirst()
        .orElse(null);
  }

  private static List<String> volumeNames(V1Pod pod) {
    return pod.getSpec().getVolumes().stream().map(V1Volume::getName).toList();
  }

  private static List<String> mountPaths(V1Container c) {
    return c.getVolumeMounts().stream().map(V1VolumeMount::getMountPath).toList();
  }

  private static final String ARGOSAY =
      """
      name: say
      container:
        image: argoproj/argosay:v2
        command: [/argosay]
        args: [echo, hello]
      """;

  @Test
  void containerTemplateGetsInitWaitMainInEmissaryLayout() {
    V1Pod pod = builder.build(request(template(ARGOSAY), true));

    assertThat(pod.getMetadata().getName()).isEqualTo(ArgoNames.podName("wf", "wf[0].step", "say"));
    assertThat(pod.getMetadata().getNamespace()).isEqualTo("argo");
    assertThat(pod.getSpec().getInitContainers())
        .extracting(V1Container::getName)
        .containsExactly("init");
    assertThat(pod.getSpec().getContainers())
        .extracting(V1Container::getName)
        .containsExactly("wait", "main");
    assertThat(pod.getSpec().getRestartPolicy()).isEqualTo("Never");

    V1Container init = pod.getSpec().getInitContainers().get(0);
    assertThat(init.getImage()).isEqualTo(PodConfig.DEFAULT_EXECUTOR_IMAGE);
    assertThat(init.getCommand()).startsWith("argoexec", "init");
    V1Container wait = container(pod.getSpec().getContainers(), "wait");
    assertThat(wait.getCommand()).startsWith("argoexec", "wait");
    assertThat(mountPaths(wait)).contains("/tmp", "/var/run/argo");

    V1Container main = container(pod.getSpec().getContainers(), "main");
    assertThat(main.getCommand())
        .containsExactly(
            "/var/run/argo/argoexec",
            "emissary",
            "--loglevel",
            "info",
            "--log-format",
            "text",
            "--",
            "/argosay");
    assertThat(main.getArgs()).containsExactly("echo", "hello");
    assertThat(PodBuilder.emissaryCommand(main)).containsExactly("/argosay");
    assertThat(mountPaths(main)).contains("/var/run/argo");
    assertThat(volumeNames(pod)).startsWith("var-run-argo", "tmp-dir-argo");
  }

  @Test
  void podCarriesArgoLabelsAnnotationsAndOwnerWhenOwned() {
    V1Pod pod = builder.build(request(template(ARGOSAY), true));

    assertThat(pod.getMetadata().getLabels())
        .containsEntry("workflows.argoproj.io/workflow", "wf")
        .containsEntry("workflows.argoproj.io/completed", "false");
    assertThat(pod.getMetadata().getAnnotations())
        .containsEntry("workflows.argoproj.io/node-name", "wf[0].step")
        .containsEntry("workflows.argoproj.io/node-id", ArgoNames.nodeId("wf", "wf[0].step"))
        .containsEntry("kubectl.kubernetes.io/default-container", "main");
    assertThat(pod.getMetadata().getOwnerReferences()).hasSize(1);
    var owner = pod.getMetadata().getOwnerReferences().get(0);
    assertThat(owner.getKind()).isEqualTo("Workflow");
    assertThat(owner.getApiVersion()).isEqualTo("argoproj.io/v1alpha1");
    assertThat(owner.getName()).isEqualTo("wf");
    assertThat(owner.getUid()).isEqualTo("wf-uid");
    assertThat(owner.getController()).isTrue();
  }

  @Test
  void podInAnotherClusterHasNoOwnerReference() {
    V1Pod pod = builder.build(request(template(ARGOSAY), false));

    assertThat(pod.getMetadata().getOwnerReferences()).isNullOrEmpty();
  }

  @Test
  void everyContainerGetsTheExecutorEnvironment() {
    Template t = template(ARGOSAY);
    PodRequest base = request(t, true);
    PodRequest req =
        new PodRequest(
            base.workflow(),
            base.nodeId(),
            base.nodeName(),
            base.podName(),
            t,
            "argo",
            Optional.of(Instant.parse("2026-01-02T03:04:05.678Z")),
            true,
            true);
    V1Pod pod = builder.build(req);

    V1Container main = container(pod.getSpec().getContainers(), "main");
    assertThat(env(main, "ARGO_CONTAINER_NAME")).isEqualTo("main");
    assertThat(env(main, "ARGO_NODE_ID")).isEqualTo(base.nodeId());
    assertThat(env(main, "ARGO_DEADLINE")).isEqualTo("2026-01-02T03:04:05Z");
    assertThat(env(main, "ARGO_INCLUDE_SCRIPT_OUTPUT")).isEqualTo("true");
    assertThat(env(main, "ARGO_PROGRESS_FILE")).isEqualTo("/var/run/argo/progress");
    assertThat(Codec.read(env(main, "ARGO_TEMPLATE"), Template.class)).isEqualTo(t);

    V1Container wait = container(pod.getSpec().getContainers(), "wait");
    assertThat(env(wait, "ARGO_CONTAINER_NAME")).isEqualTo("wait");
    assertThat(env(wait, "ARGO_WORKFLOW_NAME")).isEqualTo("wf");
    assertThat(env(wait, "ARGO_WORKFLOW_UID")).isEqualTo("wf-uid");
    V1EnvVar podName =
        wait.getEnv().stream()
            .filter(e -> e.getName().equals("ARGO_POD_NAME"))
            .findFirst()
            .orElseThrow();
    assertThat(podName.getValueFrom().getFieldRef().getFieldPath()).isEqualTo("metadata.name");
    V1EnvVar podUid =
        wait.getEnv().stream()
            .filter(e -> e.getName().equals("ARGO_POD_UID"))
            .findFirst()
            .orElseThrow();
    assertThat(podUid.getValueFrom().getFieldRef().getFieldPath()).isEqualTo("metadata.uid");
    assertThat(env(pod.getSpec().getInitContainers().get(0), "ARGO_TEMPLATE")).isNotNull();
  }

  @Test
  void withoutDeadlineArgoDeadlineIsGoZeroTime() {
    V1Pod pod = builder.build(request(template(ARGOSAY), true));

    assertThat(env(container(pod.getSpec().getContainers(), "main"), "ARGO_DEADLINE"))
        .isEqualTo("0001-01-01T00:00:00Z");
  }

  @Test
  void scriptTemplateRunsTheStagedSourceWithItsCommand() {
    Template t =
        template(
            """
            name: script
            script:
              image: python:alpine3.6
              command: [python]
              source: print(1)
            """);
    V1Pod pod = builder.build(request(t, true));

    V1Container main = container(pod.getSpec().getContainers(), "main");
    assertThat(PodBuilder.emissaryCommand(main)).containsExactly("python");
    assertThat(main.getArgs()).containsExactly("/argo/staging/script");
    assertThat(mountPaths(main)).contains("/argo/staging");
    assertThat(mountPaths(pod.getSpec().getInitContainers().get(0))).contains("/argo/staging");
    assertThat(volumeNames(pod)).contains("argo-staging");
  }

  @Test
  void containerWithoutCommandUsesKnownEntrypointOrLeavesItUnknown() {
    Template known =
        template("{name: a, container: {image: 'argoproj/argosay:v2', args: [exit, '1']}}");
    Template unknown = template("{name: b, container: {image: 'alpine:3.7', args: [ls]}}");

    V1Container a =
        container(builder.build(request(known, true)).getSpec().getContainers(), "main");
    V1Container b =
        container(builder.build(request(unknown, true)).getSpec().getContainers(), "main");

    assertThat(PodBuilder.emissaryCommand(a)).containsExactly("/argosay");
    assertThat(a.getArgs()).containsExactly("exit", "1");
    assertThat(b.getCommand()).endsWith("--");
    assertThat(PodBuilder.emissaryCommand(b)).isEmpty();
    assertThat(b.getArgs()).containsExactly("ls");
  }

  @Test
  void mountedWorkflowVolumesAndClaimsAreAddedAndUnusedOnesAreNot() {
    Template t =
        template(
            """
            name: vol
            container:
              image: alpine
              command: [sh]
              volumeMounts:
              - {name: used, mountPath: /cfg}
              - {name: workdir, mountPath: /work/}
            """);
    V1Pod pod = builder.build(request(t, true));

    assertThat(volumeNames(pod)).contains("used", "workdir").doesNotContain("unused");
    V1Volume claim =
        pod.getSpec().getVolumes().stream()
            .filter(v -> v.getName().equals("workdir"))
            .findFirst()
            .orElseThrow();
    assertThat(claim.getPersistentVolumeClaim().getClaimName()).isEqualTo("wf-workdir");
    V1Container wait = container(pod.getSpec().getContainers(), "wait");
    assertThat(mountPaths(wait)).contains("/mainctrfs/cfg", "/mainctrfs/work");
  }

  @Test
  void mountOfUnknownVolumeIsAClearError() {
    Template t =
        template(
            "{name: v, container: {image: alpine, volumeMounts: [{name: nope, mountPath: /x}]}}");

    assertThatThrownBy(() -> builder.build(request(t, true)))
        .isInstanceOf(PodBuildException.class)
        .hasMessageContaining("wf[0].step")
        .hasMessageContaining("volume 'nope' not found in workflow spec");
  }

  @Test
  void templateWithoutPodIsAClearError() {
    Template t = template("{name: s, suspend: {}}");

    assertThatThrownBy(() -> builder.build(request(t, true)))
        .isInstanceOf(PodBuildException.class)
        .hasMessageContaining("template 's' runs no pod");
  }

  @Test
  void templateSchedulingAndMetadataReachThePod() {
    Template t =
        template(
            """
            name: sched
            activeDeadlineSeconds: 10
            serviceAccountName: tmpl-sa
            priorityClassName: high
            tolerations: [{key: k, operator: Exists}]
            securityContext: {runAsUser: 1000}
            metadata:
              labels: {team: a}
              annotations: {note: b}
            container: {image: alpine, command: [true]}
            """);
    V1Pod pod = builder.build(request(t, true));

    assertThat(pod.getSpec().getActiveDeadlineSeconds()).isEqualTo(10L);
    assertThat(pod.getSpec().getServiceAccountName()).isEqualTo("tmpl-sa");
    assertThat(pod.getSpec().getPriorityClassName()).isEqualTo("high");
    assertThat(pod.getSpec().getNodeSelector()).containsEntry("disk", "ssd");
    assertThat(pod.getSpec().getTolerations()).hasSize(1);
    assertThat(pod.getSpec().getSecurityContext().getRunAsUser()).isEqualTo(1000L);
    assertThat(pod.getMetadata().getLabels()).containsEntry("team", "a");
    assertThat(pod.getMetadata().getAnnotations()).containsEntry("note", "b");
  }

  @Test
  void workflowServiceAccountAppliesWhenTemplateHasNone() {
    V1Pod pod = builder.build(request(template(ARGOSAY), true));

    assertThat(pod.getSpec().getServiceAccountName()).isEqualTo("wf-sa");
    assertThat(pod.getSpec().getActiveDeadlineSeconds()).isNull();
  }

  @Test
  void sidecarsFollowMainAndTemplateInitContainersFollowInit() {
    Template t =
        template(
            """
            name: side
            container:
              image: alpine
              command: [sh]
              volumeMounts: [{name: used, mountPath: /cfg}]
            initContainers:
            - {name: prep, image: alpine, command: [echo], mirrorVolumeMounts: true}
            sidecars:
            - {name: nginx, image: nginx}
            """);
    V1Pod pod = builder.build(request(t, true));

    assertThat(pod.getSpec().getInitContainers())
        .extracting(V1Container::getName)
        .containsExactly("init", "prep");
    assertThat(pod.getSpec().getContainers())
        .extracting(V1Container::getName)
        .containsExactly("wait", "main", "nginx");
    V1Container prep = pod.getSpec().getInitContainers().get(1);
    assertThat(prep.getCommand()).containsExactly("echo");
    assertThat(mountPaths(prep)).contains("/cfg", "/var/run/argo");
    V1Container nginx = container(pod.getSpec().getContainers(), "nginx");
    assertThat(nginx.getCommand()).startsWith("/var/run/argo/argoexec", "emissary");
    assertThat(env(nginx, "ARGO_CONTAINER_NAME")).isEqualTo("nginx");
  }

  @Test
  void podSpecPatchMergesContainersByNameAndReplacesOtherFields() {
    Template t =
        template(
            """
            name: patched
            container: {image: alpine, command: [sh]}
            podSpecPatch: |
              terminationGracePeriodSeconds: 5
              containers:
              - name: main
                resources:
                  limits: {memory: 64Mi}
            """);
    V1Pod pod = builder.build(request(t, true));

    V1Container main = container(pod.getSpec().getContainers(), "main");
    assertThat(main.getResources().getLimits().get("memory").toSuffixedString()).isEqualTo("64Mi");
    assertThat(main.getImage()).isEqualTo("alpine");
    assertThat(PodBuilder.emissaryCommand(main)).containsExactly("sh");
    assertThat(pod.getSpec().getTerminationGracePeriodSeconds()).isEqualTo(5L);
    assertThat(
            env(
                container(pod.getSpec().getContainers(), "wait"),
                "ARGO_TERMINATION_GRACE_PERIOD_SECONDS"))
        .isEqualTo("5");
  }

  @Test
  void invalidPodSpecPatchIsAClearError() {
    Template t =
        template("{name: p, container: {image: alpine}, podSpecPatch: '[not, an, object]'}");

    assertThatThrownBy(() -> builder.build(request(t, true)))
        .isInstanceOf(PodBuildException.class)
        .hasMessageContaining("invalid podSpecPatch");
  }

  @Test
  void podNameVariableIsSubstituted() {
    Template t =
        template("{name: n, container: {image: alpine, command: [echo], args: ['{{pod.name}}']}}");
    V1Pod pod = builder.build(request(t, true));

    assertThat(container(pod.getSpec().getContainers(), "main").getArgs())
        .containsExactly(pod.getMetadata().getName());
  }

  @Test
  void resourceTemplateRunsArgoexecAsMainWithoutWait() {
    Template t = template("{name: r, resource: {action: create, manifest: 'kind: ConfigMap'}}");
    V1Pod pod = builder.build(request(t, true));

    assertThat(pod.getSpec().getContainers())
        .extracting(V1Container::getName)
        .containsExactly("main");
    assertThat(PodBuilder.emissaryCommand(pod.getSpec().getContainers().get(0)))
        .containsExactly("argoexec", "resource", "create");
  }
}
