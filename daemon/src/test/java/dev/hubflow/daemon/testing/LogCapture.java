package dev.hubflow.daemon.testing;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.classic.spi.IThrowableProxy;
import ch.qos.logback.core.Appender;
import ch.qos.logback.core.read.ListAppender;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.slf4j.LoggerFactory;

/**
 * Captures every log event of every logger, at TRACE, while open. The root's own appenders are
 * detached meanwhile, so the TRACE flood goes to the capture only, not to the build's output.
 */
public final class LogCapture implements AutoCloseable {
  private final LoggerContext context = (LoggerContext) LoggerFactory.getILoggerFactory();
  private final ListAppender<ILoggingEvent> appender = new ListAppender<>();
  private final Map<Logger, Level> previous = new HashMap<>();
  private final List<Appender<ILoggingEvent>> detached = new ArrayList<>();

  public LogCapture() {
    appender.setContext(context);
    appender.start();
    for (Logger logger : context.getLoggerList()) {
      previous.put(logger, logger.getLevel());
      if (logger.getLevel() != null) {
        logger.setLevel(Level.TRACE);
      }
    }
    Logger root = context.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME);
    root.setLevel(Level.TRACE);
    root.iteratorForAppenders().forEachRemaining(detached::add);
    detached.forEach(root::detachAppender);
    root.addAppender(appender);
  }

  /** Each event as text: message, arguments, MDC, and every throwable's message. */
  public List<String> lines() {
    List<String> lines = new ArrayList<>();
    for (ILoggingEvent event : List.copyOf(appender.list)) {
      StringBuilder line = new StringBuilder(event.getLoggerName()).append(' ');
      line.append(event.getFormattedMessage()).append(' ').append(event.getMDCPropertyMap());
      for (IThrowableProxy t = event.getThrowableProxy(); t != null; t = t.getCause()) {
        line.append(" | ").append(t.getClassName()).append(": ").append(t.getMessage());
      }
      lines.add(line.toString());
    }
    return lines;
  }

  @Override
  public void close() {
    Logger root = context.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME);
    root.detachAppender(appender);
    previous.forEach(Logger::setLevel);
    detached.forEach(root::addAppender);
    appender.stop();
  }
}
