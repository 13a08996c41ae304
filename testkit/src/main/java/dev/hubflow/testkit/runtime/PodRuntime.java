package dev.hubflow.testkit.runtime;

/**
 * Runs the containers of pods: {@link SimulatedRuntime} pretends, {@link LocalRuntime} runs real
 * processes under bubblewrap. One sandbox a pod.
 */
public interface PodRuntime extends AutoCloseable {

  /** The runtime's name ({@code simulated}, {@code local}). */
  String name();

  /** Prepares a pod's filesystem and volumes. */
  PodSandbox open(SandboxSpec spec);

  @Override
  default void close() {}
}
