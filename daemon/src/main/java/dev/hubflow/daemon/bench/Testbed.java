package dev.hubflow.daemon.bench;

import dev.hubflow.core.HubflowController;
import dev.hubflow.core.config.ControllerConfig;
import dev.hubflow.testkit.apiserver.ApiServer;
import dev.hubflow.testkit.kubelet.ClientKubeletApi;
import dev.hubflow.testkit.kubelet.Kubelet;
import dev.hubflow.testkit.runtime.SimulatedRuntime;
import dev.hubflow.testkit.time.SystemScheduler;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/**
 * Emulated spokes for one measurement: per spoke an API server and a kubelet with the simulated
 * runtime (the pieces {@code EmbeddedHubflow} assembles, one kubelet per spoke here), and
 * optionally one hubflow controller running the workflows of all of them, as the hub does.
 */
final class Testbed implements AutoCloseable {
  private final List<ApiServer> spokes;
  private final List<Kubelet> kubelets;
  private final List<SystemScheduler> schedulers;
  private final HubflowController controller;

  private Testbed(
      List<ApiServer> spokes,
      List<Kubelet> kubelets,
      List<SystemScheduler> schedulers,
      HubflowController controller) {
    this.spokes = spokes;
    this.kubelets = kubelets;
    this.schedulers = schedulers;
    this.controller = controller;
  }

  /** Starts {@code spokeCount} spokes, with a controller when {@code withController}. */
  static Testbed start(int spokeCount, boolean withController) {
    List<ApiServer> spokes = new ArrayList<>();
    List<Kubelet> kubelets = new ArrayList<>();
    List<SystemScheduler> schedulers = new ArrayList<>();
    HubflowController controller = null;
    try {
      for (int i = 0; i < spokeCount; i++) {
        ApiServer server = ApiServer.builder("spoke-" + i).start();
        spokes.add(server);
        SystemScheduler scheduler = new SystemScheduler();
        schedulers.add(scheduler);
        kubelets.add(
            Kubelet.builder()
                .api(new ClientKubeletApi(server.apiClient()))
                .runtime(new SimulatedRuntime(scheduler))
                .scheduler(scheduler)
                .nodeName("node-" + i)
                .build()
                .start());
      }
      if (withController) {
        HubflowController.Builder b =
            HubflowController.builder()
                .config(ControllerConfig.defaults().withNamespaces(Set.of(Workloads.NAMESPACE)));
        for (ApiServer s : spokes) {
          b.cluster(s.name(), s.apiClient());
        }
        controller = b.build().start();
      }
      return new Testbed(spokes, kubelets, schedulers, controller);
    } catch (RuntimeException e) {
      new Testbed(spokes, kubelets, schedulers, controller).close();
      throw e;
    }
  }

  List<ApiServer> spokes() {
    return spokes;
  }

  HubflowController controller() {
    if (controller == null) {
      throw new IllegalStateException("this testbed runs no controller");
    }
    return controller;
  }

  /** Requests served by every spoke since the last reset, by "verb resource". */
  Map<String, Long> requests() {
    Map<String, Long> sum = new TreeMap<>();
    for (ApiServer s : spokes) {
      s.counters().snapshot().forEach((k, v) -> sum.merge(k, v, Long::sum));
    }
    return sum;
  }

  void resetRequests() {
    spokes.forEach(s -> s.counters().reset());
  }

  @Override
  public void close() {
    if (controller != null) {
      controller.close();
    }
    kubelets.forEach(Kubelet::close);
    schedulers.forEach(SystemScheduler::close);
    spokes.forEach(ApiServer::close);
  }
}
