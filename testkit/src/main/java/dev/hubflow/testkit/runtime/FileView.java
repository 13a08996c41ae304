package dev.hubflow.testkit.runtime;

import java.util.Optional;

/** A container's view of files, for programs the test kit runs in-process (argosay). */
public interface FileView {
  Optional<byte[]> read(String path);

  void write(String path, byte[] content);
}
