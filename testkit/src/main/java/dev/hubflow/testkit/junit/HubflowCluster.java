package dev.hubflow.testkit.junit;

import static org.awaitility.Awaitility.await;

import dev.hubflow.core.HubflowController;
import dev.hubflow.model.Codec;
import dev.hubflow.model.v1alpha1.Workflow;
import dev.hubflow.testkit.ClusterObjects;
import dev.hubflow.testkit.EmbeddedHubflow;
import dev.hubflow.testkit.apiserver.ApiServer;
import dev.hubflow.testkit.kubelet.Kubelet;
import io.kubernetes.client.openapi.ApiClient;
import io.kubernetes.client.openapi.models.V1Pod;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.function.Predicate;

/**
 * A test's cluster: where to reach it (kubeconfig, {@link ApiClient}), the controller running its
 * workflows, and helpers to submit workflows and wait for them without sleeping.
 */
public final class HubflowCluster implements AutoCloseable {
  /** How long the await helpers wait unless told otherwise. */
  public static final Duration DEFAULT_TIMEOUT = Duration.ofSeconds(60);

  private static final Set<String> FINISHED = Set.of("Succeeded", "Failed", "Error");

  private final String name;
  private final Path kubeconfig;
  private final ApiClient client;
  private final String namespace;
  private final HubflowController controller;
  private final EmbeddedHubflow embedded;
  private final Runnable teardown;
  private final ClusterObjects objects;

  HubflowCluster(
      String name,
      Path kubeconfig,
      ApiClient client,
      String namespace,
      HubflowController controller,
      EmbeddedHubflow embedded,
      Runnable teardown) {
    this.name = name;
    this.kubeconfig = kubeconfig;
    this.client = client;
    this.namespace = namespace;
    this.controller = controller;
    this.embedded = embedded;
    this.teardown = teardown;
    this.objects = new ClusterObjects(client);
  }

  public String name() {
    return name;
  }

  /** A kubeconfig reaching this cluster as admin (for kubectl or another process). */
  public Path kubeconfig() {
    return kubeconfig;
  }

  /** An admin client with no read timeout. */
  public ApiClient apiClient() {
    return client;
  }

  /** The namespace this test's workflows go to. */
  public String namespace() {
    return namespace;
  }

  /** The controller running in this test's process. */
  public HubflowController controller() {
    return controller;
  }

  /** Whether this is an in-process cluster (false with {@code HUBFLOW_KUBECONFIG}). */
  public boolean isEmbedded() {
    return embedded != null;
  }

  /**
   * The simulated kubelet.
   *
   * @throws IllegalStateException against a real cluster
   */
  public Kubelet kubelet() {
    return embedded().kubelet();
  }

  /**
   * An in-process cluster by name (the first is this one; others come from {@code clusters}).
   *
   * @throws IllegalStateException against a real cluster
   */
  public ApiServer server(String clusterName) {
    return embedded().cluster(clusterName);
  }

  /** Namespaces, manifests, workflows and pods through the API. */
  public ClusterObjects objects() {
    return objects;
  }

  /** Creates every document (ConfigMaps, WorkflowTemplates, ...) in this test's namespace. */
  public void apply(String yaml) {
    objects.apply(yaml, namespace, "inline manifest");
  }

  /** Submits the one Workflow of a file to this test's namespace. */
  public Workflow submit(Path file) {
    try {
      return submit(Codec.read(Files.readString(file), Workflow.class));
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read " + file, e);
    }
  }

  /** Submits a Workflow given as YAML or JSON. */
  public Workflow submit(String yaml) {
    return submit(Codec.read(yaml, Workflow.class));
  }

  public Workflow submit(Workflow workflow) {
    Workflow copy = Codec.copy(workflow);
    if (copy.getMetadata() != null) {
      copy.getMetadata().setNamespace(namespace);
    }
    return objects.submit(copy, namespace);
  }

  /** The workflow as the API server has it now. */
  public Workflow workflow(Workflow submitted) {
    return objects
        .workflow(namespace, submitted.getMetadata().getName())
        .orElseThrow(
            () -> new AssertionError("workflow " + submitted.getMetadata().getName() + " is gone"));
  }

  /** Waits until the workflow has finished (any of Succeeded, Failed, Error) and returns it. */
  public Workflow awaitCompletion(Workflow submitted) {
    return awaitCompletion(submitted, DEFAULT_TIMEOUT);
  }

  public Workflow awaitCompletion(Workflow submitted, Duration timeout) {
    return await("workflow " + submitted.getMetadata().getName() + " finished")
        .atMost(timeout)
        .pollInterval(Duration.ofMillis(25))
        .until(() -> workflow(submitted), wf -> FINISHED.contains(phase(wf)));
  }

  /**
   * Waits until the workflow is in the phase and returns it; fails at once when it finishes in
   * another phase.
   */
  public Workflow awaitPhase(Workflow submitted, String phase) {
    return awaitPhase(submitted, phase, DEFAULT_TIMEOUT);
  }

  public Workflow awaitPhase(Workflow submitted, String phase, Duration timeout) {
    String wfName = submitted.getMetadata().getName();
    return await("workflow " + wfName + " " + phase)
        .atMost(timeout)
        .pollInterval(Duration.ofMillis(25))
        .failFast(
            "workflow " + wfName + " finished in another phase than " + phase,
            () -> {
              String now = phase(workflow(submitted));
              return FINISHED.contains(now) && !now.equals(phase);
            })
        .until(() -> workflow(submitted), wf -> phase.equals(phase(wf)));
  }

  /** The workflow's pods now. */
  public List<V1Pod> pods(Workflow submitted) {
    return objects.pods(namespace, submitted.getMetadata().getName());
  }

  /** Waits until the workflow's pods satisfy the condition and returns them. */
  public List<V1Pod> awaitPods(Workflow submitted, Predicate<List<V1Pod>> condition) {
    return await("pods of workflow " + submitted.getMetadata().getName())
        .atMost(DEFAULT_TIMEOUT)
        .pollInterval(Duration.ofMillis(25))
        .until(() -> pods(submitted), condition);
  }

  private static String phase(Workflow wf) {
    return wf.getStatus() == null || wf.getStatus().getPhase() == null
        ? ""
        : wf.getStatus().getPhase();
  }

  private EmbeddedHubflow embedded() {
    if (embedded == null) {
      throw new IllegalStateException(
          "this test runs against a real cluster (" + kubeconfig + "): there is no emulator");
    }
    return embedded;
  }

  /** Stops what the extension started; the extension calls this after each test. */
  @Override
  public void close() {
    teardown.run();
  }
}
