package dev.hubflow.daemon;

import dev.hubflow.testkit.EmbeddedHubflow;
import dev.hubflow.testkit.PodRuntimeKind;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code hubflow embedded}: in-process clusters that kubectl, argo and hubflow can talk to, with a
 * kubelet and a controller, until Ctrl-C. The first cluster runs workflows and their pods; further
 * names are plain clusters (spokes, once the hub wiring is in).
 */
@Command(
    name = "embedded",
    mixinStandardHelpOptions = true,
    description = {
      "Runs in-process Kubernetes clusters with a kubelet and the hubflow controller until",
      "stopped (Ctrl-C), writing one kubeconfig per cluster."
    })
final class EmbeddedCommand implements Callable<Integer> {
  @Option(
      names = "--clusters",
      split = ",",
      defaultValue = "hub",
      description = "Cluster names; the first runs workflows (default: ${DEFAULT-VALUE}).")
  private List<String> clusters;

  @Option(
      names = "--dir",
      defaultValue = "hubflow-embedded",
      description = "Where the kubeconfigs go (default: ./${DEFAULT-VALUE}).")
  private Path dir;

  @Option(
      names = "--runtime",
      defaultValue = "auto",
      description = "Pod runtime: local (bubblewrap), simulated, or auto (local where it works).")
  private String runtime;

  @Option(names = "--verbose", description = "Show the controller's and kubelet's logs.")
  private boolean verbose;

  @Spec private CommandSpec spec;

  /** Counted down once the clusters are up (tests wait on it); stop() ends the command. */
  private final CountDownLatch started = new CountDownLatch(1);

  private final CountDownLatch stop = new CountDownLatch(1);
  private final CountDownLatch stopped = new CountDownLatch(1);
  private volatile Map<String, Path> kubeconfigs = Map.of();

  @Override
  public Integer call() throws InterruptedException {
    PrintWriter out = spec.commandLine().getOut();
    PrintWriter err = spec.commandLine().getErr();
    PodRuntimeKind kind;
    EmbeddedHubflow hubflow;
    try {
      kind = PodRuntimeKind.parse(runtime);
      if (!verbose) {
        Logging.quiet();
      }
      long t0 = System.nanoTime();
      hubflow = EmbeddedHubflow.builder().clusters(clusters).runtime(kind).start();
      out.printf(
          "hubflow: %d cluster(s) started in %d ms (pod runtime: %s)%n",
          clusters.size(), (System.nanoTime() - t0) / 1_000_000, hubflow.runtimeName());
    } catch (IllegalArgumentException | IllegalStateException e) {
      err.println("hubflow embedded: " + e.getMessage());
      err.flush();
      return RunCommand.BAD_INPUT;
    }
    // On SIGTERM/Ctrl-C the JVM waits for hooks only: this one waits for the clean shutdown.
    Thread hook =
        new Thread(
            () -> {
              stop.countDown();
              try {
                stopped.await(30, TimeUnit.SECONDS);
              } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
              }
            },
            "hubflow-embedded-shutdown");
    Runtime.getRuntime().addShutdownHook(hook);
    try (hubflow) {
      Path absolute = dir.toAbsolutePath().normalize();
      kubeconfigs = hubflow.writeKubeconfigs(absolute);
      for (Map.Entry<String, Path> e : kubeconfigs.entrySet()) {
        out.printf(
            "  %-10s %s  kubeconfig %s%s%n",
            e.getKey(),
            hubflow.cluster(e.getKey()).url(),
            e.getValue(),
            e.getKey().equals(hubflow.hub().name()) ? "  (runs workflows)" : "");
      }
      Path hub = kubeconfigs.get(hubflow.hub().name());
      out.println();
      out.println("Try:");
      out.println("  kubectl --kubeconfig " + hub + " create namespace argo");
      out.println("  kubectl --kubeconfig " + hub + " -n argo create -f examples/hello-world.yaml");
      out.println("  kubectl --kubeconfig " + hub + " -n argo get workflows,pods");
      out.println("  java -jar daemon/target/hubflow.jar run FILE --kubeconfig " + hub);
      out.println();
      out.println("Ctrl-C stops the clusters.");
      out.flush();
      started.countDown();
      stop.await();
      out.println("hubflow: stopping");
      out.flush();
    } finally {
      stopped.countDown();
      try {
        Runtime.getRuntime().removeShutdownHook(hook);
      } catch (IllegalStateException shuttingDown) {
        // The JVM is already stopping: the hook is what woke us.
      }
    }
    return 0;
  }

  /** Blocks until the clusters are up and the kubeconfigs written; returns them by cluster. */
  Map<String, Path> awaitStarted() throws InterruptedException {
    started.await();
    return kubeconfigs;
  }

  /** Ends the command as Ctrl-C would. */
  void stop() {
    stop.countDown();
  }
}
