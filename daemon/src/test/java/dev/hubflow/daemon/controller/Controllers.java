package dev.hubflow.daemon.controller;

import dev.hubflow.core.cluster.Cluster;
import dev.hubflow.core.status.NodeStatusPacking;
import dev.hubflow.model.v1alpha1.Workflow;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.Optional;
import picocli.CommandLine;

/** Starts {@code hubflow controller} in-process from its command line, and reads its endpoints. */
final class Controllers {
  private Controllers() {}

  static Hub start(String... args) {
    ControllerCommand command = new ControllerCommand();
    new CommandLine(command).parseArgs(args);
    return Hub.start(command.settings());
  }

  static Cluster cluster(Hub hub, String name) {
    return hub.controller().orElseThrow().cluster(name).orElseThrow();
  }

  static Optional<Workflow> workflow(Hub hub, String cluster, String namespace, String name) {
    return hub.controller()
        .flatMap(c -> c.cluster(cluster))
        .flatMap(c -> c.workflow(namespace, name))
        .map(NodeStatusPacking::unpackIfReadable);
  }

  static String phase(Workflow workflow) {
    return workflow.getStatus() == null ? "" : String.valueOf(workflow.getStatus().getPhase());
  }

  static HttpResponse<String> get(int port, String path) {
    try {
      return HttpClient.newHttpClient()
          .send(
              HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path)).build(),
              HttpResponse.BodyHandlers.ofString());
    } catch (IOException e) {
      throw new IllegalStateException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }
}
