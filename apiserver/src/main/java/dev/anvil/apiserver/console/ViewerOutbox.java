package dev.anvil.apiserver.console;

import java.io.IOException;
import java.util.ArrayDeque;
import java.util.concurrent.Executor;
import org.springframework.web.socket.BinaryMessage;
import org.springframework.web.socket.CloseStatus;
import org.springframework.web.socket.TextMessage;
import org.springframework.web.socket.WebSocketMessage;
import org.springframework.web.socket.WebSocketSession;

/**
 * What is on its way to one viewer's WebSocket, sent in order by one task at a time on a shared pool, so a slow
 * viewer never holds up the Redis thread that delivers every stream's frames. At most {@code limit} bytes of output
 * wait: past it a serial console loses its oldest output (the console keeps flowing), a VNC stream is ended (a
 * screen with a hole in it is worse than a reconnect).
 */
final class ViewerOutbox {

  private final WebSocketSession session;
  private final Executor pool;
  private final long limit;
  private final boolean dropOldest;
  private final ArrayDeque<WebSocketMessage<?>> queue = new ArrayDeque<>();
  private long queuedBytes;
  private boolean draining;
  private CloseStatus closing;
  private boolean overflowed;

  ViewerOutbox(WebSocketSession session, Executor pool, long limit, boolean dropOldest) {
    this.session = session;
    this.pool = pool;
    this.limit = limit;
    this.dropOldest = dropOldest;
  }

  /** Queues output; false when it overflowed a stream that may not lose output (the caller ends it). */
  synchronized boolean output(byte[] bytes) {
    if (closing != null) {
      return true;
    }
    queue.add(new BinaryMessage(bytes));
    queuedBytes += bytes.length;
    while (queuedBytes > limit) {
      if (!dropOldest) {
        overflowed = true;
        return false;
      }
      dropOldestOutput();
    }
    schedule();
    return true;
  }

  synchronized void notice(String json) {
    if (closing == null) {
      queue.add(new TextMessage(json));
      schedule();
    }
  }

  /**
   * Closes the socket with {@code status} once what is queued has been sent; an overflowed stream drops what
   * waits.
   */
  synchronized void close(CloseStatus status) {
    if (closing != null) {
      return;
    }
    closing = status;
    if (overflowed) {
      queue.removeIf(BinaryMessage.class::isInstance);
    }
    schedule();
  }

  private void dropOldestOutput() {
    for (var it = queue.iterator(); it.hasNext(); ) {
      var message = it.next();
      if (message instanceof BinaryMessage binary) {
        it.remove();
        queuedBytes -= binary.getPayloadLength();
        return;
      }
    }
    queuedBytes = 0;
  }

  private void schedule() {
    if (!draining) {
      draining = true;
      pool.execute(this::drain);
    }
  }

  private void drain() {
    while (true) {
      WebSocketMessage<?> next;
      CloseStatus close = null;
      synchronized (this) {
        next = queue.poll();
        if (next == null) {
          draining = false;
          close = closing;
          if (close == null) {
            return;
          }
        } else if (next instanceof BinaryMessage binary) {
          queuedBytes -= binary.getPayloadLength();
        }
      }
      try {
        if (next != null) {
          session.sendMessage(next);
        } else {
          if (session.isOpen()) {
            session.close(close);
          }
          return;
        }
      } catch (IOException | IllegalStateException e) {
        synchronized (this) {
          queue.clear();
          queuedBytes = 0;
          draining = false;
        }
        return; // the viewer is gone; its close event ends the stream
      }
    }
  }
}
