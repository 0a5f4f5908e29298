package dev.anvil.operator.logs;

import java.time.Instant;
import java.time.format.DateTimeParseException;

/**
 * One line of a Pod's log as the API serves it with {@code timestamps=true}: the kubelet's RFC 3339 (nanosecond)
 * time, a space, the text.
 *
 * @param time      when the container wrote it
 * @param timestamp the time as the kubelet wrote it, kept so a resumed copy can tell lines apart to the nanosecond
 * @param text      the line
 */
record PodLogLine(Instant time, String timestamp, String text) {

  /**
   * Parses a timestamped line, or returns null for a line without a readable time: with {@code timestamps=true} the
   * kubelet prefixes every line, so such a line is not the container's (e.g. an error Status the API sent instead).
   */
  static PodLogLine parse(String line) {
    var space = line.indexOf(' ');
    if (space > 0) {
      var timestamp = line.substring(0, space);
      try {
        return new PodLogLine(Instant.parse(timestamp), timestamp, line.substring(space + 1));
      } catch (DateTimeParseException e) {
        // not a log line
      }
    }
    return null;
  }
}
