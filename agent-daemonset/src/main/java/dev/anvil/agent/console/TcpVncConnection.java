package dev.anvil.agent.console;

import dev.anvil.agent.bmc.BmcEndpoint;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.util.Arrays;
import java.util.concurrent.Executor;

/** RFB over a plain TCP connection ({@code vnc://host[:port]}), read on a thread of the pool. */
final class TcpVncConnection implements VncConnection {

  private final Socket socket;
  private final Sink sink;
  private final Executor pool;
  private volatile boolean closed;

  private TcpVncConnection(Socket socket, Sink sink, Executor pool) {
    this.socket = socket;
    this.sink = sink;
    this.pool = pool;
  }

  static TcpVncConnection open(BmcEndpoint endpoint, Sink sink, Executor pool) throws ConsoleException {
    var address = endpoint.address();
    int port = address.getPort() < 0 ? VNC_PORT : address.getPort();
    var socket = new Socket();
    try {
      socket.connect(new InetSocketAddress(address.getHost(), port), (int) endpoint.timeout().toMillis());
      socket.setTcpNoDelay(true);
    } catch (IOException e) {
      closeQuietly(socket);
      throw new ConsoleException(CloseReason.UNREACHABLE, "no VNC connection to " + address.getHost() + ":" + port
          + ": " + e.getMessage());
    }
    return new TcpVncConnection(socket, sink, pool);
  }

  @Override
  public void startReading() {
    pool.execute(this::readLoop);
  }

  private void readLoop() {
    var buffer = new byte[StreamOutbox.MAX_FRAME];
    try {
      var in = socket.getInputStream();
      for (int n = in.read(buffer); n >= 0; n = in.read(buffer)) {
        if (n > 0 && !sink.output(Arrays.copyOf(buffer, n))) {
          return;
        }
      }
      if (!closed) {
        sink.ended(null);
      }
    } catch (IOException e) {
      if (!closed) {
        sink.ended(e);
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    } finally {
      closeQuietly(socket);
    }
  }

  @Override
  public void send(byte[] data) throws IOException {
    var out = socket.getOutputStream();
    out.write(data);
    out.flush();
  }

  @Override
  public void close() {
    closed = true;
    closeQuietly(socket);
  }

  private static void closeQuietly(Socket socket) {
    try {
      socket.close();
    } catch (IOException e) {
      // gone either way
    }
  }
}
