package dev.anvil.apiserver.logs;

import static java.nio.charset.StandardCharsets.UTF_8;

import java.io.IOException;
import java.io.OutputStream;
import java.time.Instant;
import java.util.Map;

/** Writes one stored log entry as a text line, optionally prefixed with its RFC 3339 time like kubectl's. */
final class LogLineFormat {

  private static final byte[] NEWLINE = {'\n'};
  private static final byte[] SPACE = {' '};

  private final boolean timestamps;

  LogLineFormat(boolean timestamps) {
    this.timestamps = timestamps;
  }

  void write(Map<String, byte[]> fields, OutputStream out) throws IOException {
    if (timestamps) {
      out.write(timestamp(fields.get("time")).getBytes(UTF_8));
      out.write(SPACE);
    }
    var text = fields.get("text");
    if (text != null) {
      out.write(text);
    }
    out.write(NEWLINE);
  }

  /** Milliseconds since the epoch as UTC RFC 3339 with a fixed millisecond fraction, e.g. 2026-01-02T03:04:05.060Z. */
  static String timestamp(byte[] epochMillis) {
    var millis = epochMillis == null ? 0 : Long.parseLong(new String(epochMillis, UTF_8));
    var instant = Instant.ofEpochMilli(millis);
    var text = instant.toString();
    // Instant.toString drops a zero fraction; keep the width constant so columns line up
    return instant.getNano() == 0 ? text.substring(0, text.length() - 1) + ".000Z" : text;
  }
}
