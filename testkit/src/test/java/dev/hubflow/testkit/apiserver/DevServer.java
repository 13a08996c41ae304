package dev.hubflow.testkit.apiserver;

import java.nio.file.Path;
import java.util.concurrent.CountDownLatch;

/** Starts one cluster by hand for poking at it with kubectl: {@code DevServer DIR [https]}. */
public final class DevServer {
  private DevServer() {}

  public static void main(String[] args) throws Exception {
    long t0 = System.nanoTime();
    ApiServer server =
        ApiServer.builder("dev").https(args.length > 1 && args[1].equals("https")).start();
    System.out.println("started in " + (System.nanoTime() - t0) / 1_000_000 + " ms");
    System.out.println(server.writeKubeconfig(Path.of(args[0])));
    new CountDownLatch(1).await();
  }
}
