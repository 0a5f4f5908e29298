package dev.anvil.cli.console;

import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.http.WebSocket;
import java.nio.ByteBuffer;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.function.Consumer;

/**
 * The server's side of an attached console: output bytes to stdout raw, status frames as notices, and the end of the
 * session as an exit code (0 for a normal close, 1 otherwise).
 */
public final class ConsoleOutput implements WebSocket.Listener {

  /** The close code of a normal end (RFC 6455). */
  public static final int NORMAL_CLOSURE = 1000;

  private final OutputStream out;
  private final Consumer<String> notices;
  private final CompletableFuture<Integer> ended = new CompletableFuture<>();
  private final StringBuilder text = new StringBuilder();
  private volatile boolean leaving;

  public ConsoleOutput(OutputStream out, Consumer<String> notices) {
    this.out = out;
    this.notices = notices;
  }

  /** Completes with the exit code once the session is over, whichever side ended it. */
  public CompletableFuture<Integer> ended() {
    return ended;
  }

  /** We are closing (detach): the server's answering close is expected, not news. */
  public void leaving() {
    leaving = true;
  }

  /** Ends the session from our side (detach, end of input) with this exit code. */
  public void end(int exitCode) {
    ended.complete(exitCode);
  }

  @Override
  public CompletionStage<?> onBinary(WebSocket webSocket, ByteBuffer data, boolean last) {
    try {
      var bytes = new byte[data.remaining()];
      data.get(bytes);
      out.write(bytes);
      out.flush();
    } catch (IOException e) {
      notices.accept("[anvil] cannot write the console output: " + e.getMessage());
      ended.complete(1);
      throw new UncheckedIOException(e);
    }
    webSocket.request(1);
    return null;
  }

  @Override
  public CompletionStage<?> onText(WebSocket webSocket, CharSequence data, boolean last) {
    text.append(data);
    if (last) {
      var notice = ConsoleNotice.parse(text.toString());
      text.setLength(0);
      if (!ended.isDone()) {
        notices.accept(notice.line());
      }
    }
    webSocket.request(1);
    return null;
  }

  @Override
  public CompletionStage<?> onClose(WebSocket webSocket, int statusCode, String reason) {
    if (!ended.isDone() && !leaving) {
      var why = reason == null || reason.isBlank() ? "" : ": " + reason;
      notices.accept(statusCode == NORMAL_CLOSURE ? "[anvil] console closed" + why
          : "[anvil] console closed (" + statusCode + ")" + why);
      ended.complete(statusCode == NORMAL_CLOSURE ? 0 : 1);
    }
    return null;
  }

  @Override
  public void onError(WebSocket webSocket, Throwable error) {
    if (!ended.isDone()) {
      notices.accept("[anvil] connection lost: " + (error.getMessage() == null ? error : error.getMessage()));
      ended.complete(1);
    }
  }
}
