package dev.anvil.protocol.bus;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import io.lettuce.core.RedisConnectionException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.concurrent.ExecutionException;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;

/** A long outage costs one warning and one line when it ends, however often the component retried. */
class OutageLogTest {

  private final Logger logger = (Logger) LoggerFactory.getLogger("outage-log-test");
  private final ListAppender<ILoggingEvent> lines = new ListAppender<>();
  private Instant now = Instant.parse("2026-11-23T10:00:00Z");
  private final OutageLog outages = new OutageLog(logger, "command poller", "commands wait in Redis",
      new TestClock());

  OutageLogTest() {
    lines.start();
    logger.addAppender(lines);
  }

  @Test
  void oneWarningPerOutageAndOneLineWhenItEnds() {
    var refused = new ExecutionException(new RedisConnectionException("Connection refused: /127.0.0.1:6379"));
    for (var retry = 0; retry < 20; retry++) {
      outages.failed(refused);
      now = now.plusSeconds(1);
    }
    assertThat(outages.succeeded()).isTrue();
    assertThat(outages.succeeded()).as("only the first success ends the outage").isFalse();
    outages.failed(refused);

    assertThat(lines.list).extracting(ILoggingEvent::getLevel, ILoggingEvent::getFormattedMessage).containsExactly(
        tuple(Level.WARN, "command poller: the central Redis does not answer "
            + "(Connection refused: /127.0.0.1:6379); commands wait in Redis; retrying quietly until it does"),
        tuple(Level.INFO, "command poller: the central Redis answers again, after 20 s"),
        tuple(Level.WARN, "command poller: the central Redis does not answer "
            + "(Connection refused: /127.0.0.1:6379); commands wait in Redis; retrying quietly until it does"));
  }

  @Test
  void remembersWhenACallLastFailed() {
    assertThat(outages.failedWithin(Duration.ofSeconds(15))).isFalse();
    outages.failed(new RedisConnectionException("refused"));
    outages.succeeded();
    now = now.plusSeconds(14);
    assertThat(outages.failedWithin(Duration.ofSeconds(15))).isTrue();
    now = now.plusSeconds(1);
    assertThat(outages.failedWithin(Duration.ofSeconds(15))).isFalse();
  }

  /** Reads {@link #now}, which the tests move. */
  private final class TestClock extends Clock {

    @Override
    public ZoneId getZone() {
      return ZoneOffset.UTC;
    }

    @Override
    public Clock withZone(ZoneId zone) {
      return this;
    }

    @Override
    public Instant instant() {
      return now;
    }
  }
}
