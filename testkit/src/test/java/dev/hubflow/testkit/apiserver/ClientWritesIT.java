package dev.hubflow.testkit.apiserver;

import static org.assertj.core.api.Assertions.assertThat;

import io.kubernetes.client.custom.V1Patch;
import io.kubernetes.client.openapi.ApiClient;
import io.kubernetes.client.openapi.apis.CoreV1Api;
import io.kubernetes.client.openapi.models.V1Binding;
import io.kubernetes.client.openapi.models.V1Container;
import io.kubernetes.client.openapi.models.V1ObjectMeta;
import io.kubernetes.client.openapi.models.V1ObjectReference;
import io.kubernetes.client.openapi.models.V1Pod;
import io.kubernetes.client.openapi.models.V1PodList;
import io.kubernetes.client.openapi.models.V1PodSpec;
import io.kubernetes.client.openapi.models.V1PodStatus;
import io.kubernetes.client.util.PatchUtils;
import io.kubernetes.client.util.generic.GenericKubernetesApi;
import io.kubernetes.client.util.generic.KubernetesApiResponse;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Writes that client-java makes in its own way (verbs, paths, content types) land as on Kubernetes.
 */
class ClientWritesIT {
  private ApiServer server;
  private ApiClient client;
  private GenericKubernetesApi<V1Pod, V1PodList> pods;

  @BeforeEach
  void start() {
    server = ApiServer.builder("client-writes").start();
    client = server.apiClient();
    pods = new GenericKubernetesApi<>(V1Pod.class, V1PodList.class, "", "v1", "pods", client);
  }

  @AfterEach
  void stop() {
    server.close();
  }

  private V1Pod createPod(String name) {
    V1Pod pod =
        new V1Pod()
            .metadata(new V1ObjectMeta().name(name).namespace("default"))
            .spec(new V1PodSpec().containers(List.of(new V1Container().name("main").image("i"))));
    return pods.create(pod).getObject();
  }

  /**
   * client-java's {@code updateStatus} sends a JSON patch labelled {@code application/json}, which
   * Kubernetes refuses with 415 (kubernetes-client/java#3143); so does the emulator, and our code
   * patches status with an explicit patch type instead.
   */
  @Test
  void genericApiUpdateStatusIsRefusedAsByKubernetesButATypedStatusPatchLands() throws Exception {
    V1Pod pod = createPod("p");
    KubernetesApiResponse<V1Pod> refused =
        pods.updateStatus(pod, p -> new V1PodStatus().phase("Running"));
    assertThat(refused.getHttpStatusCode()).isEqualTo(415);
    assertThat(refused.getStatus().getReason()).isEqualTo("UnsupportedMediaType");

    V1Pod patched =
        PatchUtils.patch(
            V1Pod.class,
            () ->
                new CoreV1Api(client)
                    .patchNamespacedPodStatusCall(
                        "p",
                        "default",
                        new V1Patch("{\"status\":{\"phase\":\"Running\",\"message\":\"up\"}}"),
                        null,
                        null,
                        null,
                        null,
                        null,
                        null),
            V1Patch.PATCH_FORMAT_JSON_MERGE_PATCH,
            client);
    assertThat(patched.getStatus().getPhase()).isEqualTo("Running");
    assertThat(pods.get("default", "p").getObject().getStatus().getMessage()).isEqualTo("up");
  }

  @Test
  void namespacedBindingAndPodBindingBothAssignANode() throws Exception {
    createPod("a");
    createPod("b");
    CoreV1Api core = new CoreV1Api(client);
    core.createNamespacedBinding("default", binding("a", "node-1"), null, null, null, null);
    core.createNamespacedPodBinding("b", "default", binding("b", "node-2"), null, null, null, null);
    assertThat(pods.get("default", "a").getObject().getSpec().getNodeName()).isEqualTo("node-1");
    assertThat(pods.get("default", "b").getObject().getSpec().getNodeName()).isEqualTo("node-2");
  }

  private static V1Binding binding(String pod, String node) {
    return new V1Binding()
        .metadata(new V1ObjectMeta().name(pod).namespace("default"))
        .target(new V1ObjectReference().apiVersion("v1").kind("Node").name(node));
  }
}
