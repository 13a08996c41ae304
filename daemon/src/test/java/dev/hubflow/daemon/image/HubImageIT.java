package dev.hubflow.daemon.image;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;
import org.junit.jupiter.api.io.TempDir;

/**
 * Checks the hub image tar that {@code mvn -Pimage package} writes (Jib, FROM scratch): layout,
 * config, contents and size, then runs the image's own java from its extracted layers under
 * bubblewrap with a read-only root, as a container runtime would. Outside the image profile there
 * is no tar and the tests are skipped, saying so.
 */
@EnabledIfSystemProperty(
    named = "hubflow.image.tar",
    matches = ".+",
    disabledReason = "no image tar: the hub image is built and checked by `mvn -Pimage verify`")
class HubImageIT {

  /** The whole image, compressed. The runtime layer alone is about 27 MB today. */
  static final long MAX_IMAGE_BYTES = 150L * 1024 * 1024;

  /** The jlinked runtime, libraries and certificates (Jib's "extra files" layer), compressed. */
  static final long MAX_RUNTIME_LAYER_BYTES = 50L * 1024 * 1024;

  static final String MAIN_CLASS = "dev.hubflow.daemon.Hubflow";

  static OciImage image;
  static Path tar;

  @BeforeAll
  static void readImage() throws IOException {
    tar = Path.of(System.getProperty("hubflow.image.tar"));
    // In the image profile a missing tar is a failure, not a skip.
    assertThat(tar).as("image tar written by jib:buildTar").isRegularFile();
    image = OciImage.read(tar);
  }

  @Test
  void tarIsAnOciLayoutWhoseBlobsMatchTheirDigests() throws Exception {
    assertThat(new String(image.files().get("oci-layout"), StandardCharsets.UTF_8))
        .contains("\"imageLayoutVersion\"")
        .contains("1.0.0");
    assertThat(image.index().getAsJsonArray("manifests")).hasSize(1);
    JsonObject entry = image.index().getAsJsonArray("manifests").get(0).getAsJsonObject();
    assertThat(entry.get("mediaType").getAsString())
        .isEqualTo("application/vnd.oci.image.manifest.v1+json");
    assertThat(image.manifest().getAsJsonObject("config").get("mediaType").getAsString())
        .isEqualTo("application/vnd.oci.image.config.v1+json");

    List<JsonElement> descriptors = new ArrayList<>();
    descriptors.add(entry);
    descriptors.add(image.manifest().get("config"));
    descriptors.addAll(image.manifest().getAsJsonArray("layers").asList());
    for (JsonElement d : descriptors) {
      String digest = d.getAsJsonObject().get("digest").getAsString();
      byte[] blob = image.blob(digest);
      assertThat(blob.length).as(digest).isEqualTo(d.getAsJsonObject().get("size").getAsLong());
      assertThat("sha256:" + sha256(blob)).as("content of " + digest).isEqualTo(digest);
    }
    assertThat(image.manifest().getAsJsonArray("layers").asList())
        .allSatisfy(
            l ->
                assertThat(l.getAsJsonObject().get("mediaType").getAsString())
                    .isEqualTo("application/vnd.oci.image.layer.v1.tar+gzip"));
  }

  @Test
  void configRunsTheControllerAsNonRootWithTheJlinkedJava() {
    assertThat(image.config().get("os").getAsString()).isEqualTo("linux");
    assertThat(image.config().get("architecture").getAsString()).isEqualTo("amd64");
    JsonObject config = image.config().getAsJsonObject("config");
    List<String> entrypoint = strings(config, "Entrypoint");
    assertThat(entrypoint.get(0)).isEqualTo("/opt/java/bin/java");
    assertThat(entrypoint)
        .contains("-XX:MaxRAMPercentage=75", "-XX:+ExitOnOutOfMemoryError", "-XX:-UsePerfData")
        .containsSequence("-cp", "@/app/jib-classpath-file", MAIN_CLASS)
        .endsWith(MAIN_CLASS);
    assertThat(strings(config, "Cmd")).containsExactly("controller");
    String user = config.get("User").getAsString();
    assertThat(user).isEqualTo("65532:65532");
    assertThat(config.get("WorkingDir").getAsString()).isEqualTo("/home/nonroot");
    assertThat(strings(config, "Env")).contains("JAVA_HOME=/opt/java", "PATH=/opt/java/bin");
  }

  @Test
  void layersHoldTheRuntimeItsLibrariesCertificatesAndUserButNoShell() throws IOException {
    Map<String, Integer> entries = image.layerEntries();
    assertThat(entries)
        .containsKeys(
            "opt/java/lib/server/libjvm.so",
            "opt/java/lib/modules",
            "opt/java/lib/security/cacerts",
            "lib/x86_64-linux-gnu/libc.so.6",
            "lib/x86_64-linux-gnu/libm.so.6",
            "lib/x86_64-linux-gnu/libz.so.1",
            "etc/ssl/certs/ca-certificates.crt",
            "usr/share/doc/libc6/copyright",
            "app/jib-classpath-file",
            "app/classes/dev/hubflow/daemon/Hubflow.class")
        .doesNotContainKeys("bin/sh", "usr/bin/sh", "bin/bash");
    assertThat(entries.get("opt/java/bin/java") & 0777).isEqualTo(0755);
    assertThat(entries.get("lib64/ld-linux-x86-64.so.2") & 0111).isNotZero();
    assertThat(entries.get("tmp/") & 0777).as("/tmp writable without a volume").isEqualTo(0777);
    assertThat(image.layerEntries().keySet())
        .as("AWT's native libraries would need X11")
        .noneMatch(p -> p.matches("opt/java/lib/lib(awt|jawt|fontmanager).*"));
  }

  @Test
  void passwdNamesTheNonRootUser() throws IOException {
    Path root = extracted();
    assertThat(Files.readAllLines(root.resolve("etc/passwd")))
        .contains("nonroot:x:65532:65532:nonroot:/home/nonroot:/sbin/nologin");
  }

  @Test
  void imageStaysUnderItsSizeBounds() throws IOException {
    assertThat(Files.size(tar)).as("image tar bytes").isLessThan(MAX_IMAGE_BYTES);
    List<JsonElement> layers = image.manifest().getAsJsonArray("layers").asList();
    long runtimeLayer =
        layers.get(layers.size() - 1).getAsJsonObject().get("size").getAsLong(); // extra files
    assertThat(runtimeLayer).as("runtime layer bytes").isLessThan(MAX_RUNTIME_LAYER_BYTES);
  }

  @Test
  void imageJavaRunsHubflowFromAReadOnlyRootAsTheImageUser() throws Exception {
    List<String> command = new ArrayList<>(strings(configObject(), "Entrypoint"));
    command.add("--help");
    Result result = runInImage(command);
    assertThat(result.exit()).as(result.output()).isZero();
    assertThat(result.output()).contains("Usage: hubflow");
  }

  @Test
  void imageJavaTrustsDebiansCaCertificates() throws Exception {
    Result result =
        runInImage(List.of("/opt/java/bin/keytool", "-list", "-cacerts", "-storepass", "changeit"));
    assertThat(result.exit()).as(result.output()).isZero();
    long trusted = result.output().lines().filter(l -> l.contains("trustedCertEntry")).count();
    assertThat(trusted).isGreaterThan(100);
    // Amazon's roots sign the STS and EKS endpoints the controller calls.
    assertThat(result.output()).contains("amazon_root_ca_1");
  }

  @Test
  void imageJavaResolvesNamesTrustsCasAndSpeaksModernTls() throws Exception {
    // The image's own JVM flags, with this test's ImageProbe as the program.
    List<String> entrypoint = strings(configObject(), "Entrypoint");
    List<String> command = new ArrayList<>(entrypoint.subList(0, entrypoint.indexOf("-cp")));
    command.addAll(List.of("-cp", "/probe", ImageProbe.class.getName()));
    Result result = runInImage(command);
    assertThat(result.exit()).as(result.output()).isZero();
    List<String> lines = result.output().lines().toList();
    assertThat(lines)
        .contains("localhost=127.0.0.1", "ecdhe=true", "tls13=true", "httpclient=true");
    String trusted = lines.stream().filter(l -> l.startsWith("trusted=")).findFirst().orElse("=0");
    assertThat(Integer.parseInt(trusted.substring(trusted.indexOf('=') + 1)))
        .as(result.output())
        .isGreaterThan(100);
  }

  // --- running the image under bubblewrap ---

  @TempDir static Path work;
  static Path root;

  record Result(int exit, String output) {}

  static synchronized Path extracted() throws IOException {
    if (root != null) {
      return root;
    }
    Path dir = work.resolve("rootfs");
    Files.createDirectories(dir);
    for (String digest : image.layerDigests()) {
      Path layer = work.resolve(digest.replace(':', '-') + ".tar.gz");
      Files.write(layer, image.blob(digest));
      Result untar =
          run(List.of("tar", "-xzf", layer.toString(), "-C", dir.toString(), "--no-same-owner"));
      assertThat(untar.exit()).as("extracting " + digest + ": " + untar.output()).isZero();
    }
    // Mount points a container runtime provides (and one for the probe's classes).
    for (String mountPoint : List.of("proc", "dev", "probe")) {
      Files.createDirectories(dir.resolve(mountPoint));
    }
    Files.createFile(dir.resolve("etc/hosts"));
    root = dir;
    return dir;
  }

  static Result runInImage(List<String> command) throws Exception {
    assumeTrue(bwrapWorks(), "bubblewrap (bwrap) is not usable here; `apt-get install bubblewrap`");
    Path rootfs = extracted();
    JsonObject config = configObject();
    // What Kubernetes mounts into every container, and this test's classes for ImageProbe.
    Path hosts = work.resolve("hosts");
    Files.writeString(hosts, "127.0.0.1 localhost\n");
    Path probe =
        Path.of(ImageProbe.class.getProtectionDomain().getCodeSource().getLocation().toURI());
    List<String> bwrap = new ArrayList<>(List.of("bwrap", "--unshare-all", "--die-with-parent"));
    // A read-only root with a private /tmp, as deploy/hub runs it, as the image's user.
    bwrap.addAll(List.of("--ro-bind", rootfs.toString(), "/", "--tmpfs", "/tmp"));
    bwrap.addAll(List.of("--proc", "/proc", "--dev", "/dev"));
    bwrap.addAll(List.of("--ro-bind", hosts.toString(), "/etc/hosts"));
    bwrap.addAll(List.of("--ro-bind", probe.toString(), "/probe"));
    bwrap.addAll(List.of("--uid", "65532", "--gid", "65532"));
    bwrap.addAll(List.of("--chdir", config.get("WorkingDir").getAsString(), "--clearenv"));
    for (String env : strings(config, "Env")) {
      int eq = env.indexOf('=');
      bwrap.addAll(List.of("--setenv", env.substring(0, eq), env.substring(eq + 1)));
    }
    bwrap.addAll(command);
    return run(bwrap);
  }

  static boolean bwrapWorks() {
    try {
      return run(List.of("bwrap", "--unshare-all", "--ro-bind", "/", "/", "true")).exit() == 0;
    } catch (IOException | RuntimeException e) {
      return false;
    }
  }

  static Result run(List<String> command) throws IOException {
    Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
    process.getOutputStream().close();
    try {
      String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
      if (!process.waitFor(2, TimeUnit.MINUTES)) {
        process.destroyForcibly();
        throw new IllegalStateException("timed out: " + command);
      }
      return new Result(process.exitValue(), output);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }

  static JsonObject configObject() {
    return image.config().getAsJsonObject("config");
  }

  static List<String> strings(JsonObject object, String member) {
    return object.getAsJsonArray(member).asList().stream().map(JsonElement::getAsString).toList();
  }

  static String sha256(byte[] data) throws NoSuchAlgorithmException {
    return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(data));
  }
}
