package dev.hubflow.core.engine;

import static org.assertj.core.api.Assertions.assertThat;

import dev.hubflow.core.engine.FakeCluster.Behaviour;
import dev.hubflow.model.Codec;
import dev.hubflow.model.v1alpha1.Workflow;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ParametersEngineTest {

  private static String args(FakeCluster c, String display) {
    return String.join(" ", c.request(display).template().getContainer().getArgs());
  }

  @Test
  void globalNameOutputsReachStatusAndLaterSteps() {
    FakeCluster c =
        new FakeCluster()
            .behave(r -> Behaviour.params(Map.of("p", "42")))
            .submit(
                """
                metadata: {name: wf}
                spec:
                  entrypoint: main
                  templates:
                  - name: main
                    steps:
                    - - {name: a, template: gen}
                    - - {name: b, template: use}
                  - name: gen
                    container: {image: alpine}
                    outputs:
                      parameters: [{name: p, globalName: answer, valueFrom: {path: /p}}]
                  - name: use
                    container: {image: alpine, args: ["{{workflow.outputs.parameters.answer}}"]}
                """)
            .run();

    assertThat(c.phase()).isEqualTo("Succeeded");
    assertThat(c.workflow.getStatus().getOutputs().getParameters())
        .singleElement()
        .satisfies(
            p -> {
              assertThat(p.getName()).isEqualTo("answer");
              assertThat(p.getValue()).isEqualTo("42");
            });
    assertThat(args(c, "b")).isEqualTo("42");
  }

  @Test
  void defaultsExpressionsAndWorkflowVariablesAreSubstituted() {
    FakeCluster c =
        new FakeCluster()
            .submit(
                """
                metadata:
                  name: wf
                  labels: {team: blue}
                  annotations: {note: hi}
                spec:
                  entrypoint: main
                  serviceAccountName: runner
                  templates:
                  - name: main
                    inputs:
                      parameters:
                      - {name: n, default: "2"}
                      - {name: color, value: red, enum: [red, green]}
                    container:
                      image: alpine
                      args:
                      - "{{=asInt(inputs.parameters.n) + 1}}"
                      - "{{inputs.parameters.color}}"
                      - "{{workflow.labels.team}}/{{workflow.annotations.note}}"
                      - "{{workflow.mainEntrypoint}}/{{workflow.serviceAccountName}}/{{workflow.uid}}"
                      - "{{workflow.creationTimestamp.Y}}"
                      - "{{node.name}}/{{pod.name}}"
                """)
            .run();

    assertThat(c.phase()).isEqualTo("Succeeded");
    assertThat(c.request("wf").template().getContainer().getArgs())
        .containsExactly("3", "red", "blue/hi", "main/runner/uid-1", "2026", "wf/wf");
    assertThat(c.node("wf").getInputs().getParameters().get(0).getValue()).isEqualTo("2");
  }

  @Test
  void stepsTemplateOutputsComeFromValueFromParameterAndExpression() {
    FakeCluster c =
        new FakeCluster()
            .behave(r -> Behaviour.params(Map.of("p", "7")))
            .submit(
                """
                metadata: {name: wf}
                spec:
                  entrypoint: main
                  templates:
                  - name: main
                    steps:
                    - - {name: inner, template: inner}
                    - - name: use
                        template: use
                        arguments:
                          parameters:
                          - {name: a, value: "{{steps.inner.outputs.parameters.copy}}"}
                          - {name: b, value: "{{steps.inner.outputs.parameters.doubled}}"}
                  - name: inner
                    steps:
                    - - {name: gen, template: gen}
                    outputs:
                      parameters:
                      - name: copy
                        valueFrom: {parameter: "{{steps.gen.outputs.parameters.p}}"}
                      - name: doubled
                        valueFrom: {expression: "asInt(steps.gen.outputs.parameters.p) * 2"}
                  - name: gen
                    container: {image: alpine}
                    outputs:
                      parameters: [{name: p, valueFrom: {path: /p}}]
                  - name: use
                    inputs: {parameters: [{name: a}, {name: b}]}
                    container: {image: alpine, args: ["{{inputs.parameters.a}}", "{{inputs.parameters.b}}"]}
                """)
            .run();

    assertThat(c.phase()).isEqualTo("Succeeded");
    assertThat(args(c, "use")).isEqualTo("7 14");
  }

  @Test
  void argumentsOverrideTheEntrypointsInputs() {
    FakeCluster c =
        new FakeCluster()
            .submit(
                """
                metadata: {name: wf}
                spec:
                  entrypoint: main
                  arguments: {parameters: [{name: msg, value: override}]}
                  templates:
                  - name: main
                    inputs: {parameters: [{name: msg, value: original}]}
                    container: {image: alpine, args: ["{{inputs.parameters.msg}}"]}
                """)
            .run();

    assertThat(args(c, "wf")).isEqualTo("override");
  }

  @Test
  void workflowParallelismLimitsConcurrentPods() {
    FakeCluster c =
        new FakeCluster()
            .behave(r -> Behaviour.succeed().taking(java.time.Duration.ofSeconds(5)))
            .submit(
                """
                metadata: {name: wf}
                spec:
                  entrypoint: main
                  parallelism: 2
                  templates:
                  - name: main
                    steps:
                    - - {name: p, template: t, withItems: [1, 2, 3, 4, 5]}
                  - name: t
                    container: {image: alpine}
                """)
            .run();

    assertThat(c.phase()).isEqualTo("Succeeded");
    assertThat(c.created).hasSize(5);
    assertThat(c.concurrentPods).allMatch(n -> n <= 2);
  }

  @Test
  void templateParallelismLimitsChildren() {
    FakeCluster c =
        new FakeCluster()
            .behave(r -> Behaviour.succeed().taking(java.time.Duration.ofSeconds(5)))
            .submit(
                """
                metadata: {name: wf}
                spec:
                  entrypoint: main
                  templates:
                  - name: main
                    parallelism: 1
                    dag:
                      tasks:
                      - {name: a, template: t}
                      - {name: b, template: t}
                      - {name: c, template: t}
                  - name: t
                    container: {image: alpine}
                """)
            .run();

    assertThat(c.phase()).isEqualTo("Succeeded");
    assertThat(c.concurrentPods).allMatch(n -> n <= 1);
  }

  @Test
  void volumeClaimTemplatesAreCreatedAndDeletedOnSuccess() {
    FakeCluster c =
        new FakeCluster()
            .submit(
                """
                metadata: {name: wf}
                spec:
                  entrypoint: main
                  volumeClaimTemplates:
                  - metadata: {name: work}
                    spec:
                      accessModes: [ReadWriteOnce]
                      resources: {requests: {storage: 1Gi}}
                  templates:
                  - name: main
                    container:
                      image: alpine
                      volumeMounts: [{name: work, mountPath: /work}]
                """)
            .run();

    assertThat(c.phase()).isEqualTo("Succeeded");
    assertThat(c.claims)
        .singleElement()
        .satisfies(
            pvc -> {
              assertThat(pvc.getMetadata().getName()).isEqualTo("wf-work");
              assertThat(pvc.getMetadata().getOwnerReferences())
                  .singleElement()
                  .satisfies(o -> assertThat(o.getKind()).isEqualTo("Workflow"));
            });
    assertThat(c.created.get(0).workflow().getSpec().getVolumes())
        .anySatisfy(
            v -> assertThat(v.getPersistentVolumeClaim().getClaimName()).isEqualTo("wf-work"));
    assertThat(c.deletedClaims).containsExactly("wf-work");
    assertThat(c.workflow.getStatus().getPersistentVolumeClaims()).isNull();
  }

  @Test
  void workflowAndTemplateDefaultsApply() {
    Workflow defaults =
        Codec.read(
            """
            spec:
              serviceAccountName: from-defaults
              activeDeadlineSeconds: 300
            """,
            Workflow.class);
    FakeCluster c =
        new FakeCluster(EngineConfig.defaults().withWorkflowDefaults(defaults))
            .submit(
                """
                metadata: {name: wf}
                spec:
                  entrypoint: main
                  templateDefaults:
                    timeout: 1h
                    metadata: {labels: {from: defaults}}
                  templates:
                  - name: main
                    metadata: {annotations: {own: mine}}
                    podSpecPatch: '{"priority": 1}'
                    container: {image: alpine, args: ["{{workflow.serviceAccountName}}"]}
                """)
            .run();

    assertThat(c.phase()).isEqualTo("Succeeded");
    var request = c.request("wf");
    assertThat(request.workflow().getSpec().getServiceAccountName()).isEqualTo("from-defaults");
    assertThat(request.template().getContainer().getArgs()).containsExactly("from-defaults");
    assertThat(request.template().getTimeout()).isEqualTo("1h");
    assertThat(request.template().getMetadata().getLabels()).containsEntry("from", "defaults");
    assertThat(request.template().getMetadata().getAnnotations()).containsEntry("own", "mine");
    assertThat(request.template().getPodSpecPatch()).isEqualTo("{\"priority\": 1}");
    assertThat(request.deadline()).isPresent();
  }

  @Test
  void hubSubmittedWorkflowsRunPodsInTheirSpokeNamespaceWithoutOwner() {
    FakeCluster c =
        new FakeCluster()
            .submit(
                StepsEngineTest.HELLO.replace(
                    "metadata: {name: hello}",
                    "metadata:\n  name: hello\n  annotations:\n    workflows.hubflow.dev/cluster: spoke-1\n    workflows.hubflow.dev/namespace: jobs"))
            .run();

    assertThat(c.phase()).isEqualTo("Succeeded");
    assertThat(c.created.get(0).namespace()).isEqualTo("jobs");
    assertThat(c.created.get(0).ownedByWorkflow()).isFalse();
  }
}
