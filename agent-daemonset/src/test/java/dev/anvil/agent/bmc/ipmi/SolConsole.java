package dev.anvil.agent.bmc.ipmi;

import dev.anvil.agent.bmc.BmcException;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.CountDownLatch;

/** A SOL listener for tests: everything the host wrote, as text, and how the session ended. */
class SolConsole implements SolSession.Listener {

  private final ByteArrayOutputStream output = new ByteArrayOutputStream();
  private final CountDownLatch closed = new CountDownLatch(1);
  private volatile BmcException cause;

  @Override
  public void output(byte[] characters) {
    synchronized (this) {
      output.writeBytes(characters);
      notifyAll();
    }
  }

  @Override
  public void closed(BmcException why) {
    cause = why;
    closed.countDown();
  }

  synchronized String text() {
    return output.toString(StandardCharsets.ISO_8859_1);
  }

  /** Forgets the output so far. */
  synchronized void clear() {
    output.reset();
  }

  /** Waits until the output ends with the text; false after the timeout. */
  synchronized boolean awaitEndsWith(String text, long timeoutMillis) throws InterruptedException {
    long deadline = System.nanoTime() + timeoutMillis * 1_000_000;
    while (!text().endsWith(text)) {
      long left = (deadline - System.nanoTime()) / 1_000_000;
      if (left <= 0) {
        return false;
      }
      wait(left);
    }
    return true;
  }

  boolean isClosed() {
    return closed.getCount() == 0;
  }

  BmcException cause() {
    return cause;
  }
}
