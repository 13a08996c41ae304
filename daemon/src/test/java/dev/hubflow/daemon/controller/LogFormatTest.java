package dev.hubflow.daemon.controller;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.encoder.PatternLayoutEncoder;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.classic.util.LogbackMDCAdapter;
import ch.qos.logback.core.ConsoleAppender;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class LogFormatTest {

  @Test
  void jsonFormatWritesOneJsonObjectPerLineWithTheFormattedMessage() {
    LoggerContext context = context();
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    console(context, out);

    LogFormat.apply(context, "json");
    capturing(
        out, () -> context.getLogger("dev.hubflow.test").info("workflow={} pod created", "wf-1"));

    String[] lines = out.toString(StandardCharsets.UTF_8).strip().split("\n");
    assertThat(lines).hasSize(1);
    JsonObject line = JsonParser.parseString(lines[0]).getAsJsonObject();
    assertThat(line.get("level").getAsString()).isEqualTo("INFO");
    assertThat(line.get("loggerName").getAsString()).isEqualTo("dev.hubflow.test");
    assertThat(line.get("formattedMessage").getAsString()).isEqualTo("workflow=wf-1 pod created");
    assertThat(line.has("arguments")).isFalse();
  }

  @Test
  void textFormatLeavesThePatternAsConfigured() {
    LoggerContext context = context();
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    console(context, out);

    LogFormat.apply(context, "text");
    capturing(out, () -> context.getLogger("dev.hubflow.test").info("plain"));

    assertThat(out.toString(StandardCharsets.UTF_8)).isEqualTo("INFO plain\n");
  }

  @Test
  void anUnknownFormatIsRejectedNamingTheOption() {
    assertThatThrownBy(() -> LogFormat.apply(new LoggerContext(), "xml"))
        .hasMessage("--log-format must be json or text, got xml");
  }

  /** A context of its own, so the test does not touch the logging of the JVM. */
  private static LoggerContext context() {
    LoggerContext context = new LoggerContext();
    context.setMDCAdapter(new LogbackMDCAdapter());
    context.start();
    return context;
  }

  /**
   * A console appender as logback.xml has one; the process's stderr is swapped for the buffer only
   * while the test logs (the appender writes to whatever System.err is at that moment).
   */
  private static void console(LoggerContext context, ByteArrayOutputStream out) {
    PatternLayoutEncoder pattern = new PatternLayoutEncoder();
    pattern.setContext(context);
    pattern.setPattern("%level %msg%n");
    pattern.start();
    ConsoleAppender<ILoggingEvent> appender = new ConsoleAppender<>();
    appender.setContext(context);
    appender.setTarget("System.err");
    appender.setEncoder(pattern);
    appender.start();
    context.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME).addAppender(appender);
  }

  private static void capturing(ByteArrayOutputStream out, Runnable logging) {
    PrintStream stderr = System.err;
    System.setErr(new PrintStream(out, true, StandardCharsets.UTF_8));
    try {
      logging.run();
    } finally {
      System.setErr(stderr);
    }
  }
}
