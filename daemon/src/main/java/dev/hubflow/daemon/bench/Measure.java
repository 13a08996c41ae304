package dev.hubflow.daemon.bench;

import dev.hubflow.core.cluster.Cluster;
import dev.hubflow.model.v1alpha1.Workflow;
import dev.hubflow.testkit.apiserver.ApiServer;
import io.kubernetes.client.informer.ResourceEventHandler;
import io.kubernetes.client.informer.SharedIndexInformer;
import io.kubernetes.client.informer.SharedInformerFactory;
import io.kubernetes.client.openapi.ApiException;
import io.kubernetes.client.openapi.apis.CoreV1Api;
import io.kubernetes.client.openapi.models.V1Pod;
import io.kubernetes.client.openapi.models.V1PodList;
import io.kubernetes.client.util.generic.GenericKubernetesApi;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryPoolMXBean;
import java.lang.management.MemoryType;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import java.util.concurrent.locks.LockSupport;

/**
 * Timed runs on a {@link Testbed}: workflows through the controller, or the floor's plain pods
 * straight to the API servers. Both wait on informer callbacks, not by polling, and give up at the
 * timeout with a reason instead of hanging.
 */
final class Measure {
  /** As many threads create objects as the controller has workers by default. */
  static final int CREATORS = 4;

  private static final Duration SYNC_TIMEOUT = Duration.ofSeconds(60);

  private Measure() {}

  /**
   * What one run measured.
   *
   * @param failure why it stopped early, or null
   * @param done how many workflows (or pods) finished
   */
  record Run(
      double seconds,
      long cpuNanos,
      long peakHeapBytes,
      Map<String, Long> requests,
      int done,
      String failure) {}

  /** A workflow and the index of the spoke it is created in. */
  record Placed(int spoke, Workflow workflow) {}

  /**
   * Creates the workflows (from {@link #CREATORS} threads) and waits until all have finished.
   * Counters are reset once the controller's caches are filled, so only this run is counted.
   */
  static Run workflows(Testbed bed, List<Placed> workflows, Duration timeout) {
    awaitSynced(bed);
    Set<String> pending = ConcurrentHashMap.newKeySet();
    for (Placed p : workflows) {
      pending.add(key(bed.spokes().get(p.spoke()).name(), p.workflow().getMetadata().getName()));
    }
    CountDownLatch latch = new CountDownLatch(pending.size());
    AtomicReference<String> failed = new AtomicReference<>();
    Probe probe = Probe.start();
    bed.resetRequests();
    long t0 = System.nanoTime();
    try (AutoCloseable following =
        bed.controller()
            .follow(
                (cluster, wf) -> {
                  String phase = wf.getStatus() == null ? null : wf.getStatus().getPhase();
                  if (phase == null || !Set.of("Succeeded", "Failed", "Error").contains(phase)) {
                    return;
                  }
                  if (pending.remove(key(cluster, wf.getMetadata().getName()))) {
                    if (!phase.equals("Succeeded")) {
                      failed.compareAndSet(
                          null,
                          "workflow "
                              + wf.getMetadata().getName()
                              + " "
                              + phase
                              + ": "
                              + wf.getStatus().getMessage());
                    }
                    latch.countDown();
                  }
                })) {
      String createFailure =
          createAll(
              workflows,
              p -> bed.controller().submit(bed.spokes().get(p.spoke()).name(), p.workflow()));
      String failure = createFailure;
      if (failure == null && !latch.await(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
        failure = timedOut(timeout, workflows.size() - (int) latch.getCount(), workflows.size());
      }
      double seconds = (System.nanoTime() - t0) / 1e9;
      if (failure == null) {
        failure = failed.get();
      }
      return probe.stop(
          seconds, bed.requests(), workflows.size() - (int) latch.getCount(), failure);
    } catch (Exception e) {
      if (e instanceof InterruptedException) {
        Thread.currentThread().interrupt();
      }
      return probe.stop(
          (System.nanoTime() - t0) / 1e9,
          bed.requests(),
          workflows.size() - (int) latch.getCount(),
          "error: " + e);
    }
  }

  /**
   * The floor: plain pods created straight through the spokes' API servers, in waves (each wave all
   * at once, the next when it has finished), spread over the spokes in turn; waits through a pod
   * informer per spoke.
   */
  static Run floor(Testbed bed, String prefix, List<Integer> waves, Duration timeout) {
    List<SharedInformerFactory> factories = new ArrayList<>();
    Map<String, CountDownLatch> latchOf = new ConcurrentHashMap<>();
    try {
      for (ApiServer spoke : bed.spokes()) {
        SharedInformerFactory factory = new SharedInformerFactory(spoke.apiClient());
        factories.add(factory);
        SharedIndexInformer<V1Pod> informer =
            factory.sharedIndexInformerFor(
                new GenericKubernetesApi<>(
                    V1Pod.class, V1PodList.class, "", "v1", "pods", spoke.apiClient()),
                V1Pod.class,
                0,
                Workloads.NAMESPACE);
        informer.addEventHandler(
            new ResourceEventHandler<>() {
              @Override
              public void onAdd(V1Pod pod) {
                seen(pod);
              }

              @Override
              public void onUpdate(V1Pod old, V1Pod pod) {
                seen(pod);
              }

              @Override
              public void onDelete(V1Pod pod, boolean unknownFinalState) {}

              private void seen(V1Pod pod) {
                String phase = pod.getStatus() == null ? null : pod.getStatus().getPhase();
                if ("Succeeded".equals(phase) || "Failed".equals(phase)) {
                  CountDownLatch l = latchOf.remove(key(spoke.name(), name(pod)));
                  if (l != null) {
                    l.countDown();
                  }
                }
              }
            });
        factory.startAllRegisteredInformers();
        long deadline = System.nanoTime() + SYNC_TIMEOUT.toNanos();
        // The informer offers no sync callback; this wait is before the clock starts.
        while (!informer.hasSynced()) {
          if (System.nanoTime() > deadline) {
            throw new IllegalStateException("the floor's pod informer did not sync in 60s");
          }
          LockSupport.parkNanos(5_000_000);
        }
      }
      int total = waves.stream().mapToInt(Integer::intValue).sum();
      Probe probe = Probe.start();
      bed.resetRequests();
      long t0 = System.nanoTime();
      long deadline = t0 + timeout.toNanos();
      int done = 0;
      int next = 0;
      for (int wave : waves) {
        List<Placed> pods = new ArrayList<>();
        CountDownLatch latch = new CountDownLatch(wave);
        for (int i = 0; i < wave; i++, next++) {
          int spoke = next % bed.spokes().size();
          String name = prefix + "-" + next;
          latchOf.put(key(bed.spokes().get(spoke).name(), name), latch);
          pods.add(new Placed(spoke, null));
        }
        int first = next - wave;
        String failure =
            createAll(
                pods,
                new Creator() {
                  private final java.util.concurrent.atomic.AtomicInteger n =
                      new java.util.concurrent.atomic.AtomicInteger(first);

                  @Override
                  public Object create(Placed p) throws ApiException {
                    int i = n.getAndIncrement();
                    ApiServer spoke = bed.spokes().get(i % bed.spokes().size());
                    return new CoreV1Api(spoke.apiClient())
                        .createNamespacedPod(
                            Workloads.NAMESPACE,
                            Workloads.floorPod(prefix + "-" + i),
                            null,
                            null,
                            null,
                            null);
                  }
                });
        long left = deadline - System.nanoTime();
        if (failure == null && !latch.await(Math.max(0, left), TimeUnit.NANOSECONDS)) {
          failure = timedOut(timeout, done + wave - (int) latch.getCount(), total);
        }
        if (failure != null) {
          return probe.stop(
              (System.nanoTime() - t0) / 1e9,
              bed.requests(),
              done + wave - (int) latch.getCount(),
              failure);
        }
        done += wave;
      }
      return probe.stop((System.nanoTime() - t0) / 1e9, bed.requests(), done, null);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return new Run(0, 0, 0, bed.requests(), 0, "interrupted");
    } finally {
      factories.forEach(SharedInformerFactory::stopAllRegisteredInformers);
    }
  }

  /** Creates one object through the API. */
  interface Creator {
    Object create(Placed p) throws Exception;
  }

  /** Creates everything from {@link #CREATORS} threads; returns the first failure or null. */
  private static String createAll(List<Placed> items, Creator creator) throws InterruptedException {
    if (items.size() == 1) {
      try {
        creator.create(items.get(0));
        return null;
      } catch (Exception e) {
        return "create failed: " + describe(e);
      }
    }
    ExecutorService pool = Executors.newFixedThreadPool(CREATORS);
    try {
      List<Future<?>> futures = new ArrayList<>();
      for (Placed p : items) {
        futures.add(
            pool.submit(
                () -> {
                  creator.create(p);
                  return null;
                }));
      }
      for (Future<?> f : futures) {
        try {
          f.get();
        } catch (java.util.concurrent.ExecutionException e) {
          return "create failed: " + describe(e.getCause());
        }
      }
      return null;
    } finally {
      pool.shutdownNow();
    }
  }

  private static String describe(Throwable e) {
    if (e instanceof ApiException api) {
      return "HTTP " + api.getCode() + " " + api.getResponseBody();
    }
    return e.toString();
  }

  private static String timedOut(Duration timeout, int done, int total) {
    return "timeout after " + timeout.toSeconds() + " s: " + done + " of " + total + " finished";
  }

  /** Waits until the controller's caches of every spoke are filled (before the clock starts). */
  private static void awaitSynced(Testbed bed) {
    long deadline = System.nanoTime() + SYNC_TIMEOUT.toNanos();
    for (ApiServer spoke : bed.spokes()) {
      while (!bed.controller()
          .controller()
          .cluster(spoke.name())
          .map(Cluster::synced)
          .orElse(false)) {
        if (System.nanoTime() > deadline) {
          throw new IllegalStateException(
              "the controller's caches of " + spoke.name() + " did not fill in 60 s");
        }
        LockSupport.parkNanos(5_000_000);
      }
    }
  }

  private static String key(String cluster, String name) {
    return cluster + "/" + name;
  }

  private static String name(V1Pod pod) {
    return pod.getMetadata() == null ? "" : pod.getMetadata().getName();
  }

  /** The process's CPU time and the heap's peak between start and stop. */
  private record Probe(long cpuStart) {
    static Probe start() {
      System.gc();
      heapPools().forEach(MemoryPoolMXBean::resetPeakUsage);
      return new Probe(processCpuNanos());
    }

    Run stop(double seconds, Map<String, Long> requests, int done, String failure) {
      long cpu = processCpuNanos() - cpuStart;
      long peak = 0;
      for (MemoryPoolMXBean pool : heapPools()) {
        peak += pool.getPeakUsage() == null ? 0 : pool.getPeakUsage().getUsed();
      }
      return new Run(seconds, cpu, peak, requests, done, failure);
    }

    private static List<MemoryPoolMXBean> heapPools() {
      return ManagementFactory.getMemoryPoolMXBeans().stream()
          .filter(p -> p.getType() == MemoryType.HEAP && p.isValid())
          .toList();
    }

    private static long processCpuNanos() {
      if (ManagementFactory.getOperatingSystemMXBean()
          instanceof com.sun.management.OperatingSystemMXBean os) {
        return os.getProcessCpuTime();
      }
      return -1;
    }
  }
}
