package dev.hubflow.testkit.runtime;

import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;
import java.util.Optional;

/** Path arithmetic inside a container (always {@code /}-separated, never the host's). */
final class Paths {
  private Paths() {}

  /** An absolute, normalised path ({@code ..} and {@code .} removed, no trailing slash). */
  static String normalise(String path, String workingDir) {
    String base = workingDir == null || workingDir.isEmpty() ? "/" : workingDir;
    String full = path.startsWith("/") ? path : base + "/" + path;
    Deque<String> parts = new ArrayDeque<>();
    for (String p : full.split("/")) {
      if (p.isEmpty() || p.equals(".")) {
        continue;
      }
      if (p.equals("..")) {
        parts.pollLast();
      } else {
        parts.addLast(p);
      }
    }
    return "/" + String.join("/", parts);
  }

  /** Whether {@code path} is {@code dir} or below it. */
  static boolean under(String path, String dir) {
    return dir.equals("/") || path.equals(dir) || path.startsWith(dir + "/");
  }

  /** The mount that holds {@code path} (the deepest one), if any. */
  static Optional<Mount> mountOf(List<Mount> mounts, String path) {
    Mount best = null;
    for (Mount m : mounts) {
      String mp = normalise(m.mountPath(), "/");
      if (under(path, mp)
          && (best == null || mp.length() > normalise(best.mountPath(), "/").length())) {
        best = m;
      }
    }
    return Optional.ofNullable(best);
  }

  /** {@code path} relative to the mount, with its subPath in front ("" for the mount itself). */
  static String inVolume(Mount m, String path) {
    String mp = normalise(m.mountPath(), "/");
    String rel = mp.equals("/") ? path.substring(1) : path.substring(mp.length());
    rel = rel.startsWith("/") ? rel.substring(1) : rel;
    String sub = m.subPath().isEmpty() ? "" : normalise(m.subPath(), "/").substring(1);
    if (sub.isEmpty()) {
      return rel;
    }
    return rel.isEmpty() ? sub : sub + "/" + rel;
  }
}
