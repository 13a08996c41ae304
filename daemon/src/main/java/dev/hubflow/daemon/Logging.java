package dev.hubflow.daemon;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import org.slf4j.LoggerFactory;

/** Log levels the commands set at run time. */
public final class Logging {
  private Logging() {}

  /**
   * Only warnings of hubflow itself: interactive commands show their own progress. client-java's
   * informers log interrupted threads as errors on every shutdown, so they are silenced.
   */
  public static void quiet() {
    if (LoggerFactory.getLogger(Logger.ROOT_LOGGER_NAME) instanceof Logger root) {
      root.setLevel(Level.WARN);
    }
    if (LoggerFactory.getLogger("io.kubernetes.client") instanceof Logger k8s) {
      k8s.setLevel(Level.OFF);
    }
  }
}
