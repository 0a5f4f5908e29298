package dev.anvil.agent.console;

import com.google.protobuf.ByteString;
import dev.anvil.protocol.agent.v1.ConsoleClosed;
import dev.anvil.protocol.agent.v1.ConsoleData;
import dev.anvil.protocol.agent.v1.ConsoleEvent;
import dev.anvil.protocol.agent.v1.ConsoleRole;
import java.io.ByteArrayOutputStream;
import java.util.ArrayDeque;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;

/**
 * One console stream's events on their way to the hub, bounded: output beyond the capacity either drops the oldest
 * bytes (serial, which keeps flowing like a serial line) or blocks its producer (VNC, whose socket reader then stops
 * reading, pushing back to the BMC). Role and close events are never dropped and keep their order with the output.
 * Output seq numbers are given when a frame leaves, so dropped bytes leave no gap; adjacent output is sent as one
 * frame of at most {@link #MAX_FRAME} bytes.
 */
final class StreamOutbox {

  static final int MAX_FRAME = 64 * 1024;

  /** What output beyond the capacity does. */
  enum Overflow {
    DROP_OLDEST,
    BLOCK
  }

  private final String streamId;
  private final int capacity;
  private final Overflow overflow;
  private final Runnable wake;
  private final ReentrantLock lock = new ReentrantLock();
  private final Condition space = lock.newCondition();
  /** ConsoleEvent (role, close) or Chunk (output), in order. */
  private final ArrayDeque<Object> queue = new ArrayDeque<>();
  private int bytes;
  private long dropped;
  private long outputSeq;
  /** A close event is queued: nothing follows it. */
  private boolean closing;
  /** Nothing more leaves: the close event left, or the stream was discarded. */
  private boolean finished;

  /** @param wake told (outside the outbox's lock) when there is something to send */
  StreamOutbox(String streamId, int capacity, Overflow overflow, Runnable wake) {
    if (capacity < MAX_FRAME) {
      throw new IllegalArgumentException("an outbox holds one frame at least");
    }
    this.streamId = streamId;
    this.capacity = capacity;
    this.overflow = overflow;
    this.wake = wake;
  }

  String streamId() {
    return streamId;
  }

  /** The stream is open in this role. */
  void opened(boolean writer, String message) {
    control(ConsoleEvent.newBuilder().setStreamId(streamId)
        .setOpened(ConsoleRole.newBuilder().setWriter(writer).setMessage(message)).build());
  }

  /** The stream's role changed. */
  void role(boolean writer, String message) {
    control(ConsoleEvent.newBuilder().setStreamId(streamId)
        .setRole(ConsoleRole.newBuilder().setWriter(writer).setMessage(message)).build());
  }

  /** The agent ends the stream: output still queued goes first, then the ConsoleClosed; only the first close counts. */
  void close(CloseReason reason, String message) {
    control(ConsoleEvent.newBuilder().setStreamId(streamId)
        .setClosed(ConsoleClosed.newBuilder().setReason(reason.name()).setMessage(message)).build());
  }

  private void control(ConsoleEvent event) {
    lock.lock();
    try {
      if (closing || finished) {
        return;
      }
      queue.addLast(event);
      closing = event.hasClosed();
      space.signalAll();
    } finally {
      lock.unlock();
    }
    wake.run();
  }

  /**
   * Queues output; with {@link Overflow#BLOCK} waits while the outbox is full. False once the stream is closing or
   * discarded: the producer stops.
   */
  boolean output(byte[] data) throws InterruptedException {
    if (data.length == 0) {
      return !isClosing();
    }
    lock.lock();
    try {
      while (overflow == Overflow.BLOCK && bytes + data.length > capacity && bytes > 0 && !closing && !finished) {
        space.await(100, TimeUnit.MILLISECONDS);
      }
      if (closing || finished) {
        return false;
      }
      queue.addLast(new Chunk(data));
      bytes += data.length;
      if (overflow == Overflow.DROP_OLDEST) {
        dropOldest();
      }
    } finally {
      lock.unlock();
    }
    wake.run();
    return true;
  }

  private void dropOldest() {
    for (var item : queue) {
      if (bytes <= capacity) {
        return;
      }
      if (item instanceof Chunk oldest) {
        int drop = Math.min(bytes - capacity, oldest.remaining());
        oldest.skip(drop);
        bytes -= drop;
        dropped += drop;
      }
    }
    queue.removeIf(item -> item instanceof Chunk chunk && chunk.remaining() == 0);
  }

  /** Output bytes not yet sent; the oldest may be skipped. */
  private static final class Chunk {
    private final byte[] data;
    private int offset;

    Chunk(byte[] data) {
      this.data = data;
    }

    int remaining() {
      return data.length - offset;
    }

    void skip(int n) {
      offset += n;
    }

    /** Moves up to {@code max} bytes into {@code to}; how many. */
    int moveTo(ByteArrayOutputStream to, int max) {
      int n = Math.min(max, remaining());
      to.write(data, offset, n);
      offset += n;
      return n;
    }
  }

  /** The next event to send (adjacent output joined into one frame), or null when there is none. */
  ConsoleEvent poll() {
    lock.lock();
    try {
      var head = queue.peekFirst();
      if (head == null || finished) {
        return null;
      }
      if (head instanceof ConsoleEvent event) {
        queue.removeFirst();
        if (event.hasClosed()) {
          finished = true;
          queue.clear();
        }
        return event;
      }
      var frame = new ByteArrayOutputStream();
      while (queue.peekFirst() instanceof Chunk chunk && frame.size() < MAX_FRAME) {
        bytes -= chunk.moveTo(frame, MAX_FRAME - frame.size());
        if (chunk.remaining() == 0) {
          queue.removeFirst();
        }
      }
      space.signalAll();
      return ConsoleEvent.newBuilder().setStreamId(streamId).setOutput(ConsoleData.newBuilder()
          .setSeq(++outputSeq).setData(ByteString.copyFrom(frame.toByteArray()))).build();
    } finally {
      lock.unlock();
    }
  }

  boolean hasPending() {
    lock.lock();
    try {
      return !finished && !queue.isEmpty();
    } finally {
      lock.unlock();
    }
  }

  /** Nothing more will leave: its close left, or it was discarded. */
  boolean isFinished() {
    lock.lock();
    try {
      return finished;
    } finally {
      lock.unlock();
    }
  }

  boolean isClosing() {
    lock.lock();
    try {
      return closing || finished;
    } finally {
      lock.unlock();
    }
  }

  /** The viewer left or the hub stream is gone: nothing queued or later leaves; a blocked producer returns. */
  void discard() {
    lock.lock();
    try {
      finished = true;
      queue.clear();
      bytes = 0;
      space.signalAll();
    } finally {
      lock.unlock();
    }
    wake.run();
  }

  /** Output bytes dropped because the hub stream did not take them fast enough. */
  long dropped() {
    lock.lock();
    try {
      return dropped;
    } finally {
      lock.unlock();
    }
  }

  /** Output bytes queued. */
  int queuedBytes() {
    lock.lock();
    try {
      return bytes;
    } finally {
      lock.unlock();
    }
  }
}
