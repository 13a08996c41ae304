package dev.hubflow.core.pod;

import java.util.List;

/**
 * An image's {@code ENTRYPOINT} and {@code CMD}, for containers that give no command (Argo's {@code
 * images} setting).
 */
public record ImageEntrypoint(List<String> entrypoint, List<String> cmd) {
  public ImageEntrypoint {
    entrypoint = entrypoint == null ? List.of() : List.copyOf(entrypoint);
    cmd = cmd == null ? List.of() : List.copyOf(cmd);
  }
}
