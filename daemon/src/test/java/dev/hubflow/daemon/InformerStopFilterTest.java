package dev.hubflow.daemon;

import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import org.junit.jupiter.api.Test;

class InformerStopFilterTest {
  @Test
  void dropsOnlyTheInformersStopMessages() {
    LoggerContext context = new LoggerContext();
    InformerStopFilter filter = new InformerStopFilter();
    filter.start();
    context.addTurboFilter(filter);
    ListAppender<ILoggingEvent> seen = new ListAppender<>();
    seen.setContext(context);
    seen.start();
    context.getLogger(Logger.ROOT_LOGGER_NAME).addAppender(seen);

    Logger controller = context.getLogger("io.kubernetes.client.informer.cache.Controller");
    Logger listener = context.getLogger("io.kubernetes.client.informer.cache.ProcessorListener");
    controller.error("DefaultController#processLoop get interrupted {}", "null");
    listener.error("processor interrupted: {}", "null");
    controller.error("DefaultController#processLoop recovered from crashing {} {}", "boom", "x");
    listener.error("failed invoking UPDATE event handler: {}", "boom");
    context.getLogger("dev.hubflow.Other").error("processor interrupted: ours");

    assertThat(seen.list)
        .extracting(ILoggingEvent::getFormattedMessage)
        .containsExactly(
            "DefaultController#processLoop recovered from crashing boom x",
            "failed invoking UPDATE event handler: boom",
            "processor interrupted: ours");
  }
}
