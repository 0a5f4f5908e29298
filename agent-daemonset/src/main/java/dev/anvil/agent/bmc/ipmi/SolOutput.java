package dev.anvil.agent.bmc.ipmi;

import dev.anvil.agent.bmc.BmcException;
import java.util.ArrayDeque;
import java.util.Arrays;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The host output of a {@link SolSession} on its way to the listener, on a thread of its own: bounded, dropping the
 * oldest bytes when the listener does not keep up (as a serial line does), so that a slow viewer never stalls the
 * acknowledgements the BMC waits for. After {@link #finish} it hands over what is left, then the end.
 */
final class SolOutput {

  private static final Logger log = LoggerFactory.getLogger(SolOutput.class);

  private final SolSession.Listener listener;
  private final int capacity;
  private final String bmc;
  private final ReentrantLock lock = new ReentrantLock();
  private final Condition ready = lock.newCondition();
  private final ArrayDeque<byte[]> chunks = new ArrayDeque<>();
  private final Thread deliverer;
  private int bytes;
  private long dropped;
  private boolean done;
  private BmcException cause;

  SolOutput(SolSession.Listener listener, int capacity, String bmc) {
    this.listener = listener;
    this.capacity = capacity;
    this.bmc = bmc;
    this.deliverer = new Thread(this::deliverLoop, "sol-output-" + bmc);
    deliverer.setDaemon(true);
  }

  void start() {
    deliverer.start();
  }

  /** Queues host output, dropping the oldest beyond the capacity. */
  void offer(byte[] characters) {
    lock.lock();
    try {
      chunks.addLast(characters);
      bytes += characters.length;
      while (bytes > capacity) {
        var oldest = chunks.removeFirst();
        int drop = Math.min(bytes - capacity, oldest.length);
        if (drop < oldest.length) {
          chunks.addFirst(Arrays.copyOfRange(oldest, drop, oldest.length));
        }
        bytes -= drop;
        dropped += drop;
      }
      ready.signalAll();
    } finally {
      lock.unlock();
    }
  }

  /** Bytes dropped because the listener did not take them fast enough. */
  long dropped() {
    lock.lock();
    try {
      return dropped;
    } finally {
      lock.unlock();
    }
  }

  /**
   * No more output follows: the listener gets what is queued, then {@link SolSession.Listener#closed} with
   * {@code endCause} (null: closed by its owner). Only the first call counts.
   */
  void finish(BmcException endCause) {
    lock.lock();
    try {
      if (!done) {
        done = true;
        cause = endCause;
        ready.signalAll();
      }
    } finally {
      lock.unlock();
    }
  }

  /** Waits (a while) until the listener heard of the end; returns at once on the delivering thread itself. */
  void awaitDelivered() {
    if (Thread.currentThread() == deliverer) {
      return;
    }
    try {
      deliverer.join(TimeUnit.SECONDS.toMillis(5));
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  private void deliverLoop() {
    while (true) {
      byte[] chunk;
      lock.lock();
      try {
        while (chunks.isEmpty() && !done) {
          ready.awaitUninterruptibly();
        }
        if (chunks.isEmpty()) {
          break;
        }
        chunk = chunks.removeFirst();
        bytes -= chunk.length;
      } finally {
        lock.unlock();
      }
      try {
        listener.output(chunk);
      } catch (RuntimeException e) {
        log.warn("the Serial over LAN listener for {} failed on output", bmc, e);
      }
    }
    try {
      listener.closed(cause);
    } catch (RuntimeException e) {
      log.warn("the Serial over LAN listener for {} failed on close", bmc, e);
    }
  }
}
