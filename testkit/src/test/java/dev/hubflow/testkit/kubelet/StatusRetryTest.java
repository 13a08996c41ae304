package dev.hubflow.testkit.kubelet;

import static dev.hubflow.testkit.kubelet.Pods.NS;
import static dev.hubflow.testkit.kubelet.Pods.argoPod;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.hubflow.model.v1alpha1.WorkflowTaskResult;
import dev.hubflow.testkit.runtime.SimulatedRuntime;
import dev.hubflow.testkit.time.ManualScheduler;
import io.kubernetes.client.openapi.models.V1ConfigMap;
import io.kubernetes.client.openapi.models.V1Pod;
import io.kubernetes.client.openapi.models.V1PodStatus;
import io.kubernetes.client.openapi.models.V1Secret;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** A pod's end is not lost with a status update the API server refused while it was away. */
class StatusRetryTest {
  private final ManualScheduler clock = new ManualScheduler();
  private final InMemoryKubeletApi cluster = new InMemoryKubeletApi(clock);
  private final AtomicBoolean away = new AtomicBoolean(true);
  private final AtomicInteger refused = new AtomicInteger();
  private final Kubelet kubelet =
      Kubelet.builder()
          .api(new AwayForStatus())
          .runtime(new SimulatedRuntime(clock))
          .scheduler(clock)
          .nodeName("node-1")
          .build();

  @AfterEach
  void stop() {
    kubelet.close();
  }

  @Test
  void statusUpdatesRefusedWhileTheApiServerIsAwayArePublishedOnceItIsBack() {
    V1Pod pod =
        cluster.createPod(
            argoPod("wf", "{name: say, container: {image: 'argoproj/argosay:v2', args: [echo]}}"));
    kubelet.start();
    await().atMost(Duration.ofSeconds(10)).until(() -> refused.get() > 0 && clock.pending() > 0);
    assertThat(phase(pod)).isNotEqualTo("Succeeded");

    away.set(false);
    // Advance in steps: each retry may schedule the next.
    await()
        .atMost(Duration.ofSeconds(10))
        .until(
            () -> {
              clock.advance(Duration.ofSeconds(1));
              return "Succeeded".equals(phase(pod));
            });
  }

  private String phase(V1Pod pod) {
    return cluster
        .pod(NS, pod.getMetadata().getName())
        .map(p -> p.getStatus() == null ? null : p.getStatus().getPhase())
        .orElse(null);
  }

  /** The in-memory cluster, whose status endpoint refuses writes while {@link #away}. */
  private final class AwayForStatus implements KubeletApi {
    @Override
    public AutoCloseable watchPods(PodListener listener) {
      return cluster.watchPods(listener);
    }

    @Override
    public void bindPod(String namespace, String name, String nodeName) {
      cluster.bindPod(namespace, name, nodeName);
    }

    @Override
    public void updatePodStatus(String namespace, String name, V1PodStatus status) {
      if (away.get()) {
        refused.incrementAndGet();
        throw new IllegalStateException("connection refused");
      }
      cluster.updatePodStatus(namespace, name, status);
    }

    @Override
    public void deletePod(String namespace, String name) {
      cluster.deletePod(namespace, name);
    }

    @Override
    public Optional<V1ConfigMap> getConfigMap(String namespace, String name) {
      return cluster.getConfigMap(namespace, name);
    }

    @Override
    public Optional<V1Secret> getSecret(String namespace, String name) {
      return cluster.getSecret(namespace, name);
    }

    @Override
    public void upsertTaskResult(WorkflowTaskResult result) {
      cluster.upsertTaskResult(result);
    }
  }
}
