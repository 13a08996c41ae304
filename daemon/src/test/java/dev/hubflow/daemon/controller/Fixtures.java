package dev.hubflow.daemon.controller;

import dev.hubflow.core.argo.ArgoNames;
import dev.hubflow.model.Codec;
import dev.hubflow.model.v1alpha1.Workflow;
import dev.hubflow.model.v1alpha1.WorkflowList;
import dev.hubflow.testkit.apiserver.ApiServer;
import io.kubernetes.client.openapi.ApiClient;
import io.kubernetes.client.openapi.ApiException;
import io.kubernetes.client.openapi.apis.CoreV1Api;
import io.kubernetes.client.openapi.models.CoreV1Event;
import io.kubernetes.client.openapi.models.V1Namespace;
import io.kubernetes.client.openapi.models.V1ObjectMeta;
import io.kubernetes.client.openapi.models.V1Secret;
import io.kubernetes.client.util.generic.GenericKubernetesApi;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.List;
import java.util.Map;

/** Workflows, registration Secrets and Events in emulated clusters. */
final class Fixtures {
  private Fixtures() {}

  /** A workflow whose one step sleeps (argosay), so it is running for a while. */
  static Workflow sleeper(String generateName, String duration) {
    return Codec.read(
        """
        apiVersion: argoproj.io/v1alpha1
        kind: Workflow
        metadata: {generateName: %s, namespace: default}
        spec:
          entrypoint: main
          templates:
          - name: main
            container:
              image: argoproj/argosay:v2
              args: [sleep, %s]
        """
            .formatted(generateName, duration),
        Workflow.class);
  }

  static Workflow create(ApiClient client, Workflow workflow) throws ApiException {
    return new GenericKubernetesApi<>(
            Workflow.class,
            WorkflowList.class,
            ArgoNames.GROUP,
            ArgoNames.VERSION,
            "workflows",
            client)
        .create(workflow)
        .throwsApiException()
        .getObject();
  }

  static void namespace(ApiClient client, String name) throws ApiException {
    try {
      new CoreV1Api(client)
          .createNamespace(
              new V1Namespace().metadata(new V1ObjectMeta().name(name)), null, null, null, null);
    } catch (ApiException e) {
      if (e.getCode() != 409) {
        throw e;
      }
    }
  }

  /** Argo CD-style cluster Secret with a bearer token and the cluster's CA when HTTPS. */
  static V1Secret registration(
      String secretName, String clusterName, ApiServer spoke, String config) {
    return new V1Secret()
        .metadata(
            new V1ObjectMeta()
                .name(secretName)
                .namespace("hubflow")
                .labels(Map.of("hubflow.dev/cluster", "true")))
        .data(
            Map.of(
                "name", clusterName.getBytes(StandardCharsets.UTF_8),
                "server", spoke.url().getBytes(StandardCharsets.UTF_8),
                "config", config.getBytes(StandardCharsets.UTF_8)));
  }

  static String tokenConfig(ApiServer spoke) {
    String tls =
        spoke.url().startsWith("https")
            ? ", \"tlsClientConfig\": {\"caData\": \""
                + Base64.getEncoder()
                    .encodeToString(
                        spoke
                            .certificateAuthority()
                            .certificatePem()
                            .getBytes(StandardCharsets.UTF_8))
                + "\"}"
            : "";
    return "{\"bearerToken\": \"" + spoke.adminToken() + "\"" + tls + "}";
  }

  static void createSecret(ApiClient hub, V1Secret secret) throws ApiException {
    new CoreV1Api(hub).createNamespacedSecret("hubflow", secret, null, null, null, null);
  }

  static List<CoreV1Event> events(ApiClient hub, String about) throws ApiException {
    return events(hub, "hubflow", about);
  }

  static List<CoreV1Event> events(ApiClient hub, String namespace, String about)
      throws ApiException {
    return new CoreV1Api(hub)
            .listNamespacedEvent(
                namespace, null, null, null, null, null, null, null, null, null, null, null)
            .getItems()
            .stream()
            .filter(e -> about.equals(e.getInvolvedObject().getName()))
            .toList();
  }
}
