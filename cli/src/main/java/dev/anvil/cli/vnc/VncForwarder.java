package dev.anvil.cli.vnc;

import dev.anvil.cli.kube.ApiClient;
import java.io.IOException;
import java.io.PrintStream;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.util.Map;
import java.util.concurrent.CountDownLatch;

/**
 * A local port that VNC viewers connect to, each connection relayed over its own WebSocket to a BmcHost's VNC console
 * on the apiserver, as {@code kubectl port-forward} does for Pods.
 */
public final class VncForwarder implements AutoCloseable {

  private final ApiClient client;
  private final String host;
  private final PrintStream err;
  private final CountDownLatch closed = new CountDownLatch(1);
  private ServerSocket listener;

  public VncForwarder(ApiClient client, String host, PrintStream err) {
    this.client = client;
    this.host = host;
    this.err = err;
  }

  /** Listens on {@code address} (port 0: any free one) and accepts viewers on a thread of its own. */
  public InetSocketAddress start(InetSocketAddress address) throws IOException {
    listener = new ServerSocket();
    listener.setReuseAddress(true);
    listener.bind(address);
    var thread = new Thread(this::acceptViewers, "anvil-vnc-accept");
    thread.setDaemon(true);
    thread.start();
    return (InetSocketAddress) listener.getLocalSocketAddress();
  }

  /** Blocks until the forwarder is closed (or, from the command line, the process is stopped). */
  public void awaitClosed() throws InterruptedException {
    closed.await();
  }

  @Override
  public void close() throws IOException {
    closed.countDown();
    if (listener != null) {
      listener.close();
    }
  }

  private void acceptViewers() {
    while (!listener.isClosed()) {
      try {
        var viewer = listener.accept();
        viewer.setTcpNoDelay(true);
        var thread = new Thread(() -> relay(viewer), "anvil-vnc-" + viewer.getPort());
        thread.setDaemon(true);
        thread.start();
      } catch (IOException e) {
        if (!listener.isClosed()) {
          err.println("[anvil] vnc: cannot accept a viewer: " + e.getMessage());
        }
      }
    }
  }

  private void relay(Socket viewer) {
    try {
      err.println("Handling connection for " + listener.getLocalPort());
      var relay = new VncRelay(viewer);
      var socket = client.webSocket(client.path("bmchosts", host, "vnc"), Map.of(), "binary", relay);
      relay.pumpFromViewer(socket);
    } catch (IOException | RuntimeException e) {
      err.println("[anvil] vnc: " + e.getMessage());
      try {
        viewer.close();
      } catch (IOException ignored) {
        // already gone
      }
    }
  }
}
