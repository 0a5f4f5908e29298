package dev.anvil.agent.exec;

import java.time.Instant;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Numbers the lines of both output streams of one attempt and hands them to the listener one at a time. */
final class LineSequencer {

  private static final Logger LOG = LoggerFactory.getLogger(LineSequencer.class);

  private final String attemptId;
  private final ProcessListener listener;
  private long seq;
  private boolean listenerFailed;

  LineSequencer(String attemptId, ProcessListener listener) {
    this.attemptId = attemptId;
    this.listener = listener;
  }

  /**
   * Delivers one line. The listener runs inside the lock on purpose: numbering and delivery stay in the same
   * order, and a blocked listener stops both readers, which is the backpressure the spool relies on.
   */
  synchronized void deliver(LogStream stream, String text) {
    var line = new LogLine(++seq, stream, text, Instant.now());
    try {
      listener.onLine(line);
    } catch (RuntimeException e) {
      // Stopping to read would block the process on a full pipe forever; losing the listener's view of one
      // line is the lesser harm. Logged once so a broken listener cannot flood the agent's own log.
      if (!listenerFailed) {
        listenerFailed = true;
        LOG.warn("attempt {}: log listener failed on line {}; further failures are not logged", attemptId, seq, e);
      }
    }
  }

  synchronized long lastSeq() {
    return seq;
  }
}
