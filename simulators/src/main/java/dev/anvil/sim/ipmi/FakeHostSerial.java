package dev.anvil.sim.ipmi;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;

/**
 * The host's serial port behind the simulated BMC: a TCP server on 127.0.0.1 that ipmi_sim's {@code sol "tcp:..."}
 * connects to. It prints a login banner when the BMC connects, answers every chunk it receives with
 * {@code echo:<chunk>}, and records what it received, so a test sees both directions of Serial over LAN.
 */
final class FakeHostSerial implements AutoCloseable {

  static final String BANNER = "\r\nanvil-host login: ";
  static final String ECHO = "echo:";

  private final ServerSocket server;
  private final Thread acceptor;
  private final ByteArrayOutputStream received = new ByteArrayOutputStream();
  private Socket connection;
  private int connections;
  private volatile boolean closed;

  FakeHostSerial() {
    try {
      server = new ServerSocket(0, 4, InetAddress.getLoopbackAddress());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    acceptor = new Thread(this::accept, "fake-host-serial-" + server.getLocalPort());
    acceptor.setDaemon(true);
    acceptor.start();
  }

  int port() {
    return server.getLocalPort();
  }

  /** Everything the host received on its serial port so far (what was typed into SOL), as ISO-8859-1. */
  synchronized String received() {
    return received.toString(StandardCharsets.ISO_8859_1);
  }

  /** How many times the BMC connected (once per ipmi_sim start). */
  synchronized int connections() {
    return connections;
  }

  /** Waits until the BMC connected more than the given number of times; false when it did not in time. */
  synchronized boolean awaitConnection(int moreThan, Duration timeout) throws InterruptedException {
    long deadline = System.nanoTime() + timeout.toNanos();
    while ((connection == null || connections <= moreThan) && !closed) {
      long left = deadline - System.nanoTime();
      if (left <= 0) {
        return false;
      }
      wait(Math.max(1, left / 1_000_000));
    }
    return connection != null && connections > moreThan;
  }

  /** Writes to the serial port as the host would (console output); fails when the BMC is not connected. */
  void write(byte[] bytes) {
    OutputStream out;
    synchronized (this) {
      if (connection == null) {
        throw new IllegalStateException("the BMC is not connected to the host serial port");
      }
      try {
        out = connection.getOutputStream();
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
    }
    try {
      synchronized (out) {
        out.write(bytes);
        out.flush();
      }
    } catch (IOException e) {
      throw new UncheckedIOException("writing to the host serial port failed", e);
    }
  }

  @Override
  public void close() {
    closed = true;
    try {
      server.close();
    } catch (IOException e) {
      // closing anyway
    }
    synchronized (this) {
      closeQuietly(connection);
      connection = null;
      notifyAll();
    }
  }

  private void accept() {
    while (!closed) {
      Socket socket;
      try {
        socket = server.accept();
        socket.setTcpNoDelay(true);
      } catch (IOException e) {
        return; // closed
      }
      synchronized (this) {
        closeQuietly(connection); // ipmi_sim restarted: the old connection is dead
        connection = socket;
        connections++;
        notifyAll();
      }
      var reader = new Thread(() -> serve(socket), "fake-host-serial-reader");
      reader.setDaemon(true);
      reader.start();
    }
  }

  private void serve(Socket socket) {
    try (socket) {
      var in = socket.getInputStream();
      var out = socket.getOutputStream();
      synchronized (out) {
        out.write(BANNER.getBytes(StandardCharsets.ISO_8859_1));
        out.flush();
      }
      var buffer = new byte[1024];
      for (int n = in.read(buffer); n >= 0; n = in.read(buffer)) {
        synchronized (this) {
          received.write(buffer, 0, n);
        }
        var echo = new ByteArrayOutputStream();
        echo.write(ECHO.getBytes(StandardCharsets.ISO_8859_1));
        echo.write(buffer, 0, n);
        synchronized (out) {
          out.write(echo.toByteArray());
          out.flush();
        }
      }
    } catch (IOException e) {
      // the BMC went away (stopped or restarted); it connects again
    } finally {
      synchronized (this) {
        if (connection == socket) {
          connection = null;
        }
      }
    }
  }

  private static void closeQuietly(Socket socket) {
    if (socket != null) {
      try {
        socket.close();
      } catch (IOException e) {
        // already gone
      }
    }
  }
}
