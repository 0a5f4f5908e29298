package dev.anvil.apiserver.console;

import static org.awaitility.Awaitility.await;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.WebSocket;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;

/** A console viewer on the JDK's WebSocket client: keeps what it received (output as text, notices as JSON). */
final class ViewerSocket implements WebSocket.Listener {

  final StringBuffer output = new StringBuffer();
  final List<String> notices = new CopyOnWriteArrayList<>();
  final CompletableFuture<String> closed = new CompletableFuture<>();
  private WebSocket socket;

  static ViewerSocket open(HttpClient http, String url, String authorization, String... subprotocols)
      throws Exception {
    var viewer = new ViewerSocket();
    var builder = http.newWebSocketBuilder();
    if (authorization != null) {
      builder.header("Authorization", authorization);
    }
    if (subprotocols.length > 0) {
      builder.subprotocols(subprotocols[0], java.util.Arrays.copyOfRange(subprotocols, 1, subprotocols.length));
    }
    viewer.socket = builder.buildAsync(URI.create(url.replaceFirst("^http", "ws")), viewer).get(10, TimeUnit.SECONDS);
    return viewer;
  }

  WebSocket socket() {
    return socket;
  }

  void type(String text) {
    socket.sendBinary(ByteBuffer.wrap(text.getBytes(StandardCharsets.UTF_8)), true).join();
  }

  void awaitNotice(String fragment) {
    await().atMost(Duration.ofSeconds(15)).until(() -> notices.stream().anyMatch(n -> n.contains(fragment)));
  }

  void awaitOutput(String text) {
    await().atMost(Duration.ofSeconds(15)).until(() -> output.toString().contains(text));
  }

  @Override
  public CompletionStage<?> onBinary(WebSocket webSocket, ByteBuffer data, boolean last) {
    var bytes = new byte[data.remaining()];
    data.get(bytes);
    output.append(new String(bytes, StandardCharsets.UTF_8));
    webSocket.request(1);
    return null;
  }

  @Override
  public CompletionStage<?> onText(WebSocket webSocket, CharSequence data, boolean last) {
    notices.add(data.toString());
    webSocket.request(1);
    return null;
  }

  @Override
  public CompletionStage<?> onClose(WebSocket webSocket, int statusCode, String reason) {
    closed.complete(statusCode + " " + reason);
    return null;
  }

  @Override
  public void onError(WebSocket webSocket, Throwable error) {
    closed.complete("error " + error);
  }
}
