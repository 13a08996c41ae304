package dev.hubflow.daemon.controller;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.encoder.JsonEncoder;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.Appender;
import ch.qos.logback.core.OutputStreamAppender;
import java.util.Iterator;
import org.slf4j.LoggerFactory;

/** Switches the console log lines to JSON (one object per line, for log collectors) or text. */
final class LogFormat {
  private LogFormat() {}

  static void apply(String format) {
    if (LoggerFactory.getILoggerFactory() instanceof LoggerContext context) {
      apply(context, format);
    } else {
      check(format);
    }
  }

  /** The same on a given logging context: every console-like appender of its root. */
  static void apply(LoggerContext context, String format) {
    if (!check(format)) {
      return;
    }
    Logger root = context.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME);
    for (Iterator<Appender<ILoggingEvent>> it = root.iteratorForAppenders(); it.hasNext(); ) {
      if (it.next() instanceof OutputStreamAppender<ILoggingEvent> console) {
        JsonEncoder json = new JsonEncoder();
        json.setContext(context);
        // Arguments repeat what the message already says; keep lines short.
        json.setWithArguments(false);
        json.setWithMessage(false);
        json.setWithFormattedMessage(true);
        json.setWithContext(false);
        json.start();
        console.stop();
        console.setEncoder(json);
        console.start();
      }
    }
  }

  /** Whether the format is json; text is left as configured, anything else is an error. */
  private static boolean check(String format) {
    if ("text".equals(format)) {
      return false;
    }
    if (!"json".equals(format)) {
      throw new IllegalArgumentException("--log-format must be json or text, got " + format);
    }
    return true;
  }
}
