package dev.anvil.cli.console;

import java.io.IOException;
import java.io.InputStream;
import java.net.http.WebSocket;
import java.nio.ByteBuffer;

/**
 * Sends what the user types to the console as binary frames until the detach key, and reports how input ended.
 */
public final class KeystrokePump {

  /** How the input ended. */
  public enum End {
    /** The user pressed the detach key. */
    DETACHED,
    /** Standard input reached its end (a pipe or file ran out). */
    END_OF_INPUT
  }

  private final InputStream in;
  private final EscapeFilter filter;
  private final boolean forward;

  /**
   * @param forward false for a read-only session: keystrokes are only watched for the detach key
   */
  public KeystrokePump(InputStream in, EscapeFilter filter, boolean forward) {
    this.in = in;
    this.filter = filter;
    this.forward = forward;
  }

  /** Runs until the detach key or the end of input; sends each chunk before reading the next, so order holds. */
  public End pump(WebSocket socket) throws IOException {
    var buffer = new byte[4096];
    for (int n; (n = in.read(buffer)) >= 0; ) {
      var chunk = filter.filter(buffer, n);
      if (forward && chunk.forward().length > 0 && !socket.isOutputClosed()) {
        socket.sendBinary(ByteBuffer.wrap(chunk.forward()), true).join();
      }
      if (chunk.escaped()) {
        return End.DETACHED;
      }
    }
    return End.END_OF_INPUT;
  }
}
