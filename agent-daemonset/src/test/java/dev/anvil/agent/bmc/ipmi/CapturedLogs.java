package dev.anvil.agent.bmc.ipmi;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import java.util.ArrayList;
import java.util.List;
import org.slf4j.LoggerFactory;

/** Everything the IPMI package logs, down to DEBUG, while open: to prove a secret never reaches a log. */
final class CapturedLogs implements AutoCloseable {

  private final Logger logger = (Logger) LoggerFactory.getLogger(IpmiClient.class.getPackageName());
  private final Level previous = logger.getLevel();
  private final ListAppender<ILoggingEvent> appender = new ListAppender<>();

  CapturedLogs() {
    appender.start();
    logger.addAppender(appender);
    logger.setLevel(Level.DEBUG);
  }

  /** Each event's formatted message, followed by the messages of its exception chain. */
  List<String> lines() {
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
