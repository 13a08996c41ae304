package dev.hubflow.testkit;

import dev.hubflow.testkit.runtime.LocalRuntime;
import java.util.Locale;

/** Which runtime runs the pods of an embedded cluster. */
public enum PodRuntimeKind {
  /** Real processes under bubblewrap ({@link LocalRuntime}). */
  LOCAL,
  /** Containers that pretend, fast and deterministic. */
  SIMULATED,
  /** {@link #LOCAL} where bubblewrap works here, else {@link #SIMULATED}. */
  AUTO;

  /** AUTO resolved against this machine. */
  public PodRuntimeKind resolve() {
    if (this != AUTO) {
      return this;
    }
    return LocalRuntime.unavailable().isEmpty() ? LOCAL : SIMULATED;
  }

  /** The runtime's command-line name ({@code local}, {@code simulated}, {@code auto}). */
  public String label() {
    return name().toLowerCase(Locale.ROOT);
  }

  /** Reads a command-line name, case-insensitively. */
  public static PodRuntimeKind parse(String text) {
    for (PodRuntimeKind k : values()) {
      if (k.label().equalsIgnoreCase(text.trim())) {
        return k;
      }
    }
    throw new IllegalArgumentException(
        "unknown runtime '" + text + "' (expected local, simulated or auto)");
  }
}
