package dev.anvil.agent.console;

import dev.anvil.agent.bmc.BmcEndpoint;
import java.io.IOException;
import java.util.Locale;
import java.util.concurrent.ExecutorService;

/** One connection to a BMC's VNC endpoint, carrying RFB bytes unchanged: plain TCP, or WebSocket binary frames. */
interface VncConnection {

  /** Default port of {@code vnc://} addresses. */
  int VNC_PORT = 5900;

  /** Where the BMC's bytes go, on the connection's reader thread. */
  interface Sink {
    /**
     * Bytes from the BMC, at most {@link StreamOutbox#MAX_FRAME} at a time; may block, which stops the reading (and
     * so pushes back to the BMC). False when the stream is over and the reading should stop.
     */
    boolean output(byte[] data) throws InterruptedException;

    /** The BMC ended the connection: cause null when it closed it cleanly. Not called after {@link #close()}. */
    void ended(Exception cause);
  }

  /** Starts handing the BMC's bytes to the sink (after the stream told the viewer it is open). */
  void startReading();

  /** Sends bytes to the BMC; callers send one at a time. */
  void send(byte[] data) throws IOException;

  /** Ends the connection; the sink hears nothing more. */
  void close();

  /**
   * Connects to {@code endpoint.address()} ({@code vnc://}, {@code ws://} or {@code wss://}, the last verified with
   * the endpoint's TLS settings); {@link #startReading()} starts reading into the sink on {@code pool}.
   */
  static VncConnection open(BmcEndpoint endpoint, Sink sink, ExecutorService pool) throws ConsoleException {
    var scheme = endpoint.address().getScheme().toLowerCase(Locale.ROOT);
    return switch (scheme) {
      case "vnc" -> TcpVncConnection.open(endpoint, sink, pool);
      case "ws", "wss" -> WebSocketVncConnection.open(endpoint, sink, pool);
      default -> throw new ConsoleException(CloseReason.UNSUPPORTED, "not a VNC address scheme: " + scheme);
    };
  }
}
