package dev.anvil.e2e.platform;

import java.io.ByteArrayOutputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.WebSocket;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;

/**
 * A viewer of a BmcHost's console or VNC WebSocket on the apiserver, as a browser or the CLI is one: keeps the bytes
 * it received and the JSON notices (text frames), and lets a caller wait for what it expects.
 */
public final class ConsoleViewer implements WebSocket.Listener {

  private final ByteArrayOutputStream output = new ByteArrayOutputStream();
  private final List<String> notices = new ArrayList<>();
  private WebSocket socket;

  /**
   * Opens {@code .../namespaces/<namespace>/bmchosts/<host>/<subresource>} (e.g. {@code console?mode=read}, {@code
   * vnc}) on the apiserver at {@code baseUrl} with {@code token}, offering {@code subprotocol} when not null.
   */
  public static ConsoleViewer open(String baseUrl, String token, String namespace, String host, String subresource,
      String subprotocol) throws Exception {
    var viewer = new ConsoleViewer();
    var builder = HttpClient.newHttpClient().newWebSocketBuilder().header("Authorization", "Bearer " + token);
    if (subprotocol != null) {
      builder.subprotocols(subprotocol);
    }
    viewer.socket = builder.buildAsync(URI.create(baseUrl.replaceFirst("^http", "ws") + "/apis/anvil.dev/v1alpha1"
        + "/namespaces/" + namespace + "/bmchosts/" + host + "/" + subresource), viewer).get(30, TimeUnit.SECONDS);
    return viewer;
  }

  public WebSocket socket() {
    return socket;
  }

  public void send(byte[] bytes) {
    socket.sendBinary(ByteBuffer.wrap(bytes), true).join();
  }

  public synchronized byte[] bytes() {
    return output.toByteArray();
  }

  /** The bytes received so far, one char per byte. */
  public synchronized String text() {
    return output.toString(StandardCharsets.ISO_8859_1);
  }

  /** Waits until the bytes received so far satisfy {@code condition}; fails after {@code timeout}. */
  public synchronized void awaitOutput(Predicate<String> condition, Duration timeout) throws InterruptedException {
    awaitUntil(() -> condition.test(text()), timeout, "output");
  }

  /** Waits for a notice (a JSON text frame) containing {@code fragment}. */
  public synchronized void awaitNotice(String fragment, Duration timeout) throws InterruptedException {
    awaitUntil(() -> notices.stream().anyMatch(n -> n.contains(fragment)), timeout, "a notice with " + fragment);
  }

  private void awaitUntil(java.util.function.BooleanSupplier condition, Duration timeout, String what)
      throws InterruptedException {
    var deadline = System.nanoTime() + timeout.toNanos();
    while (!condition.getAsBoolean()) {
      var left = deadline - System.nanoTime();
      if (left <= 0) {
        throw new IllegalStateException("no " + what + " within " + timeout.toSeconds() + " s; received "
            + output.size() + " bytes and the notices " + notices);
      }
      TimeUnit.NANOSECONDS.timedWait(this, left);
    }
  }

  public void close() {
    socket.sendClose(WebSocket.NORMAL_CLOSURE, "done").join();
  }

  @Override
  public CompletionStage<?> onBinary(WebSocket webSocket, ByteBuffer data, boolean last) {
    var bytes = new byte[data.remaining()];
    data.get(bytes);
    synchronized (this) {
      output.write(bytes, 0, bytes.length);
      notifyAll();
    }
    webSocket.request(1);
    return null;
  }

  @Override
  public CompletionStage<?> onText(WebSocket webSocket, CharSequence data, boolean last) {
    synchronized (this) {
      notices.add(data.toString());
      notifyAll();
    }
    webSocket.request(1);
    return null;
  }
}
