package dev.hubflow.testkit.apiserver.store;

/** An open watch; close it to stop receiving events. */
public interface Watch extends AutoCloseable {
  @Override
  void close();
}
