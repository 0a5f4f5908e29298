package dev.anvil.agent.console;

import dev.anvil.agent.bmc.BmcEndpoint;
import dev.anvil.agent.bmc.BmcException;
import dev.anvil.agent.bmc.ConsoleSettings;
import dev.anvil.agent.bmc.redfish.RedfishTls;
import java.io.IOException;
import java.net.http.HttpClient;
import java.net.http.WebSocket;
import java.net.http.WebSocketHandshakeException;
import java.nio.ByteBuffer;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import javax.net.ssl.SSLException;

/**
 * RFB over a WebSocket ({@code ws://} or {@code wss://}, subprotocol {@code binary}), with the JDK's client. The
 * listener asks for the next message only after the sink took the last one, so a viewer that cannot keep up stops
 * the reading here and the BMC's sending there. {@code wss://} is verified as the host's Redfish client verifies.
 */
final class WebSocketVncConnection implements VncConnection, WebSocket.Listener {

  private final Sink sink;
  private final long timeoutMillis;
  private volatile WebSocket socket;
  private volatile boolean closed;

  private WebSocketVncConnection(Sink sink, long timeoutMillis) {
    this.sink = sink;
    this.timeoutMillis = timeoutMillis;
  }

  static WebSocketVncConnection open(BmcEndpoint endpoint, Sink sink, ExecutorService pool) throws ConsoleException {
    var address = endpoint.address();
    var display = ConsoleSettings.display(address.toString());
    var client = HttpClient.newBuilder().connectTimeout(endpoint.timeout()).executor(pool);
    if ("wss".equalsIgnoreCase(address.getScheme())) {
      try {
        client.sslContext(RedfishTls.sslContext(endpoint));
      } catch (BmcException e) {
        throw new ConsoleException(CloseReason.TLS, e.getMessage());
      }
    }
    var connection = new WebSocketVncConnection(sink, endpoint.timeout().toMillis());
    try {
      connection.socket = client.build().newWebSocketBuilder().subprotocols("binary")
          .connectTimeout(endpoint.timeout()).buildAsync(address, connection)
          .get(endpoint.timeout().toMillis() + 1_000, TimeUnit.MILLISECONDS);
      return connection;
    } catch (ExecutionException e) {
      throw failure(display, e.getCause());
    } catch (TimeoutException e) {
      throw new ConsoleException(CloseReason.UNREACHABLE, "no VNC WebSocket to " + display + " within "
          + endpoint.timeout().toSeconds() + " s");
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new ConsoleException(CloseReason.SHUTDOWN, "interrupted while connecting to " + display);
    }
  }

  private static ConsoleException failure(String display, Throwable cause) {
    for (var c = cause; c != null; c = c.getCause()) {
      if (c instanceof WebSocketHandshakeException handshake) {
        return new ConsoleException(CloseReason.REJECTED, "the VNC endpoint " + display
            + " refused the WebSocket (HTTP " + handshake.getResponse().statusCode() + ")");
      }
      if (c instanceof SSLException) {
        return new ConsoleException(CloseReason.TLS, "the VNC endpoint " + display + " failed TLS verification: "
            + c.getMessage());
      }
    }
    return new ConsoleException(CloseReason.UNREACHABLE, "no VNC WebSocket to " + display + ": " + cause);
  }

  @Override
  public void onOpen(WebSocket webSocket) {
    // no request yet: the first message waits for startReading
  }

  @Override
  public void startReading() {
    socket.request(1);
  }

  @Override
  public CompletionStage<?> onBinary(WebSocket webSocket, ByteBuffer data, boolean last) {
    try {
      while (data.hasRemaining()) {
        var chunk = new byte[Math.min(data.remaining(), StreamOutbox.MAX_FRAME)];
        data.get(chunk);
        if (!sink.output(chunk)) {
          return null;
        }
      }
      webSocket.request(1);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    return null;
  }

  @Override
  public CompletionStage<?> onText(WebSocket webSocket, CharSequence data, boolean last) {
    webSocket.request(1); // RFB travels in binary frames; text carries nothing of it
    return null;
  }

  @Override
  public CompletionStage<?> onClose(WebSocket webSocket, int statusCode, String reason) {
    if (!closed) {
      sink.ended(null);
    }
    return null;
  }

  @Override
  public void onError(WebSocket webSocket, Throwable error) {
    if (!closed) {
      sink.ended(error instanceof Exception e ? e : new IOException(error));
    }
  }

  @Override
  public void send(byte[] data) throws IOException {
    try {
      socket.sendBinary(ByteBuffer.wrap(data), true).get(timeoutMillis, TimeUnit.MILLISECONDS);
    } catch (ExecutionException e) {
      throw new IOException("sending to the VNC WebSocket failed: " + e.getCause(), e.getCause());
    } catch (TimeoutException e) {
      throw new IOException("the VNC WebSocket took no input for " + timeoutMillis + " ms");
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IOException("interrupted while sending to the VNC WebSocket");
    }
  }

  @Override
  public void close() {
    closed = true;
    var current = socket;
    if (current != null) {
      current.abort();
    }
  }
}
