package dev.hubflow.daemon.controller;

import dev.hubflow.testkit.apiserver.ApiServer;
import dev.hubflow.testkit.apiserver.store.ResourceType;
import dev.hubflow.testkit.apiserver.store.Watch;
import dev.hubflow.testkit.apiserver.store.WatchEvent;
import dev.hubflow.testkit.apiserver.store.WatchOptions;
import dev.hubflow.testkit.kubelet.Kubelet;
import dev.hubflow.testkit.kubelet.StoreKubeletApi;
import dev.hubflow.testkit.runtime.SimulatedRuntime;
import dev.hubflow.testkit.time.SystemScheduler;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * An emulated cluster with a simulated kubelet, counting how often each pod was created (a pod
 * created twice for one node would show as 2).
 */
final class Spoke implements AutoCloseable {
  final ApiServer server;
  final Kubelet kubelet;
  final Map<String, AtomicInteger> podCreations = new ConcurrentHashMap<>();
  final java.util.Set<String> ownerless = ConcurrentHashMap.newKeySet();
  private final SystemScheduler scheduler = new SystemScheduler();
  private final Watch podWatch;

  Spoke(ApiServer server) {
    this.server = server;
    ResourceType pods = server.store().type("", "v1", "pods").orElseThrow();
    this.podWatch =
        server
            .store()
            .watch(
                pods,
                null,
                WatchOptions.all(),
                event -> {
                  if (WatchEvent.ADDED.equals(event.type())) {
                    podCreations
                        .computeIfAbsent(
                            event.namespace() + "/" + event.name(), k -> new AtomicInteger())
                        .incrementAndGet();
                    if (!event.object().getAsJsonObject("metadata").has("ownerReferences")) {
                      ownerless.add(event.namespace() + "/" + event.name());
                    }
                  }
                });
    // The kubelet lives inside the spoke: it reaches its API server in-process, so the HTTP faults
    // a test injects (the spoke unreachable) cut the hub off from the spoke, not the spoke's own
    // pods from their API server, as a network partition between hub and spoke does.
    this.kubelet =
        Kubelet.builder()
            .api(new StoreKubeletApi(server))
            .runtime(new SimulatedRuntime(scheduler))
            .scheduler(scheduler)
            .build()
            .start();
  }

  int pods() {
    return podCreations.size();
  }

  @Override
  public void close() {
    kubelet.close();
    scheduler.close();
    try {
      podWatch.close();
    } catch (Exception e) {
      // closing anyway
    }
    server.close();
  }
}
