package dev.hubflow.testkit.runtime;

/** One volume mount of a container. */
public record Mount(String volume, String mountPath, String subPath, boolean readOnly) {
  public Mount {
    subPath = subPath == null ? "" : subPath;
  }
}
