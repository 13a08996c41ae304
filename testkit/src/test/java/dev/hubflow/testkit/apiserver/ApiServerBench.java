package dev.hubflow.testkit.apiserver;

import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import dev.hubflow.testkit.apiserver.store.BuiltinTypes;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Flow;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;

/**
 * A quick measurement to run by hand (not a test): cluster start-up, pod creates per second over
 * HTTP and in-process, and delivery to many concurrent HTTP watches.
 *
 * <p>{@code java ... ApiServerBench [pods=5000] [watches=2000] [clientThreads=8]}
 */
public final class ApiServerBench {
  private ApiServerBench() {}

  public static void main(String[] args) throws Exception {
    int pods = args.length > 0 ? Integer.parseInt(args[0]) : 5000;
    int watches = args.length > 1 ? Integer.parseInt(args[1]) : 2000;
    int threads = args.length > 2 ? Integer.parseInt(args[2]) : 8;

    long t0 = System.nanoTime();
    ApiServer cold = ApiServer.builder("cold").start();
    System.out.printf("cold start (first in JVM): %d ms%n", ms(t0));
    cold.close();
    t0 = System.nanoTime();
    ApiServer warm = ApiServer.builder("warm").start();
    System.out.printf("warm start: %d ms%n", ms(t0));
    warm.close();
    t0 = System.nanoTime();
    ApiServer tls = ApiServer.builder("warm-tls").https(true).start();
    System.out.printf("first start with TLS (new CA, loads BouncyCastle): %d ms%n", ms(t0));
    tls.close();
    t0 = System.nanoTime();
    tls = ApiServer.builder("warm-tls2").https(true).start();
    System.out.printf("next start with TLS (new CA): %d ms%n", ms(t0));
    tls.close();

    try (ApiServer server = ApiServer.builder("bench").start()) {
      HttpClient client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
      String url = server.url() + "/api/v1/namespaces/default/pods";
      // warm-up
      createPods(client, url, "warm", 500, threads);
      t0 = System.nanoTime();
      createPods(client, url, "p", pods, threads);
      long took = ms(t0);
      System.out.printf(
          "HTTP pod creates: %d in %d ms = %.0f/s (%d client threads)%n",
          pods, took, pods * 1000.0 / took, threads);

      t0 = System.nanoTime();
      for (int i = 0; i < pods; i++) {
        server.store().create(BuiltinTypes.PODS, "default", pod("inproc-" + i));
      }
      took = ms(t0);
      System.out.printf(
          "in-process pod creates: %d in %d ms = %.0f/s%n", pods, took, pods * 1000.0 / took);

      // Many watches: each counts the events it receives.
      HttpClient watchClient = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
      AtomicLong received = new AtomicLong();
      String from = Long.toString(server.store().revision());
      List<CompletableFuture<?>> open = new ArrayList<>();
      t0 = System.nanoTime();
      for (int i = 0; i < watches; i++) {
        HttpRequest req =
            HttpRequest.newBuilder(URI.create(url + "?watch=1&resourceVersion=" + from)).build();
        open.add(
            watchClient.sendAsync(
                req, HttpResponse.BodyHandlers.fromLineSubscriber(new Counter(received))));
        while (server.httpWatchCount() < i + 1 - 200) {
          Thread.onSpinWait();
        }
      }
      while (server.httpWatchCount() < watches) {
        LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(10)); // a bench main, not a test
      }
      System.out.printf("opened %d concurrent HTTP watches in %d ms%n", watches, ms(t0));
      int events = 100;
      t0 = System.nanoTime();
      for (int i = 0; i < events; i++) {
        server.store().create(BuiltinTypes.PODS, "default", pod("watched-" + i));
      }
      long expected = (long) events * watches;
      long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(120);
      while (received.get() < expected && System.nanoTime() < deadline) {
        LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(20));
      }
      took = ms(t0);
      System.out.printf(
          "delivered %d of %d watch events (%d pods x %d watches) in %d ms = %.0f events/s;"
              + " open watches now %d%n",
          received.get(),
          expected,
          events,
          watches,
          took,
          received.get() * 1000.0 / took,
          server.httpWatchCount());
      open.forEach(f -> f.cancel(true));
    }
    System.exit(0);
  }

  private static final class Counter implements Flow.Subscriber<String> {
    private final AtomicLong received;

    Counter(AtomicLong received) {
      this.received = received;
    }

    @Override
    public void onSubscribe(Flow.Subscription s) {
      s.request(Long.MAX_VALUE);
    }

    @Override
    public void onNext(String line) {
      received.incrementAndGet();
    }

    @Override
    public void onError(Throwable t) {}

    @Override
    public void onComplete() {}
  }

  private static void createPods(HttpClient client, String url, String prefix, int n, int threads)
      throws Exception {
    ExecutorService pool = Executors.newFixedThreadPool(threads);
    AtomicInteger next = new AtomicInteger();
    AtomicInteger failed = new AtomicInteger();
    for (int t = 0; t < threads; t++) {
      pool.execute(
          () -> {
            int i;
            while ((i = next.getAndIncrement()) < n) {
              try {
                HttpResponse<String> r =
                    client.send(
                        HttpRequest.newBuilder(URI.create(url))
                            .header("Content-Type", "application/json")
                            .POST(
                                HttpRequest.BodyPublishers.ofString(
                                    pod(prefix + "-" + i).toString()))
                            .build(),
                        HttpResponse.BodyHandlers.ofString());
                if (r.statusCode() != 201) {
                  failed.incrementAndGet();
                }
              } catch (Exception e) {
                failed.incrementAndGet();
              }
            }
          });
    }
    pool.shutdown();
    pool.awaitTermination(10, TimeUnit.MINUTES);
    if (failed.get() > 0) {
      System.out.println("failed creates: " + failed.get());
    }
  }

  private static JsonObject pod(String name) {
    return JsonParser.parseString(
            "{\"apiVersion\":\"v1\",\"kind\":\"Pod\",\"metadata\":{\"name\":\""
                + name
                + "\",\"labels\":{\"app\":\"bench\"}},\"spec\":{\"containers\":[{\"name\":\"main\","
                + "\"image\":\"busybox:1.36\",\"command\":[\"sh\",\"-c\",\"echo hi\"]}]}}")
        .getAsJsonObject();
  }

  private static long ms(long t0) {
    return Math.max(1, (System.nanoTime() - t0) / 1_000_000);
  }
}
