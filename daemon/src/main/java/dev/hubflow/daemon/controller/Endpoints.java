package dev.hubflow.daemon.controller;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.Executors;
import java.util.function.Supplier;

/** A tiny HTTP server for probes or metrics: path → (status, content type, body). */
final class Endpoints implements AutoCloseable {
  record Answer(int status, String contentType, String body) {}

  private final HttpServer server;

  Endpoints(int port, String name) throws IOException {
    server = HttpServer.create(new InetSocketAddress(port), 0);
    server.setExecutor(
        Executors.newSingleThreadExecutor(
            r -> {
              Thread t = new Thread(r, "hubflow-" + name + "-http");
              t.setDaemon(true);
              return t;
            }));
  }

  Endpoints serve(String path, Supplier<Answer> answer) {
    server.createContext(
        path,
        exchange -> {
          try (exchange) {
            if (!exchange.getRequestURI().getPath().equals(path)) {
              reply(exchange, new Answer(404, "text/plain", "not found\n"));
              return;
            }
            Answer a;
            try {
              a = answer.get();
            } catch (RuntimeException e) {
              a = new Answer(500, "text/plain", "error: " + e.getClass().getSimpleName() + "\n");
            }
            reply(exchange, a);
          }
        });
    return this;
  }

  Endpoints start() {
    server.start();
    return this;
  }

  int port() {
    return server.getAddress().getPort();
  }

  private static void reply(HttpExchange exchange, Answer answer) throws IOException {
    byte[] body = answer.body().getBytes(StandardCharsets.UTF_8);
    exchange.getResponseHeaders().set("Content-Type", answer.contentType());
    exchange.sendResponseHeaders(answer.status(), body.length);
    try (OutputStream out = exchange.getResponseBody()) {
      out.write(body);
    }
  }

  @Override
  public void close() {
    server.stop(0);
  }
}
