package dev.anvil.agent;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import java.util.List;
import java.util.Objects;
import org.slf4j.LoggerFactory;

/** Everything logged while it is open (messages and exception messages), to check that no secret reached a log. */
final class CapturedLogs implements AutoCloseable {

  private final ListAppender<ILoggingEvent> appender = new ListAppender<>();
  private final Logger root = (Logger) LoggerFactory.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME);

  CapturedLogs() {
    appender.start();
    root.addAppender(appender);
  }

  List<String> lines() {
    return appender.list.stream().map(e -> e.getFormattedMessage()
        + (e.getThrowableProxy() == null ? "" : " " + Objects.toString(e.getThrowableProxy().getMessage(), "")))
        .toList();
  }

  @Override
  public void close() {
    root.detachAppender(appender);
  }
}
