package dev.anvil.agent.console;

import dev.anvil.agent.hub.ConsoleLink;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Moves the console streams' events onto the hub stream on a thread of its own, one event per stream in turn, and
 * only while the transport is ready: a stream the hub cannot take fills its own outbox (which drops or pushes back)
 * instead of gRPC's buffers, and never delays the gRPC threads, the reports or the heartbeats.
 */
final class ConsolePump implements AutoCloseable {

  private static final Logger LOG = LoggerFactory.getLogger(ConsolePump.class);
  /** The longest the pump sleeps before it looks again, in case a readiness signal raced past it. */
  private static final long RECHECK_MILLIS = 100;

  private final ReentrantLock lock = new ReentrantLock();
  private final Condition work = lock.newCondition();
  private final List<StreamOutbox> outboxes = new ArrayList<>();
  private final Thread thread;
  private ConsoleLink link;
  private int next;
  private boolean stopped;

  ConsolePump() {
    thread = new Thread(this::run, "console-pump");
    thread.setDaemon(true);
    thread.start();
  }

  /** A new stream's outbox, sent from by this pump. */
  StreamOutbox open(String streamId, int capacity, StreamOutbox.Overflow overflow) {
    var outbox = new StreamOutbox(streamId, capacity, overflow, this::wake);
    lock.lock();
    try {
      outboxes.add(outbox);
    } finally {
      lock.unlock();
    }
    return outbox;
  }

  void attach(ConsoleLink target) {
    lock.lock();
    try {
      link = target;
      work.signalAll();
    } finally {
      lock.unlock();
    }
  }

  /**
   * Stops sending to {@code target} (if it is still the link): every stream opened on it is over, so what their
   * outboxes hold (a refusal not yet sent, say) is dropped with them.
   */
  void detach(ConsoleLink target) {
    lock.lock();
    try {
      if (link == target) {
        link = null;
        outboxes.forEach(StreamOutbox::discard);
        outboxes.clear();
      }
    } finally {
      lock.unlock();
    }
  }

  /** Outboxes the pump still sends from. */
  int outboxes() {
    lock.lock();
    try {
      outboxes.removeIf(StreamOutbox::isFinished);
      return outboxes.size();
    } finally {
      lock.unlock();
    }
  }

  /** Something may be sendable now: an outbox got an event, or the transport became ready. */
  void wake() {
    lock.lock();
    try {
      work.signalAll();
    } finally {
      lock.unlock();
    }
  }

  private void run() {
    while (true) {
      StreamOutbox chosen;
      ConsoleLink target;
      lock.lock();
      try {
        while (true) {
          if (stopped) {
            return;
          }
          outboxes.removeIf(StreamOutbox::isFinished);
          target = link;
          chosen = target != null && target.isReady() ? nextPending() : null;
          if (chosen != null) {
            break;
          }
          work.await(RECHECK_MILLIS, TimeUnit.MILLISECONDS);
        }
      } catch (InterruptedException e) {
        return;
      } finally {
        lock.unlock();
      }
      var event = chosen.poll();
      if (event != null) {
        try {
          target.send(event);
        } catch (RuntimeException e) {
          LOG.warn("a console frame of stream {} could not be sent: {}", chosen.streamId(), e.toString());
        }
      }
    }
  }

  /** The next outbox with something to send after the one served last (callers hold the lock). */
  private StreamOutbox nextPending() {
    for (int i = 0; i < outboxes.size(); i++) {
      var outbox = outboxes.get((next + i) % outboxes.size());
      if (outbox.hasPending()) {
        next = (next + i + 1) % outboxes.size();
        return outbox;
      }
    }
    return null;
  }

  @Override
  public void close() {
    lock.lock();
    try {
      stopped = true;
      work.signalAll();
    } finally {
      lock.unlock();
    }
    try {
      thread.join(2_000);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
