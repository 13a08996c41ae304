package dev.hubflow.daemon.image;

import java.net.InetAddress;
import java.net.http.HttpClient;
import java.security.KeyStore;
import java.util.Arrays;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;
import javax.net.ssl.X509TrustManager;

/**
 * Run by {@link HubImageIT} with the image's own java, inside the image's root filesystem: prints
 * what the controller relies on at run time (name resolution through glibc, the default trust
 * store, ECDHE for TLS, the HTTP client module, a heap sized from the container's memory).
 */
public final class ImageProbe {
  public static void main(String[] args) throws Exception {
    System.out.println("localhost=" + InetAddress.getByName("localhost").getHostAddress());
    TrustManagerFactory trust =
        TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
    trust.init((KeyStore) null);
    X509TrustManager manager = (X509TrustManager) trust.getTrustManagers()[0];
    System.out.println("trusted=" + manager.getAcceptedIssuers().length);
    String[] suites = SSLContext.getDefault().getSupportedSSLParameters().getCipherSuites();
    System.out.println("ecdhe=" + Arrays.stream(suites).anyMatch(s -> s.contains("_ECDHE_")));
    System.out.println(
        "tls13="
            + Arrays.asList(SSLContext.getDefault().getSupportedSSLParameters().getProtocols())
                .contains("TLSv1.3"));
    System.out.println("httpclient=" + (HttpClient.newHttpClient() != null));
    System.out.println("maxHeapMiB=" + Runtime.getRuntime().maxMemory() / (1024 * 1024));
  }
}
