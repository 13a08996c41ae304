package dev.hubflow.core.cluster.credentials;

import dev.hubflow.core.spi.ClusterConnection;
import dev.hubflow.core.spi.CredentialSource;
import dev.hubflow.core.spi.Credentials;
import java.io.ByteArrayInputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.Principal;
import java.security.PrivateKey;
import java.security.cert.Certificate;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.util.Collection;
import java.util.Optional;
import javax.net.ssl.KeyManager;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLEngine;
import javax.net.ssl.TrustManager;
import javax.net.ssl.TrustManagerFactory;
import javax.net.ssl.X509ExtendedKeyManager;
import javax.net.ssl.X509TrustManager;

/** The TLS side of a connection: which server certificates to trust, which client cert to show. */
final class ClusterTls {
  private ClusterTls() {}

  record Setup(SSLContext context, X509TrustManager trustManager) {}

  static Setup of(ClusterConnection connection) {
    try {
      X509TrustManager trust =
          connection.insecureSkipTlsVerify()
              ? new TrustingEveryone()
              : connection
                  .caCertificatePem()
                  .map(pem -> trusting(pem, connection.name()))
                  .orElseGet(ClusterTls::systemTrust);
      SSLContext context = SSLContext.getInstance("TLS");
      context.init(
          new KeyManager[] {new CurrentClientCertificate(connection.credentials())},
          new TrustManager[] {trust},
          null);
      return new Setup(context, trust);
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException(
          "cluster " + connection.name() + ": cannot set up TLS: " + e.getMessage(), e);
    }
  }

  static Collection<? extends Certificate> certificates(String pem, String what) {
    try {
      Collection<? extends Certificate> certificates =
          CertificateFactory.getInstance("X.509")
              .generateCertificates(new ByteArrayInputStream(pem.getBytes(StandardCharsets.UTF_8)));
      if (certificates.isEmpty()) {
        throw new IllegalArgumentException(what + " holds no certificate");
      }
      return certificates;
    } catch (GeneralSecurityException e) {
      throw new IllegalArgumentException(what + " is not a PEM certificate: " + e.getMessage(), e);
    }
  }

  private static X509TrustManager trusting(String caPem, String clusterName) {
    try {
      KeyStore store = KeyStore.getInstance(KeyStore.getDefaultType());
      store.load(null, null);
      int i = 0;
      for (Certificate certificate : certificates(caPem, "cluster " + clusterName + " CA")) {
        store.setCertificateEntry("ca-" + i++, certificate);
      }
      TrustManagerFactory factory =
          TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
      factory.init(store);
      return firstX509(factory.getTrustManagers());
    } catch (GeneralSecurityException | java.io.IOException e) {
      throw new IllegalStateException(
          "cluster " + clusterName + ": cannot load the CA: " + e.getMessage(), e);
    }
  }

  private static X509TrustManager systemTrust() {
    try {
      TrustManagerFactory factory =
          TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
      factory.init((KeyStore) null);
      return firstX509(factory.getTrustManagers());
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("cannot load the system trust store", e);
    }
  }

  private static X509TrustManager firstX509(TrustManager[] managers) {
    for (TrustManager manager : managers) {
      if (manager instanceof X509TrustManager x509) {
        return x509;
      }
    }
    throw new IllegalStateException("no X509TrustManager available");
  }

  /** {@code insecure-skip-tls-verify}: for tests and emulators only. */
  private static final class TrustingEveryone implements X509TrustManager {
    @Override
    public void checkClientTrusted(X509Certificate[] chain, String authType) {}

    @Override
    public void checkServerTrusted(X509Certificate[] chain, String authType) {}

    @Override
    public X509Certificate[] getAcceptedIssuers() {
      return new X509Certificate[0];
    }
  }

  /**
   * Shows the client certificate the credentials hold at handshake time, so certificates an exec
   * plugin renews are picked up by new connections.
   */
  private static final class CurrentClientCertificate extends X509ExtendedKeyManager {
    private static final String ALIAS = "client";
    private final CredentialSource credentials;
    private String loadedPem;
    private X509Certificate[] chain;
    private PrivateKey key;

    CurrentClientCertificate(CredentialSource credentials) {
      this.credentials = credentials;
    }

    private synchronized boolean load() {
      Credentials current = credentials.current();
      Optional<String> cert = current.clientCertificatePem();
      Optional<String> keyPem = current.clientKeyPem();
      if (cert.isEmpty() || keyPem.isEmpty()) {
        return false;
      }
      if (!cert.get().equals(loadedPem)) {
        try {
          chain =
              certificates(cert.get(), "client certificate").stream()
                  .map(X509Certificate.class::cast)
                  .toArray(X509Certificate[]::new);
          key = PemKeys.read(keyPem.get());
          loadedPem = cert.get();
        } catch (GeneralSecurityException e) {
          throw new IllegalStateException("cannot load the client key: " + e.getMessage(), e);
        }
      }
      return true;
    }

    @Override
    public String chooseClientAlias(String[] keyType, Principal[] issuers, Socket socket) {
      return load() ? ALIAS : null;
    }

    @Override
    public String chooseEngineClientAlias(String[] keyType, Principal[] issuers, SSLEngine engine) {
      return load() ? ALIAS : null;
    }

    @Override
    public synchronized X509Certificate[] getCertificateChain(String alias) {
      return ALIAS.equals(alias) ? chain : null;
    }

    @Override
    public synchronized PrivateKey getPrivateKey(String alias) {
      return ALIAS.equals(alias) ? key : null;
    }

    @Override
    public String[] getClientAliases(String keyType, Principal[] issuers) {
      return load() ? new String[] {ALIAS} : null;
    }

    @Override
    public String chooseServerAlias(String keyType, Principal[] issuers, Socket socket) {
      return null;
    }

    @Override
    public String[] getServerAliases(String keyType, Principal[] issuers) {
      return null;
    }
  }
}
