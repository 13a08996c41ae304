package dev.hubflow.testkit.kubelet;

import dev.hubflow.testkit.runtime.Mount;
import dev.hubflow.testkit.runtime.PodSandbox;
import dev.hubflow.testkit.time.Scheduler;
import io.kubernetes.client.openapi.models.V1Pod;
import java.time.Duration;
import java.util.List;

/** What the emulated argoexec sees of the pod it runs in. Called on the kubelet's thread. */
interface ExecutorHost {
  V1Pod pod();

  PodSandbox sandbox();

  /** The volume mounts of a container of the pod (empty for an unknown name). */
  List<Mount> mounts(String container);

  /** What a container wrote to stdout so far. */
  String stdout(String container);

  /** Whether a container has ended (and will not restart). */
  boolean ended(String container);

  void kill(String container, Duration grace);

  /** Runs on the kubelet's thread. */
  void onLoop(Runnable task);

  Scheduler scheduler();

  KubeletApi api();

  ArtifactStore artifacts();
}
