package dev.hubflow.testkit.apiserver;

import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.sun.net.httpserver.HttpExchange;
import dev.hubflow.testkit.apiserver.store.BuiltinTypes;
import dev.hubflow.testkit.apiserver.store.Json;
import dev.hubflow.testkit.apiserver.store.StatusException;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** {@code GET pods/log}: the container's text, whole or followed. */
final class PodLogStream {
  private PodLogStream() {}

  static boolean serve(
      HttpExchange ex, ApiServer server, String ns, String name, Map<String, String> query)
      throws IOException {
    JsonObject pod = server.store().get(BuiltinTypes.PODS, ns, name);
    List<String> containers = names(pod, "containers");
    List<String> init = names(pod, "initContainers");
    String container = query.get("container");
    if (container == null || container.isEmpty()) {
      if (containers.size() != 1) {
        throw StatusException.badRequest(
            "a container name must be specified for pod "
                + name
                + ", choose one of: "
                + containers.toString().replace(",", "")
                + (init.isEmpty()
                    ? ""
                    : " or one of the init containers: " + init.toString().replace(",", "")));
      }
      container = containers.get(0);
    } else if (!containers.contains(container) && !init.contains(container)) {
      throw StatusException.badRequest("container " + container + " is not valid for pod " + name);
    }
    Optional<String> text = server.podLogs().read(ns, name, container);
    boolean follow = "true".equals(query.get("follow")) || "1".equals(query.get("follow"));
    if (text.isEmpty() && "Pending".equals(Json.str(Json.obj(pod, "status"), "phase"))) {
      throw StatusException.badRequest(
          "container \""
              + container
              + "\" in pod \""
              + name
              + "\" is waiting to start: ContainerCreating");
    }
    ex.getResponseHeaders().set("Content-Type", "text/plain");
    if (!follow) {
      byte[] bytes = tail(text.orElse(""), query.get("tailLines")).getBytes(StandardCharsets.UTF_8);
      ex.sendResponseHeaders(200, bytes.length == 0 ? -1 : bytes.length);
      if (bytes.length > 0) {
        try (OutputStream out = ex.getResponseBody()) {
          out.write(bytes);
        }
      }
      return false;
    }
    ex.sendResponseHeaders(200, 0);
    OutputStream out = ex.getResponseBody();
    Object lock = new Object();
    boolean[] done = {false};
    Runnable end =
        () -> {
          synchronized (lock) {
            if (!done[0]) {
              done[0] = true;
              try {
                out.close();
              } catch (IOException ignored) {
                // client gone
              }
              ex.close();
            }
          }
        };
    server
        .podLogs()
        .follow(
            ns,
            name,
            container,
            chunk -> {
              synchronized (lock) {
                if (done[0] || chunk.isEmpty()) {
                  return;
                }
                try {
                  out.write(chunk.getBytes(StandardCharsets.UTF_8));
                  out.flush();
                } catch (IOException e) {
                  done[0] = true;
                  ex.close();
                }
              }
            },
            end);
    return true;
  }

  private static String tail(String text, String tailLines) {
    if (tailLines == null || tailLines.isEmpty()) {
      return text;
    }
    int n = Integer.parseInt(tailLines);
    String[] lines = text.split("(?<=\n)");
    StringBuilder b = new StringBuilder();
    for (int i = Math.max(0, lines.length - n); i < lines.length; i++) {
      b.append(lines[i]);
    }
    return b.toString();
  }

  private static List<String> names(JsonObject pod, String list) {
    List<String> out = new ArrayList<>();
    for (JsonElement c : Json.arr(Json.obj(pod, "spec"), list)) {
      out.add(Json.str(c.getAsJsonObject(), "name"));
    }
    return out;
  }
}
