package dev.anvil.protocol.bus;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import org.slf4j.Logger;

/**
 * What one component logs about central Redis outages: a warning at its first failed call, one line when a call
 * succeeds again, and nothing in between however often it retries, so a long outage costs two lines, not a flood.
 */
public final class OutageLog {

  private final Logger log;
  private final String component;
  private final String meanwhile;
  private final Clock clock;
  private Instant since;
  private Instant lastFailure;

  /**
   * @param component who is speaking, e.g. {@code "command poller"}
   * @param meanwhile what happens until Redis answers, e.g. {@code "commands wait in Redis"}
   */
  public OutageLog(Logger log, String component, String meanwhile, Clock clock) {
    this.log = log;
    this.component = component;
    this.meanwhile = meanwhile;
    this.clock = clock;
  }

  /** A call failed; warns if it is the first failure since Redis last answered. */
  public void failed(Throwable error) {
    Instant started;
    synchronized (this) {
      lastFailure = clock.instant();
      started = since == null ? lastFailure : null;
      if (started != null) {
        since = started;
      }
    }
    if (started != null) {
      log.warn("{}: the central Redis does not answer ({}); {}; retrying quietly until it does", component,
          describe(error), meanwhile);
    }
  }

  /** A call succeeded; returns true (and says so) when that ends an outage. */
  public boolean succeeded() {
    Duration lasted;
    synchronized (this) {
      if (since == null) {
        return false;
      }
      lasted = Duration.between(since, clock.instant());
      since = null;
    }
    log.info("{}: the central Redis answers again, after {} s", component, Math.max(1, lasted.toSeconds()));
    return true;
  }

  /** Whether a call failed within {@code window} before now. */
  public synchronized boolean failedWithin(Duration window) {
    return lastFailure != null && lastFailure.plus(window).isAfter(clock.instant());
  }

  /** The root cause's message: the wrappers (ExecutionException, CompletionException, ours) only repeat it. */
  private static String describe(Throwable error) {
    var cause = error;
    while (cause.getCause() != null) {
      cause = cause.getCause();
    }
    return cause.getMessage() == null ? cause.getClass().getSimpleName() : cause.getMessage();
  }
}
