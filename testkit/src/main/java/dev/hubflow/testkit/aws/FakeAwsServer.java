package dev.hubflow.testkit.aws;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** A fake AWS endpoint: a JDK HTTP server on 127.0.0.1 with a free port. */
abstract class FakeAwsServer implements AutoCloseable {
  private static final Logger log = LoggerFactory.getLogger(FakeAwsServer.class);

  private final HttpServer server;
  private final ExecutorService executor;

  FakeAwsServer(String name) {
    try {
      server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot start fake " + name, e);
    }
    executor =
        Executors.newCachedThreadPool(
            runnable -> {
              Thread thread = new Thread(runnable, "fake-" + name);
              thread.setDaemon(true);
              return thread;
            });
    server.setExecutor(executor);
    server.createContext(
        "/",
        exchange -> {
          try (exchange) {
            handle(exchange, received(exchange));
          } catch (RuntimeException e) {
            log.warn("fake {} failed on {}", name, exchange.getRequestURI().getPath(), e);
            respond(exchange, 500, "text/plain", "fake " + name + " failed: " + e);
          }
        });
    server.start();
  }

  abstract void handle(HttpExchange exchange, AwsKeyring.Received request) throws IOException;

  /** {@code http://127.0.0.1:PORT}. */
  public URI uri() {
    return URI.create("http://127.0.0.1:" + server.getAddress().getPort());
  }

  @Override
  public void close() {
    server.stop(0);
    executor.shutdownNow();
  }

  static AwsKeyring.Received received(HttpExchange exchange) throws IOException {
    byte[] body = exchange.getRequestBody().readAllBytes();
    Map<String, List<String>> headers = new TreeMap<>();
    exchange
        .getRequestHeaders()
        .forEach(
            (name, values) -> headers.put(name.toLowerCase(Locale.ROOT), new ArrayList<>(values)));
    URI uri = exchange.getRequestURI();
    return new AwsKeyring.Received(
        exchange.getRequestMethod(),
        uri.getRawPath(),
        SigV4.parseQuery(uri.getRawQuery()),
        headers,
        body);
  }

  static void respond(HttpExchange exchange, int status, String contentType, String body)
      throws IOException {
    byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
    exchange.getResponseHeaders().set("Content-Type", contentType);
    exchange.sendResponseHeaders(status, bytes.length == 0 ? -1 : bytes.length);
    if (bytes.length > 0) {
      exchange.getResponseBody().write(bytes);
    }
  }

  static String xmlEscape(String text) {
    return text.replace("&", "&amp;")
        .replace("<", "&lt;")
        .replace(">", "&gt;")
        .replace("\"", "&quot;");
  }
}
