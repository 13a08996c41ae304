package dev.hubflow.testkit.runtime;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;

/**
 * The host tools that stand in for container images in the local runtime: busybox applets for
 * busybox/alpine-based images, the host's Debian userland for the others, plus a built-in {@code
 * cowsay} and argosay.
 */
final class ImageTools {
  /** Which userland an image gets. */
  enum Family {
    /** busybox applets first in PATH and as /bin ({@code sh} is busybox ash). */
    BUSYBOX,
    /** the host's /usr/bin as /bin ({@code sh} is dash, as on Debian and Ubuntu). */
    DEBIAN
  }

  static final String BUSYBOX = "/usr/bin/busybox";
  static final String PYTHON = "/usr/bin/python3";

  final Path busyboxDir;
  final Path debianDir;
  final Path argosay;

  private ImageTools(Path busyboxDir, Path debianDir, Path argosay) {
    this.busyboxDir = busyboxDir;
    this.debianDir = debianDir;
    this.argosay = argosay;
  }

  static Family family(String image) {
    String i = image == null ? "" : image.toLowerCase(java.util.Locale.ROOT);
    if (i.contains("alpine")
        || i.startsWith("busybox")
        || i.contains("/busybox")
        || i.contains("argoproj/argosay")
        || i.equals("bash")
        || i.startsWith("bash:")
        || i.startsWith("library/bash")) {
      return Family.BUSYBOX;
    }
    return Family.DEBIAN;
  }

  /** The command an image runs when the container gives none ({@code ENTRYPOINT} + {@code CMD}). */
  static List<String> defaultCommand(String image, List<String> args) {
    String i = image == null ? "" : image.toLowerCase(java.util.Locale.ROOT);
    if (i.contains("argoproj/argosay")) {
      return prepend("/argosay", args);
    }
    if (!args.isEmpty()) {
      return args; // no ENTRYPOINT: the args replace CMD
    }
    if (i.startsWith("python") || i.contains("/python")) {
      return List.of("python3");
    }
    if (family(image) == Family.BUSYBOX && !i.startsWith("bash")) {
      return List.of("sh");
    }
    return List.of("bash");
  }

  private static List<String> prepend(String first, List<String> rest) {
    List<String> all = new java.util.ArrayList<>();
    all.add(first);
    all.addAll(rest);
    return all;
  }

  /** Lays the tool directories out under {@code dir}. */
  static ImageTools install(Path dir) {
    try {
      Path busybox = Files.createDirectories(dir.resolve("busybox"));
      Path debian = Files.createDirectories(dir.resolve("debian"));
      Process list = new ProcessBuilder(BUSYBOX, "--list").redirectErrorStream(true).start();
      String applets = new String(list.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
      list.waitFor();
      for (String applet : applets.split("\\s+")) {
        if (!applet.isBlank()) {
          link(busybox.resolve(applet), BUSYBOX);
        }
      }
      for (Path d : List.of(busybox, debian)) {
        link(d.resolve("bash"), "/usr/bin/bash");
        link(d.resolve("python3"), PYTHON);
        link(d.resolve("python"), PYTHON);
        script(d.resolve("cowsay"), COWSAY);
      }
      Path argosay = script(dir.resolve("argosay"), ARGOSAY);
      return new ImageTools(busybox, debian, argosay);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot lay out the local runtime's tools in " + dir, e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted while listing busybox applets", e);
    }
  }

  private static void link(Path at, String target) throws IOException {
    Files.deleteIfExists(at);
    Files.createSymbolicLink(at, Path.of(target));
  }

  private static Path script(Path at, String text) throws IOException {
    Files.writeString(at, text, StandardCharsets.UTF_8);
    Files.setPosixFilePermissions(at, PosixFilePermissions.fromString("rwxr-xr-x"));
    return at;
  }

  /** cowsay: a speech bubble (40 columns, word-wrapped) over a whale; no args reads stdin. */
  private static final String COWSAY =
      """
      #!/usr/bin/python3
      import sys, textwrap
      text = " ".join(sys.argv[1:]) if len(sys.argv) > 1 else sys.stdin.read()
      lines = textwrap.wrap(" ".join(text.split()), 40) or [""]
      width = max(len(l) for l in lines)
      out = [" " + "_" * (width + 2)]
      if len(lines) == 1:
          out.append("< " + lines[0] + " >")
      else:
          for i, l in enumerate(lines):
              left, right = ("/", "\\\\") if i == 0 else (("\\\\", "/") if i == len(lines) - 1 else ("|", "|"))
              out.append(left + " " + l.ljust(width) + " " + right)
      out.append(" " + "-" * (width + 2))
      out += [
          "    \\\\",
          "     \\\\",
          "      \\\\",
          "                   .",
          "         __________|__       ",
          "    ____/  o          \\\\____ ",
          "   <    ___               /  ",
          "    \\\\__/   \\\\____________/   ",
          "  ~~~~~~~~~~~~~~~~~~~~~~~~~~~",
      ]
      print("\\n".join(out))
      """;

  /** argosay: the verbs of Argo's test image, for busybox sh. */
  private static final String ARGOSAY =
      """
      #!/bin/sh
      # Stand-in for argoproj/argosay:v2 (hubflow test kit).
      set -eu
      case "${1:-}" in
        '') echo "hello argo" ;;
        echo)
          case $# in
            1) echo "hello argo" ;;
            2) echo "$2" ;;
            3) mkdir -p "$(dirname "$3")"; echo "$2" > "$3" ;;
            *) exit 1 ;;
          esac ;;
        cat) shift; cat "$@" ;;
        exit) exit "${2:-0}" ;;
        sleep) sleep "$2" ;;
        assert_contains) grep -F -- "$3" "$2" ;;
        assert_equals)
          actual="$(cat "$2")"
          if [ "$actual" != "$3" ]; then
            echo "expected \\"$3\\", but was \\"$actual\\"" >&2
            exit 1
          fi ;;
        sh) sh "${2:-}" ;;
        *) exit 1 ;;
      esac
      """;
}
