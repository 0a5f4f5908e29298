package dev.anvil.operator.logs;

import java.io.IOException;
import java.io.Reader;

/**
 * Reads text lines of at most {@code maxChars} characters, dropping the rest of a longer line, so one runaway line
 * (a process printing megabytes without a newline) cannot take the operator's memory.
 */
final class BoundedLineReader {

  private final Reader in;
  private final int maxChars;
  private final char[] buffer = new char[8192];
  private int position;
  private int limit;

  BoundedLineReader(Reader in, int maxChars) {
    this.in = in;
    this.maxChars = maxChars;
  }

  /** The next line without its line break, or null at the end of the input. */
  String readLine() throws IOException {
    var line = new StringBuilder();
    var any = false;
    while (true) {
      if (position == limit) {
        limit = in.read(buffer);
        position = 0;
        if (limit <= 0) {
          limit = 0;
          return any ? line.toString() : null;
        }
      }
      any = true;
      var c = buffer[position++];
      if (c == '\n') {
        var length = line.length();
        if (length > 0 && line.charAt(length - 1) == '\r') {
          line.setLength(length - 1);
        }
        return line.toString();
      }
      if (line.length() < maxChars) {
        line.append(c);
      }
    }
  }

  /** Whether a line may be read without waiting for the Pod (what is buffered, or what the stream has ready). */
  boolean ready() throws IOException {
    return position < limit || in.ready();
  }
}
