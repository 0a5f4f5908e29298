package dev.anvil.apiserver.logs;

import dev.anvil.protocol.AttemptId;
import dev.anvil.protocol.bus.BusKeys;
import io.lettuce.core.Limit;
import io.lettuce.core.Range;
import io.lettuce.core.Range.Boundary;
import io.lettuce.core.api.sync.RedisCommands;
import java.io.IOException;
import java.io.OutputStream;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.LockSupport;

/**
 * Streams one attempt's log from its Redis stream to an output stream a page at a time, so a log of any length is
 * served in the memory of one page.
 *
 * <p>Following polls with XRANGE on the shared connection rather than XREAD BLOCK: a blocking read would need a
 * Redis connection per follower, a poll needs none, and a caught-up follower costs one cheap XRANGE per
 * {@code followPoll}. It ends once the {@code :done} marker is set and everything before it is written.
 */
public final class AttemptLogReader {

  private final RedisCommands<String, byte[]> redis;
  private final LogsProperties properties;
  private final AtomicInteger active = new AtomicInteger();
  private volatile boolean stopping;

  public AttemptLogReader(RedisCommands<String, byte[]> redis, LogsProperties properties) {
    this.redis = redis;
    this.properties = properties;
  }

  /** Whether Redis holds any of the attempt's log, or its done marker. */
  public boolean exists(AttemptId attempt) {
    return redis.exists(BusKeys.log(attempt), BusKeys.logDone(attempt)) > 0;
  }

  /**
   * Ends every follow at its next poll (the client sees the stream end, as when the follow timeout passes), so a
   * replica shutting down is not held by followers until the graceful-shutdown timeout.
   */
  public void stopFollowing() {
    stopping = true;
  }

  /** Log responses being written right now (a follower whose client went away leaves at its next write). */
  public int active() {
    return active.get();
  }

  /**
   * Writes the attempt's log to {@code out}; returns when it is written (or, following, when the log is complete or
   * the follow timeout passed).
   *
   * @throws IOException when the client went away: reading stops with it
   */
  public void write(AttemptId attempt, LogQuery query, OutputStream out) throws IOException {
    active.incrementAndGet();
    try {
      copy(attempt, query, out);
    } finally {
      active.decrementAndGet();
    }
  }

  private void copy(AttemptId attempt, LogQuery query, OutputStream out) throws IOException {
    var key = BusKeys.log(attempt);
    var doneKey = BusKeys.logDone(attempt);
    var format = new LogLineFormat(query.timestamps());
    var pageSize = properties.pageSize();
    var deadline = System.nanoTime() + properties.followTimeout().toNanos();
    var from = query.tailLines() == null ? Boundary.<String>unbounded() : tailStart(key, query.tailLines());
    var doneSeen = false;
    // the response headers go out now, so a follower of a quiet log knows it is connected
    out.flush();
    while (true) {
      var page = redis.xrange(key, Range.from(from, Boundary.unbounded()), Limit.from(pageSize));
      for (var entry : page) {
        format.write(entry.getBody(), out);
      }
      if (!page.isEmpty()) {
        from = Boundary.excluding(page.get(page.size() - 1).getId());
        out.flush();
      }
      if (page.size() == pageSize) {
        continue;
      }
      if (!query.follow() || doneSeen || stopping || System.nanoTime() - deadline > 0) {
        return;
      }
      // the marker is set after the attempt's last line is stored: one more pass reads whatever came before it
      if (redis.exists(doneKey) > 0) {
        doneSeen = true;
        continue;
      }
      LockSupport.parkNanos(properties.followPoll().toNanos());
      if (Thread.interrupted()) {
        return;
      }
    }
  }

  /**
   * Where the last {@code lines} lines start, found by paging backwards with XREVRANGE COUNT and keeping only the
   * oldest id seen, so a large tail costs one page of memory too.
   */
  private Boundary<String> tailStart(String key, long lines) {
    if (lines == 0) {
      var last = redis.xrevrange(key, Range.unbounded(), Limit.from(1));
      return last.isEmpty() ? Boundary.unbounded() : Boundary.excluding(last.get(0).getId());
    }
    var remaining = lines;
    Boundary<String> upper = Boundary.unbounded();
    String oldest = null;
    while (remaining > 0) {
      var count = (int) Math.min(remaining, properties.pageSize());
      var page = redis.xrevrange(key, Range.from(Boundary.unbounded(), upper), Limit.from(count));
      if (page.isEmpty()) {
        break;
      }
      oldest = page.get(page.size() - 1).getId();
      remaining -= page.size();
      if (page.size() < count) {
        break;
      }
      upper = Boundary.excluding(oldest);
    }
    return oldest == null ? Boundary.unbounded() : Boundary.including(oldest);
  }
}
