package dev.hubflow.core.cluster.credentials;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.security.PrivateKey;
import java.security.Signature;
import java.security.cert.X509Certificate;
import org.junit.jupiter.api.Test;

class PemKeysTest {
  static String resource(String name) throws Exception {
    try (var in = PemKeysTest.class.getResourceAsStream("/tls/" + name)) {
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    }
  }

  /** The key signs something its certificate's public key verifies: it is the right key. */
  static void assertMatches(PrivateKey key, String certificateResource, String algorithm)
      throws Exception {
    X509Certificate certificate =
        (X509Certificate)
            ClusterTls.certificates(resource(certificateResource), "test").iterator().next();
    Signature signer = Signature.getInstance(algorithm);
    signer.initSign(key);
    signer.update("hubflow".getBytes(StandardCharsets.UTF_8));
    byte[] signature = signer.sign();
    Signature verifier = Signature.getInstance(algorithm);
    verifier.initVerify(certificate.getPublicKey());
    verifier.update("hubflow".getBytes(StandardCharsets.UTF_8));
    assertThat(verifier.verify(signature)).isTrue();
  }

  @Test
  void readsPkcs1RsaKeys() throws Exception {
    PrivateKey key = PemKeys.read(resource("rsa1.pem"));
    assertThat(key.getAlgorithm()).isEqualTo("RSA");
    assertMatches(key, "client-rsa.crt", "SHA256withRSA");
  }

  @Test
  void readsPkcs8RsaKeys() throws Exception {
    assertMatches(PemKeys.read(resource("rsa8.pem")), "client-rsa.crt", "SHA256withRSA");
  }

  @Test
  void readsSec1EcKeys() throws Exception {
    PrivateKey key = PemKeys.read(resource("ec.pem"));
    assertThat(key.getAlgorithm()).isEqualTo("EC");
    assertMatches(key, "client-ec.crt", "SHA256withECDSA");
  }

  @Test
  void rejectsWhatIsNotAKey() {
    assertThatThrownBy(() -> PemKeys.read("hello")).hasMessageContaining("not PEM");
    assertThatThrownBy(
            () -> PemKeys.read("-----BEGIN CERTIFICATE-----\nAAAA\n-----END CERTIFICATE-----"))
        .hasMessageContaining("not a supported private key");
  }
}
