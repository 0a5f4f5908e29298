package dev.anvil.agent.spool;

import io.lettuce.core.RedisClient;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.TreeMap;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentSkipListSet;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.ReentrantLock;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The agent's report spool: in its local Redis while that answers, in bounded memory while it does not, moving
 * memory back into Redis in order when it returns, so nothing is lost, duplicated or reordered on the way.
 *
 * <p>This spool numbers reports itself, under one lock, so sequence order is append order across producers and
 * numbering simply continues while Redis is away. Writes to Redis are issued under that lock (so they reach Redis
 * in sequence order) and awaited outside it (so concurrent producers share round trips). A write whose outcome is
 * unknown (connection lost before the reply) goes to memory with its number; flushing it later is idempotent
 * because {@link RedisReportSpool} skips numbers it already stored and refuses to skip one.
 */
public final class ResilientReportSpool implements ReportSpool {

  private static final Logger log = LoggerFactory.getLogger(ResilientReportSpool.class);

  private final SpoolSettings settings;
  private final RedisClient client;
  /** Reports not (known to be) in Redis: all of them while Redis is away, plus writes whose outcome was lost. */
  private final MemoryReportSpool memory;
  private final ReentrantLock appendLock = new ReentrantLock();
  /** Held while a report moves from "in flight to Redis" to memory, and while {@link #after} takes its snapshot. */
  private final ReentrantLock movement = new ReentrantLock();
  private final ConcurrentSkipListSet<Long> inFlight = new ConcurrentSkipListSet<>();
  private final AtomicLong acknowledged = new AtomicLong();
  /** Highest sequence this process knows Redis stored. */
  private final AtomicLong inRedisUpTo = new AtomicLong();
  private final ScheduledExecutorService reconnector;
  private final Object state = new Object();
  private volatile RedisReportSpool redis;
  /** Written under {@link #appendLock}; read without it, so a producer blocked for room blocks no reader. */
  private volatile long next;
  private boolean reconnectScheduled;
  private Duration backoff;
  private volatile boolean closed;

  private ResilientReportSpool(SpoolSettings settings) {
    this.settings = settings;
    this.backoff = settings.reconnectInitial();
    this.memory = new MemoryReportSpool(Math.max(1, settings.origin()), settings.memoryMaxBytes(),
        settings.memoryMaxEntries());
    this.client = RedisReportSpool.newClient(settings.redisUri(), settings.commandTimeout());
    this.reconnector = Executors.newSingleThreadScheduledExecutor(r -> {
      var thread = new Thread(r, "report-spool-reconnect");
      thread.setDaemon(true);
      return thread;
    });
  }

  /**
   * Opens the spool of {@code settings.agentId()}: in Redis when it answers now, otherwise in memory with one
   * warning, trying Redis again in the background.
   */
  public static ResilientReportSpool open(SpoolSettings settings) {
    var spool = new ResilientReportSpool(settings);
    spool.start();
    return spool;
  }

  private void start() {
    try {
      var opened = RedisReportSpool.open(client, settings.agentId(), settings.origin());
      next = opened.lastSequence() + 1;
      var oldest = opened.after(0, 1);
      acknowledged.set(oldest.isEmpty() ? next - 1 : oldest.get(0).sequence() - 1);
      inRedisUpTo.set(next - 1);
      redis = opened;
      log.info("Report spool in local Redis at {} for agent {}: {} unacknowledged reports kept from before, "
          + "next sequence {}", settings.redisUri(), settings.agentId(), opened.pending(), next);
    } catch (SpoolUnavailableException e) {
      next = settings.origin();
      acknowledged.set(next - 1);
      log.warn("No local Redis at {}: reports are held in memory (bounded, {} MiB) and are lost if the agent "
          + "restarts while disconnected", settings.redisUri(), settings.memoryMaxBytes() >> 20);
      scheduleReconnect();
    }
  }

  @Override
  public long append(byte[] payload) {
    if (payload.length > settings.memoryMaxBytes()) {
      throw new IllegalArgumentException("a report of " + payload.length + " bytes exceeds the spool's memory bound of "
          + settings.memoryMaxBytes() + " bytes");
    }
    RedisReportSpool target;
    CompletableFuture<Long> write = null;
    SpooledReport report;
    appendLock.lock();
    try {
      ensureOpen();
      report = new SpooledReport(next, payload);
      target = redis;
      if (target != null && memory.isEmpty()) {
        inFlight.add(report.sequence());
        write = issue(target, List.of(report));
      } else {
        memory.putWhenRoom(report);
      }
      next++;
    } finally {
      appendLock.unlock();
    }
    if (write != null) {
      confirm(target, write, List.of(report));
    }
    return report.sequence();
  }

  /** One script call per batch of up to {@value RedisReportSpool#MAX_BATCH} reports while Redis answers. */
  @Override
  public long appendAll(List<byte[]> payloads) {
    for (var payload : payloads) {
      if (payload.length > settings.memoryMaxBytes()) {
        throw new IllegalArgumentException("a report of " + payload.length + " bytes exceeds the spool's memory "
            + "bound of " + settings.memoryMaxBytes() + " bytes");
      }
    }
    RedisReportSpool target;
    var writes = new ArrayList<CompletableFuture<Long>>();
    var batches = new ArrayList<List<SpooledReport>>();
    long last;
    appendLock.lock();
    try {
      ensureOpen();
      target = redis;
      var direct = target != null && memory.isEmpty();
      var batch = new ArrayList<SpooledReport>();
      for (var payload : payloads) {
        var report = new SpooledReport(next, payload);
        if (direct) {
          inFlight.add(report.sequence());
          batch.add(report);
          if (batch.size() == RedisReportSpool.MAX_BATCH) {
            batches.add(batch);
            writes.add(issue(target, batch));
            batch = new ArrayList<>();
          }
        } else {
          memory.putWhenRoom(report);
        }
        next++;
      }
      if (!batch.isEmpty()) {
        batches.add(batch);
        writes.add(issue(target, batch));
      }
      last = next - 1;
    } finally {
      appendLock.unlock();
    }
    for (int i = 0; i < writes.size(); i++) {
      confirm(target, writes.get(i), batches.get(i));
    }
    return last;
  }

  /**
   * Unacknowledged reports after {@code sequence}, in order and without holes: the answer stops before a report
   * whose write to Redis is still unanswered, and before reports that only the unreachable Redis holds.
   */
  @Override
  public List<SpooledReport> after(long sequence, int max) {
    var merged = new TreeMap<Long, byte[]>();
    long barrier = Long.MAX_VALUE;
    var from = Math.max(sequence, acknowledged.get());
    movement.lock();
    try {
      // one read: confirm() removes confirmed writes without the movement lock, so isEmpty() then first() can throw
      var oldestUnanswered = inFlight.ceiling(Long.MIN_VALUE);
      if (oldestUnanswered != null) {
        barrier = oldestUnanswered;
      }
      for (var report : memory.after(from, max)) {
        merged.put(report.sequence(), report.payload());
      }
      var target = redis;
      var redisRead = false;
      if (target != null) {
        try {
          for (var report : target.after(from, max)) {
            merged.putIfAbsent(report.sequence(), report.payload());
          }
          redisRead = true;
        } catch (SpoolUnavailableException e) {
          degrade(target, e);
        }
      }
      if (!redisRead) {
        long expected = from + 1;
        for (var key : merged.keySet()) {
          if (key != expected) {
            break;
          }
          expected++;
        }
        if (expected <= inRedisUpTo.get()) {
          barrier = Math.min(barrier, expected);
        }
      }
    } finally {
      movement.unlock();
    }
    var result = new ArrayList<SpooledReport>(Math.min(max, merged.size()));
    for (var entry : merged.headMap(barrier, false).entrySet()) {
      if (result.size() == max) {
        break;
      }
      result.add(new SpooledReport(entry.getKey(), entry.getValue()));
    }
    return result;
  }

  @Override
  public void acknowledge(long upToSequence) {
    acknowledged.accumulateAndGet(upToSequence, Math::max);
    memory.acknowledge(upToSequence);
    var target = redis;
    if (target != null) {
      try {
        target.acknowledge(upToSequence);
      } catch (SpoolUnavailableException e) {
        degrade(target, e); // applied again once Redis is back
      }
    }
  }

  @Override
  public long lastSequence() {
    return next - 1;
  }

  /** Sequence numbers between the last acknowledgement and the last append. */
  @Override
  public long pending() {
    return Math.max(0, lastSequence() - acknowledged.get());
  }

  @Override
  public SpoolMode mode() {
    return redis != null ? SpoolMode.REDIS : SpoolMode.MEMORY;
  }

  @Override
  public void close() {
    synchronized (state) {
      if (closed) {
        return;
      }
      closed = true;
    }
    reconnector.shutdownNow();
    memory.close();
    var unflushed = memory.pending();
    if (unflushed > 0) {
      log.warn("Report spool closed with {} reports only in memory: they are lost", unflushed);
    }
    var target = redis;
    redis = null;
    if (target != null) {
      target.close();
    }
    client.shutdown(Duration.ZERO, Duration.ofSeconds(2));
  }

  private CompletableFuture<Long> issue(RedisReportSpool target, List<SpooledReport> reports) {
    try {
      return target.storeAsync(reports);
    } catch (RuntimeException e) {
      return CompletableFuture.failedFuture(e);
    }
  }

  private void confirm(RedisReportSpool target, CompletableFuture<Long> write, List<SpooledReport> reports) {
    try {
      long stored = target.await(write);
      inRedisUpTo.accumulateAndGet(stored, Math::max);
      for (var report : reports) {
        inFlight.remove(report.sequence());
      }
    } catch (SpoolUnavailableException e) {
      movement.lock();
      try {
        for (var report : reports) {
          memory.putRegardless(report);
          inFlight.remove(report.sequence());
        }
      } finally {
        movement.unlock();
      }
      degrade(target, e);
    }
  }

  /** Redis failed: reports go to memory until the reconnector has moved memory back into Redis. */
  private void degrade(RedisReportSpool failed, Exception cause) {
    synchronized (state) {
      if (closed) {
        return;
      }
      var current = redis;
      if (current != null) {
        redis = null;
        current.close();
        if (current == failed) {
          log.warn("Local Redis at {} failed ({}): reports are held in memory until it is back",
              settings.redisUri(), cause.getMessage());
        }
      }
      if (failed != current) {
        failed.close();
      }
      scheduleReconnect();
    }
  }

  private void scheduleReconnect() {
    synchronized (state) {
      if (closed || reconnectScheduled) {
        return;
      }
      reconnectScheduled = true;
      reconnector.schedule(this::reconnect, backoff.toMillis(), TimeUnit.MILLISECONDS);
      var doubled = backoff.multipliedBy(2);
      backoff = doubled.compareTo(settings.reconnectMax()) > 0 ? settings.reconnectMax() : doubled;
    }
  }

  private void reconnect() {
    synchronized (state) {
      reconnectScheduled = false;
      if (closed) {
        return;
      }
    }
    RedisReportSpool candidate = null;
    try {
      candidate = RedisReportSpool.open(client, settings.agentId(), settings.origin());
      var flushed = moveMemoryInto(candidate);
      synchronized (state) {
        backoff = settings.reconnectInitial();
      }
      log.info("Local Redis at {} is back: {} reports moved from memory into it", settings.redisUri(), flushed);
    } catch (RuntimeException e) {
      if (candidate != null) {
        candidate.close();
      }
      log.debug("Local Redis at {} still unavailable: {}", settings.redisUri(), e.getMessage());
      scheduleReconnect();
    }
  }

  /** Writes memory into Redis in order, then switches appends to Redis once memory is empty. */
  private long moveMemoryInto(RedisReportSpool candidate) {
    long lastAssigned = lastSequence();
    long floor = memory.firstSequence().orElse(lastAssigned + 1) - 1;
    var stored = candidate.storedAtOpen();
    if (stored.isPresent() && stored.getAsLong() > lastAssigned) {
      log.error("Local Redis at {} has sequence {} for agent {}, beyond this agent's {}: is another agent writing "
          + "with the same id?", settings.redisUri(), stored.getAsLong(), settings.agentId(), lastAssigned);
    }
    if (stored.isEmpty() || stored.getAsLong() < floor) {
      long lost = Math.min(inRedisUpTo.get(), floor) - Math.max(acknowledged.get(), stored.orElse(0));
      if (lost > 0 && inRedisUpTo.get() > 0) {
        log.error("Local Redis at {} came back without {} unacknowledged reports it had stored: it restarted without "
            + "its data (run it with appendonly yes)", settings.redisUri(), lost);
      }
      candidate.raiseCounterTo(floor);
    }
    if (acknowledged.get() > 0) {
      candidate.acknowledge(acknowledged.get());
    }
    long moved = 0;
    while (true) {
      var batch = memory.after(0, RedisReportSpool.MAX_BATCH);
      if (batch.isEmpty()) {
        appendLock.lock();
        try {
          if (memory.isEmpty()) {
            synchronized (state) {
              if (closed) {
                throw new SpoolClosedException();
              }
              redis = candidate;
            }
            inRedisUpTo.accumulateAndGet(next - 1, Math::max);
            return moved;
          }
        } finally {
          appendLock.unlock();
        }
        continue;
      }
      long last = candidate.await(candidate.storeAsync(batch));
      inRedisUpTo.accumulateAndGet(last, Math::max);
      memory.acknowledge(batch.get(batch.size() - 1).sequence());
      moved += batch.size();
    }
  }

  private void ensureOpen() {
    if (closed) {
      throw new SpoolClosedException();
    }
  }
}
