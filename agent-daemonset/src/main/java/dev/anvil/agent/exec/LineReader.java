package dev.anvil.agent.exec;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.CompletableFuture;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Reads one output stream of a process to its end and cuts it into lines of at most {@link LogLine#MAX_BYTES}. */
final class LineReader implements Runnable {

  private static final Logger LOG = LoggerFactory.getLogger(LineReader.class);
  private static final int MAX = LogLine.MAX_BYTES;
  /** Below this much free space at the buffer's end, the pending bytes move to its start before the next read. */
  private static final int MIN_READ = 8 * 1024;

  private final String attemptId;
  private final InputStream in;
  private final LogStream stream;
  private final LineSequencer sink;
  private final CompletableFuture<Void> done = new CompletableFuture<>();

  LineReader(String attemptId, InputStream in, LogStream stream, LineSequencer sink) {
    this.attemptId = attemptId;
    this.in = in;
    this.stream = stream;
    this.sink = sink;
  }

  /** Completes when the stream ended (every writer closed it) and every line of it was delivered. */
  CompletableFuture<Void> done() {
    return done;
  }

  @Override
  public void run() {
    // Twice the line limit: a pending partial line never exceeds MAX, so a compaction always frees >= MAX.
    var buf = new byte[2 * MAX];
    int start = 0;
    int end = 0;
    try (in) {
      int n;
      while ((n = in.read(buf, end, buf.length - end)) >= 0) {
        int scan = end;
        end += n;
        for (int i = scan; i < end; i++) {
          if (buf[i] == '\n') {
            start = emitCut(buf, start, i);
            emit(buf, start, i, true);
            start = i + 1;
          }
        }
        // No newline remains in [start, end): what exceeds the limit is cut off now, the rest waits for more.
        start = emitCut(buf, start, end);
        if (start == end) {
          start = 0;
          end = 0;
        } else if (buf.length - end < MIN_READ) {
          System.arraycopy(buf, start, buf, 0, end - start);
          end -= start;
          start = 0;
        }
      }
      if (end > start) {
        emit(buf, start, end, false);
      }
    } catch (IOException e) {
      LOG.warn("attempt {}: reading {} failed; output after this point is lost", attemptId, stream, e);
    } catch (RuntimeException | Error e) {
      done.completeExceptionally(e);
      throw e;
    }
    done.complete(null);
  }

  /** Delivers leading pieces of MAX bytes while more than MAX remain before {@code to}; returns the new start. */
  private int emitCut(byte[] buf, int start, int to) {
    while (to - start > MAX) {
      int cut = characterBoundary(buf, start, start + MAX);
      emit(buf, start, cut, false);
      start = cut;
    }
    return start;
  }

  private void emit(byte[] buf, int from, int to, boolean terminated) {
    if (terminated && to > from && buf[to - 1] == '\r') {
      to--;
    }
    // The String constructor replaces malformed UTF-8 with U+FFFD, which is the decoding the log wants.
    sink.deliver(stream, new String(buf, from, to - from, StandardCharsets.UTF_8));
  }

  /** Moves a cut back onto the lead byte of a UTF-8 sequence so a split does not mangle that character. */
  private static int characterBoundary(byte[] buf, int start, int cut) {
    for (int back = 0; back < 3 && cut - 1 > start && (buf[cut] & 0xC0) == 0x80; back++) {
      cut--;
    }
    return cut;
  }
}
