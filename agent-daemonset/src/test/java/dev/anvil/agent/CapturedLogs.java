package dev.anvil.agent;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import java.util.ArrayList;
import java.util.List;
import org.slf4j.LoggerFactory;

/** Everything logged while it is open (messages and their exception chains), to check that no secret reached a log. */
public final class CapturedLogs implements AutoCloseable {

  private final ListAppender<ILoggingEvent> appender = new ListAppender<>();
  private final Logger logger;
  private final Level previous;

  /** Captures what every logger writes at its configured level. */
  public CapturedLogs() {
    this(org.slf4j.Logger.ROOT_LOGGER_NAME, null);
  }

  /** Captures what {@code loggerName} and below write, at {@code level} (null: as configured). */
  public CapturedLogs(String loggerName, Level level) {
    logger = (Logger) LoggerFactory.getLogger(loggerName);
    previous = logger.getLevel();
    appender.start();
    logger.addAppender(appender);
    if (level != null) {
      logger.setLevel(level);
    }
  }

  /** Each event's formatted message, followed by the messages of its exception chain. */
  public List<String> lines() {
    var lines = new ArrayList<String>();
    for (var event : List.copyOf(appender.list)) {
      lines.add(event.getFormattedMessage());
      for (var thrown = event.getThrowableProxy(); thrown != null; thrown = thrown.getCause()) {
        lines.add(thrown.getMessage());
      }
    }
    return lines;
  }

  @Override
  public void close() {
    logger.detachAppender(appender);
    logger.setLevel(previous);
  }
}
