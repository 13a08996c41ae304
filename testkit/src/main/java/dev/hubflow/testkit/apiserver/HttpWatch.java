package dev.hubflow.testkit.apiserver;

import com.google.gson.JsonObject;
import com.sun.net.httpserver.HttpExchange;
import dev.hubflow.testkit.apiserver.store.ResourceType;
import dev.hubflow.testkit.apiserver.store.Watch;
import dev.hubflow.testkit.apiserver.store.WatchEvent;
import dev.hubflow.testkit.apiserver.store.WatchListener;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;

/**
 * One watch response: JSON lines on a chunked stream. Holds no thread; the store's delivery threads
 * write events as they come.
 */
final class HttpWatch implements WatchListener {
  private final ApiServer server;
  private final HttpExchange exchange;
  private final OutputStream out;
  private final ResourceType type;
  private final String tableInclude;
  private volatile Watch watch;
  private boolean closed;

  HttpWatch(ApiServer server, HttpExchange exchange, ResourceType type, String tableInclude) {
    this.server = server;
    this.exchange = exchange;
    this.out = exchange.getResponseBody();
    this.type = type;
    this.tableInclude = tableInclude;
  }

  void attach(Watch w) {
    this.watch = w;
  }

  @Override
  public void onEvent(WatchEvent e) {
    String line;
    if (tableInclude != null
        && !e.type().equals(WatchEvent.ERROR)
        && !e.type().equals(WatchEvent.BOOKMARK)) {
      JsonObject meta = new JsonObject();
      meta.addProperty("resourceVersion", Long.toString(e.revision()));
      JsonObject table =
          Tables.table(
              type, List.of(e.object()), meta, tableInclude, server.store().clock().instant());
      line = "{\"type\":\"" + e.type() + "\",\"object\":" + table + "}\n";
    } else {
      line = e.toJsonLine();
    }
    byte[] bytes = line.getBytes(StandardCharsets.UTF_8);
    synchronized (this) {
      if (closed) {
        return;
      }
      try {
        out.write(bytes);
        out.flush();
      } catch (IOException ex) {
        closeNow();
        Watch w = watch;
        if (w != null) {
          w.close();
        }
      }
    }
  }

  @Override
  public void onClose() {
    synchronized (this) {
      closeNow();
    }
  }

  private void closeNow() {
    if (closed) {
      return;
    }
    closed = true;
    try {
      out.close();
    } catch (IOException ignored) {
      // the client is gone already
    }
    exchange.close();
    server.unregisterHttpWatch(this);
  }

  /** Ends the stream (timeout, fault injection or shutdown). */
  void close() {
    Watch w = watch;
    if (w != null) {
      w.close();
    } else {
      onClose();
    }
  }
}
