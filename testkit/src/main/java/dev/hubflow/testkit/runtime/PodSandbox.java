package dev.hubflow.testkit.runtime;

import java.util.List;
import java.util.Optional;

/** One pod's filesystem and processes. Closing it kills what runs and removes its files. */
public interface PodSandbox extends AutoCloseable {

  /** Starts a container; a command that cannot start ends with exit code and message. */
  RunningContainer start(ContainerRun run);

  /** A file as a container with these mounts sees it, or empty when it does not exist. */
  Optional<byte[]> readFile(List<Mount> mounts, String path);

  /** Writes a file as a container with these mounts would (creating parent directories). */
  void writeFile(List<Mount> mounts, String path, byte[] content);

  @Override
  void close();
}
