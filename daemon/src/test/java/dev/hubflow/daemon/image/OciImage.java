package dev.hubflow.daemon.image;

import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.zip.GZIPInputStream;

/**
 * An OCI image layout read from a tar file (what Jib's {@code buildTar} writes with format OCI):
 * its blobs by digest, the single manifest and the config. Tests only; a tiny ustar/pax reader is
 * enough for Jib's output and keeps the daemon free of an archive library.
 */
record OciImage(
    Map<String, byte[]> files, JsonObject index, JsonObject manifest, JsonObject config) {

  static OciImage read(Path tar) throws IOException {
    Map<String, byte[]> files;
    try (InputStream in = Files.newInputStream(tar)) {
      files = entries(in);
    }
    JsonObject index = json(files, "index.json");
    String manifestDigest =
        index.getAsJsonArray("manifests").get(0).getAsJsonObject().get("digest").getAsString();
    JsonObject manifest = json(files, blobPath(manifestDigest));
    JsonObject config =
        json(files, blobPath(manifest.getAsJsonObject("config").get("digest").getAsString()));
    return new OciImage(files, index, manifest, config);
  }

  static String blobPath(String digest) {
    return "blobs/" + digest.replace(':', '/');
  }

  byte[] blob(String digest) {
    byte[] data = files.get(blobPath(digest));
    if (data == null) {
      throw new IllegalStateException("blob " + digest + " is missing from the image tar");
    }
    return data;
  }

  List<String> layerDigests() {
    return manifest.getAsJsonArray("layers").asList().stream()
        .map(l -> l.getAsJsonObject().get("digest").getAsString())
        .toList();
  }

  /** Paths (without a leading slash) and modes of every entry of every layer, later layers win. */
  Map<String, Integer> layerEntries() throws IOException {
    Map<String, Integer> modes = new LinkedHashMap<>();
    for (String digest : layerDigests()) {
      try (InputStream in = new GZIPInputStream(new ByteArrayInputStream(blob(digest)))) {
        for (var e : entryModes(in).entrySet()) {
          modes.put(e.getKey(), e.getValue());
        }
      }
    }
    return modes;
  }

  private static JsonObject json(Map<String, byte[]> files, String path) {
    byte[] data = files.get(path);
    if (data == null) {
      throw new IllegalStateException(path + " is missing from the image tar");
    }
    return JsonParser.parseString(new String(data, StandardCharsets.UTF_8)).getAsJsonObject();
  }

  private static Map<String, byte[]> entries(InputStream in) throws IOException {
    Map<String, byte[]> out = new LinkedHashMap<>();
    walk(in, (name, mode, data) -> out.put(name, data));
    return out;
  }

  private static Map<String, Integer> entryModes(InputStream in) throws IOException {
    Map<String, Integer> out = new LinkedHashMap<>();
    walk(in, (name, mode, data) -> out.put(name, mode));
    return out;
  }

  private interface Entry {
    void accept(String name, int mode, byte[] data);
  }

  private static void walk(InputStream in, Entry entry) throws IOException {
    String longName = null;
    byte[] header = new byte[512];
    while (readFully(in, header)) {
      if (header[0] == 0) {
        return; // end-of-archive blocks
      }
      String name = string(header, 0, 100);
      String prefix = string(header, 345, 155);
      if (!prefix.isEmpty()) {
        name = prefix + "/" + name;
      }
      int mode = (int) octal(header, 100, 8);
      long size = octal(header, 124, 12);
      char type = (char) header[156];
      byte[] data = in.readNBytes((int) size);
      in.skipNBytes((512 - size % 512) % 512);
      switch (type) {
        case 'x' -> longName = paxPath(data);
        case 'L' -> longName = new String(data, StandardCharsets.UTF_8).replace("\0", "");
        case 'g' -> {}
        default -> {
          String path = longName != null ? longName : name;
          longName = null;
          if (path.startsWith("./")) {
            path = path.substring(2);
          }
          entry.accept(path, mode, data);
        }
      }
    }
  }

  private static String paxPath(byte[] data) {
    // Records are "<length> <key>=<value>\n".
    for (String record : new String(data, StandardCharsets.UTF_8).split("\n")) {
      int space = record.indexOf(' ');
      if (space > 0 && record.startsWith("path=", space + 1)) {
        return record.substring(space + 6);
      }
    }
    return null;
  }

  private static boolean readFully(InputStream in, byte[] buf) throws IOException {
    int n = in.readNBytes(buf, 0, buf.length);
    return n == buf.length;
  }

  private static String string(byte[] b, int off, int len) {
    int end = off;
    while (end < off + len && b[end] != 0) {
      end++;
    }
    return new String(b, off, end - off, StandardCharsets.UTF_8);
  }

  private static long octal(byte[] b, int off, int len) {
    String s = string(b, off, len).trim();
    return s.isEmpty() ? 0 : Long.parseLong(s, 8);
  }
}
