package dev.hubflow.testkit.logging;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.turbo.TurboFilter;
import ch.qos.logback.core.spi.FilterReply;
import org.slf4j.Marker;

/**
 * Drops the two ERROR lines client-java's informers print when they are stopped (their threads are
 * interrupted on purpose, and that is all these messages report). Every other informer error, such
 * as a handler that threw or a crashed process loop, still gets through. Installed by the tests'
 * logback-test.xml (the daemon has its own copy).
 */
public final class InformerStopFilter extends TurboFilter {
  private static final String CONTROLLER = "io.kubernetes.client.informer.cache.Controller";
  private static final String LISTENER = "io.kubernetes.client.informer.cache.ProcessorListener";

  @Override
  public FilterReply decide(
      Marker marker, Logger logger, Level level, String format, Object[] params, Throwable t) {
    if (format == null || logger == null) {
      return FilterReply.NEUTRAL;
    }
    String name = logger.getName();
    boolean stopped =
        (name.equals(CONTROLLER)
                && format.startsWith("DefaultController#processLoop get interrupted"))
            || (name.equals(LISTENER) && format.startsWith("processor interrupted"));
    return stopped ? FilterReply.DENY : FilterReply.NEUTRAL;
  }
}
