package dev.hubflow.testkit.runtime;

/** Where a container's stdout or stderr goes, as it is written. */
@FunctionalInterface
public interface OutputSink {
  void write(String text);

  OutputSink DISCARD = text -> {};
}
