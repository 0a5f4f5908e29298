package dev.anvil.agent.exec;

import java.time.Instant;
import java.util.Objects;

/**
 * One line of a process's output, numbered across both streams of its attempt.
 *
 * @param seq position in the attempt's output, from 1, one counter for stdout and stderr together
 * @param stream the stream the line was read from
 * @param text the line without its terminator ({@code \n} or {@code \r\n}); a line longer than
 *     {@link #MAX_BYTES} UTF-8 bytes arrives as several consecutive lines
 * @param timestamp when the agent read the line
 */
public record LogLine(long seq, LogStream stream, String text, Instant timestamp) {

  /** Longest line, in bytes of the process's output, delivered as one {@code LogLine}. */
  public static final int MAX_BYTES = 64 * 1024;

  public LogLine {
    if (seq < 1) {
      throw new IllegalArgumentException("seq starts at 1, got " + seq);
    }
    Objects.requireNonNull(stream, "stream");
    Objects.requireNonNull(text, "text");
    Objects.requireNonNull(timestamp, "timestamp");
  }
}
