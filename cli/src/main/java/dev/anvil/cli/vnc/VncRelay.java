package dev.anvil.cli.vnc;

import java.io.IOException;
import java.io.OutputStream;
import java.net.Socket;
import java.net.http.WebSocket;
import java.nio.ByteBuffer;
import java.util.concurrent.CompletionStage;

/** Copies the apiserver's VNC frames to one viewer's socket, and closes the socket when the WebSocket ends. */
final class VncRelay implements WebSocket.Listener {

  private final Socket viewer;
  private final OutputStream toViewer;

  VncRelay(Socket viewer) throws IOException {
    this.viewer = viewer;
    this.toViewer = viewer.getOutputStream();
  }

  @Override
  public CompletionStage<?> onBinary(WebSocket webSocket, ByteBuffer data, boolean last) {
    try {
      var bytes = new byte[data.remaining()];
      data.get(bytes);
      toViewer.write(bytes);
      toViewer.flush();
      webSocket.request(1);
    } catch (IOException e) {
      webSocket.abort();
      closeViewer();
    }
    return null;
  }

  @Override
  public CompletionStage<?> onClose(WebSocket webSocket, int statusCode, String reason) {
    closeViewer();
    return null;
  }

  @Override
  public void onError(WebSocket webSocket, Throwable error) {
    closeViewer();
  }

  /** Copies the viewer's bytes to the WebSocket until the viewer hangs up, then closes the WebSocket normally. */
  void pumpFromViewer(WebSocket webSocket) {
    var buffer = new byte[16384];
    try (var in = viewer.getInputStream()) {
      for (int n; (n = in.read(buffer)) >= 0; ) {
        webSocket.sendBinary(ByteBuffer.wrap(buffer, 0, n), true).join();
      }
      webSocket.sendClose(WebSocket.NORMAL_CLOSURE, "viewer disconnected").join();
    } catch (IOException | RuntimeException e) {
      webSocket.abort();
    } finally {
      closeViewer();
    }
  }

  private void closeViewer() {
    try {
      viewer.close();
    } catch (IOException e) {
      // already gone
    }
  }
}
