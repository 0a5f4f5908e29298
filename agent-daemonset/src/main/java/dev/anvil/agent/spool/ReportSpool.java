package dev.anvil.agent.spool;

import java.util.List;

/**
 * Holds what the agent reports until the hub acknowledges it, numbering every report so it reaches the hub exactly
 * once and in order.
 *
 * <p>Sequence numbers are strictly increasing and never reused; the hub de-duplicates by (agent, sequence), so a
 * replay after a reconnect may resend anything not yet acknowledged.
 */
public interface ReportSpool extends AutoCloseable {

  /**
   * Stores {@code payload} under the next sequence number and returns that number once it is stored. May block
   * while a bounded spool is full (backpressure: a spool never drops a report).
   */
  long append(byte[] payload);

  /** Appends several payloads in order under consecutive sequence numbers; returns the last one. */
  default long appendAll(List<byte[]> payloads) {
    long last = lastSequence();
    for (var payload : payloads) {
      last = append(payload);
    }
    return last;
  }

  /** Up to {@code max} unacknowledged reports with a sequence greater than {@code sequence}, in order. */
  List<SpooledReport> after(long sequence, int max);

  /** The hub stored every report up to and including {@code upToSequence}: they are dropped. */
  void acknowledge(long upToSequence);

  /** The sequence number of the last appended report (one below the first number the spool will assign). */
  long lastSequence();

  /** How many appended reports are not yet acknowledged. */
  long pending();

  SpoolMode mode();

  @Override
  void close();
}
