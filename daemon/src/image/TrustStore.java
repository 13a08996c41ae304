import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.util.List;
import java.util.stream.Stream;

/**
 * Writes the image's Java trust store from the CA certificates of Debian's ca-certificates
 * package: {@code java TrustStore.java <out> <dir-of-.crt-files>}. Run by build-rootfs.sh with the
 * build's JDK (single-file source launch), so the image needs no keytool and no shell.
 */
public final class TrustStore {
  public static void main(String[] args) throws Exception {
    Path out = Path.of(args[0]);
    Path dir = Path.of(args[1]);
    // JKS keeps trusted certificates readable without a password, like the JDK's own cacerts.
    KeyStore store = KeyStore.getInstance("JKS");
    store.load(null, null);
    CertificateFactory x509 = CertificateFactory.getInstance("X.509");
    List<Path> files;
    try (Stream<Path> found = Files.walk(dir)) {
      files = found.filter(p -> p.toString().endsWith(".crt")).sorted().toList();
    }
    for (Path file : files) {
      try (var in = Files.newInputStream(file)) {
        var cert = (X509Certificate) x509.generateCertificate(in);
        String alias = file.getFileName().toString().replaceFirst("\\.crt$", "").toLowerCase();
        store.setCertificateEntry(alias, cert);
      }
    }
    if (files.isEmpty()) {
      throw new IllegalStateException("no .crt files under " + dir);
    }
    try (OutputStream os = Files.newOutputStream(out)) {
      store.store(os, "changeit".toCharArray());
    }
    System.out.println("trust store " + out + ": " + files.size() + " certificates");
  }
}
