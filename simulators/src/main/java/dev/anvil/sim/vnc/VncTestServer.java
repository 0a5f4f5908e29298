package dev.anvil.sim.vnc;

import dev.anvil.sim.redfish.SimulatorCertificates;
import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A VNC server for tests: RFB 3.8 with security type None on a free port of 127.0.0.1, plain TCP ({@link #start()})
 * or RFB over WebSocket ({@link #startWebSocket()}, subprotocol {@code binary}; {@link #startSecureWebSocket()} over
 * TLS with a certificate of its own CA, {@link #caPem()}). Its screen is {@link #WIDTH} x
 * {@link #HEIGHT} at 32 bits per pixel, named {@link #NAME}; each FramebufferUpdateRequest gets one Raw rectangle of
 * the whole screen. Key, pointer, encoding, pixel-format and cut-text messages are accepted and recorded
 * ({@link #received()}) with their bytes as they arrived.
 */
public final class VncTestServer implements AutoCloseable {

  public static final int WIDTH = 64;
  public static final int HEIGHT = 48;
  public static final String NAME = "anvil-test-host";
  /** The RFB version the server announces first: {@code "RFB 003.008\n"}. */
  public static final String PROTOCOL_VERSION = RfbServerSession.VERSION;

  private static final Logger log = LoggerFactory.getLogger(VncTestServer.class);

  private final boolean webSocket;
  private final SimulatorCertificates certificates;
  private final ServerSocket server;
  private final Thread acceptor;
  private final List<ClientMessage> received = new CopyOnWriteArrayList<>();
  private final List<Socket> open = new CopyOnWriteArrayList<>();
  private final List<String> webSocketProtocols = new CopyOnWriteArrayList<>();
  private final AtomicInteger connections = new AtomicInteger();
  private volatile boolean closed;

  private VncTestServer(boolean webSocket, SimulatorCertificates certificates) {
    this.webSocket = webSocket;
    this.certificates = certificates;
    try {
      server = certificates == null ? new ServerSocket(0, 16, InetAddress.getLoopbackAddress())
          : certificates.serverContext().getServerSocketFactory().createServerSocket(0, 16,
              InetAddress.getLoopbackAddress());
    } catch (IOException e) {
      throw new UncheckedIOException("no free loopback port for the VNC test server", e);
    }
    acceptor = new Thread(this::accept, "vnc-test-server-" + server.getLocalPort());
    acceptor.setDaemon(true);
    acceptor.start();
  }

  /** A server speaking RFB over plain TCP, as a BMC's VNC port does. */
  public static VncTestServer start() {
    return new VncTestServer(false, null);
  }

  /** A server speaking RFB over WebSocket (binary frames), as websockify and some BMCs' HTML5 consoles do. */
  public static VncTestServer startWebSocket() {
    return new VncTestServer(true, null);
  }

  /** A server speaking RFB over WebSocket over TLS, its certificate (for localhost and 127.0.0.1) from its own CA. */
  public static VncTestServer startSecureWebSocket() {
    return new VncTestServer(true, SimulatorCertificates.create(List.of("localhost", "127.0.0.1")));
  }

  /** The PEM of the CA that signed a secure server's certificate; IllegalStateException for the others. */
  public String caPem() {
    if (certificates == null) {
      throw new IllegalStateException("this VNC test server does not speak TLS");
    }
    return certificates.caPem();
  }

  public int port() {
    return server.getLocalPort();
  }

  /**
   * The address a BmcHost would name: {@code vnc://127.0.0.1:<port>}, {@code ws://127.0.0.1:<port>/websockify} or
   * {@code wss://127.0.0.1:<port>/websockify}.
   */
  public String address() {
    if (!webSocket) {
      return "vnc://127.0.0.1:" + port();
    }
    return (certificates == null ? "ws" : "wss") + "://127.0.0.1:" + port() + "/websockify";
  }

  /** Every client message received so far, in arrival order across connections. */
  public List<ClientMessage> received() {
    return List.copyOf(received);
  }

  /** The received messages of one type. */
  public List<ClientMessage> received(ClientMessage.Type type) {
    return received.stream().filter(m -> m.type() == type).toList();
  }

  /** Connections accepted so far. */
  public int connections() {
    return connections.get();
  }

  /** Connections open right now. */
  public int openConnections() {
    return open.size();
  }

  /** The Sec-WebSocket-Protocol header of each WebSocket client, in connection order. */
  public List<String> webSocketProtocols() {
    return List.copyOf(webSocketProtocols);
  }

  /** Ends every open connection from the server's side, as a BMC does when its VNC service restarts. */
  public void dropConnections() {
    for (var socket : new ArrayList<>(open)) {
      closeQuietly(socket);
    }
  }

  /** Stops accepting and ends every connection. */
  @Override
  public void close() {
    closed = true;
    try {
      server.close();
    } catch (IOException e) {
      // closing anyway
    }
    dropConnections();
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
      int number = connections.incrementAndGet();
      open.add(socket);
      var thread = new Thread(() -> serve(socket, number), "vnc-test-connection-" + number);
      thread.setDaemon(true);
      thread.start();
    }
  }

  private void serve(Socket socket, int number) {
    var session = new RfbServerSession(number, WIDTH, HEIGHT, NAME, received::add);
    try (socket) {
      var in = socket.getInputStream();
      var out = socket.getOutputStream();
      if (webSocket) {
        var streams = WebSocketServerStreams.accept(in, out);
        webSocketProtocols.add(streams.requestedProtocols());
        in = streams.input();
        out = streams.output();
      }
      var buffered = new BufferedOutputStream(out, 1 << 16);
      session.run(in, buffered);
    } catch (IOException e) {
      if (!closed && !socket.isClosed()) {
        log.debug("VNC test connection {} ended: {}", number, e.toString());
      }
    } finally {
      open.remove(socket);
    }
  }

  private static void closeQuietly(Socket socket) {
    try {
      socket.close();
    } catch (IOException e) {
      // already gone
    }
  }
}
