package dev.anvil.e2e;

import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;

/** A local HTTP service that records every request it gets and answers with the status the test chose. */
final class HttpReceiver implements AutoCloseable {

  /** One request as received. */
  record Call(String method, String path, String idempotencyKey, String contentType, String body, int answered) {
  }

  private final HttpServer server;
  private final List<Call> calls = new CopyOnWriteArrayList<>();
  private final AtomicInteger status = new AtomicInteger(200);

  private HttpReceiver(HttpServer server) {
    this.server = server;
  }

  static HttpReceiver start() {
    try {
      var server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
      var receiver = new HttpReceiver(server);
      server.createContext("/", exchange -> {
        try (exchange) {
          var body = new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
          int answer = receiver.status.get();
          var headers = exchange.getRequestHeaders();
          receiver.calls.add(new Call(exchange.getRequestMethod(), exchange.getRequestURI().getPath(),
              headers.getFirst("Idempotency-Key"), headers.getFirst("Content-Type"), body, answer));
          var reply = "{\"accepted\":" + (answer / 100 == 2) + "}";
          exchange.getResponseHeaders().set("Content-Type", "application/json");
          var bytes = reply.getBytes(StandardCharsets.UTF_8);
          exchange.sendResponseHeaders(answer, bytes.length);
          exchange.getResponseBody().write(bytes);
        }
      });
      server.start();
      return receiver;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** {@code http://127.0.0.1:<port><path>}. */
  String url(String path) {
    return "http://127.0.0.1:" + server.getAddress().getPort() + path;
  }

  /** The status every following request is answered with. */
  void answer(int status) {
    this.status.set(status);
  }

  List<Call> calls() {
    return List.copyOf(calls);
  }

  @Override
  public void close() {
    server.stop(0);
  }
}
