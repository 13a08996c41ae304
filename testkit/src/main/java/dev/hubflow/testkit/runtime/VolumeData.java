package dev.hubflow.testkit.runtime;

import java.util.Map;

/** A pod volume as a runtime sees it. */
public sealed interface VolumeData {

  /** An empty scratch directory that lives as long as the pod ({@code emptyDir}, others). */
  record EmptyDir() implements VolumeData {}

  /** Read-only files, path → content ({@code configMap}, {@code secret}, {@code downwardAPI}). */
  record Files(Map<String, byte[]> files) implements VolumeData {
    public Files {
      files = Map.copyOf(files);
    }
  }

  /**
   * A claim: a scratch directory shared by every pod of the runtime that mounts the same claim.
   *
   * @param key {@code <namespace>/<claimName>}
   */
  record Claim(String key) implements VolumeData {}
}
