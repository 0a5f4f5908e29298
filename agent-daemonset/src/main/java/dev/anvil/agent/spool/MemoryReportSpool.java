package dev.anvil.agent.spool;

import java.util.ArrayList;
import java.util.List;
import java.util.OptionalLong;
import java.util.TreeMap;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;

/**
 * A bounded report spool in the heap: when full, {@link #append} blocks until acknowledgements free room, so a slow
 * or absent hub slows producers down instead of losing reports.
 *
 * <p>Both bounds (bytes of payload and number of entries) are checked before an append; a payload larger than the
 * byte bound on its own is refused, since it could never fit.
 */
public final class MemoryReportSpool implements ReportSpool {

  private final long maxBytes;
  private final int maxEntries;
  private final ReentrantLock lock = new ReentrantLock();
  private final Condition changed = lock.newCondition();
  private final TreeMap<Long, byte[]> entries = new TreeMap<>();
  private long bytes;
  private long next;
  private boolean closed;

  /** An empty spool whose first append gets {@code firstSequence}. */
  public MemoryReportSpool(long firstSequence, long maxBytes, int maxEntries) {
    if (firstSequence < 1 || maxBytes < 1 || maxEntries < 1) {
      throw new IllegalArgumentException("firstSequence, maxBytes and maxEntries must be positive");
    }
    this.next = firstSequence;
    this.maxBytes = maxBytes;
    this.maxEntries = maxEntries;
  }

  @Override
  public long append(byte[] payload) {
    lock.lock();
    try {
      awaitRoom(payload.length);
      long sequence = next++;
      insert(sequence, payload);
      return sequence;
    } finally {
      lock.unlock();
    }
  }

  @Override
  public List<SpooledReport> after(long sequence, int max) {
    lock.lock();
    try {
      var result = new ArrayList<SpooledReport>(Math.min(max, entries.size()));
      for (var entry : entries.tailMap(sequence, false).entrySet()) {
        if (result.size() >= max) {
          break;
        }
        result.add(new SpooledReport(entry.getKey(), entry.getValue()));
      }
      return result;
    } finally {
      lock.unlock();
    }
  }

  @Override
  public void acknowledge(long upToSequence) {
    lock.lock();
    try {
      var dropped = entries.headMap(upToSequence, true);
      if (!dropped.isEmpty()) {
        for (var payload : dropped.values()) {
          bytes -= payload.length;
        }
        dropped.clear();
        changed.signalAll();
      }
    } finally {
      lock.unlock();
    }
  }

  @Override
  public long lastSequence() {
    lock.lock();
    try {
      return next - 1;
    } finally {
      lock.unlock();
    }
  }

  @Override
  public long pending() {
    lock.lock();
    try {
      return entries.size();
    } finally {
      lock.unlock();
    }
  }

  @Override
  public SpoolMode mode() {
    return SpoolMode.MEMORY;
  }

  /** Wakes producers blocked for room; they and later callers get {@link SpoolClosedException}. */
  @Override
  public void close() {
    lock.lock();
    try {
      closed = true;
      changed.signalAll();
    } finally {
      lock.unlock();
    }
  }

  public long maxBytes() {
    return maxBytes;
  }

  /** Blocks until a payload of {@code size} bytes fits, then keeps the report numbered by the caller. */
  void putWhenRoom(SpooledReport report) {
    lock.lock();
    try {
      awaitRoom(report.payload().length);
      insert(report.sequence(), report.payload());
    } finally {
      lock.unlock();
    }
  }

  /** Keeps a report numbered by the caller even beyond the bounds: it was already promised to be kept. */
  void putRegardless(SpooledReport report) {
    lock.lock();
    try {
      if (!entries.containsKey(report.sequence())) {
        insert(report.sequence(), report.payload());
      }
    } finally {
      lock.unlock();
    }
  }

  OptionalLong firstSequence() {
    lock.lock();
    try {
      return entries.isEmpty() ? OptionalLong.empty() : OptionalLong.of(entries.firstKey());
    } finally {
      lock.unlock();
    }
  }

  boolean isEmpty() {
    return pending() == 0;
  }

  private void awaitRoom(int size) {
    if (size > maxBytes) {
      throw new IllegalArgumentException("a report of " + size + " bytes exceeds the spool's bound of " + maxBytes);
    }
    while (!closed && (entries.size() >= maxEntries || bytes + size > maxBytes)) {
      try {
        changed.await();
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new IllegalStateException("interrupted while waiting for room in the report spool", e);
      }
    }
    if (closed) {
      throw new SpoolClosedException();
    }
  }

  private void insert(long sequence, byte[] payload) {
    entries.put(sequence, payload);
    bytes += payload.length;
    next = Math.max(next, sequence + 1);
  }
}
