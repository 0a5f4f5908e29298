package dev.anvil.operator.workflow;

import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;

/** A local HTTP service that answers 503 to its first N calls, then 200 with a JSON body; it records every call. */
final class FlakyService implements AutoCloseable {

  /** One call as received. */
  record Call(String idempotencyKey, String body) {
  }

  private final HttpServer server;
  private final AtomicInteger failuresLeft = new AtomicInteger();
  private final List<Call> calls = new CopyOnWriteArrayList<>();

  FlakyService() {
    try {
      server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    server.createContext("/", exchange -> {
      var body = new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
      calls.add(new Call(exchange.getRequestHeaders().getFirst("Idempotency-Key"), body));
      boolean fail = failuresLeft.getAndUpdate(n -> Math.max(0, n - 1)) > 0;
      var answer = (fail ? "{\"error\":\"busy\"}" : "{\"ticket\":{\"id\":\"T-" + calls.size() + "\"}}")
          .getBytes(StandardCharsets.UTF_8);
      exchange.getResponseHeaders().add("Content-Type", "application/json");
      exchange.sendResponseHeaders(fail ? 503 : 200, answer.length);
      exchange.getResponseBody().write(answer);
      exchange.close();
    });
    server.start();
  }

  String url() {
    return "http://127.0.0.1:" + server.getAddress().getPort() + "/hooks/provisioned";
  }

  /** The next {@code n} calls fail. */
  void failNext(int n) {
    failuresLeft.set(n);
  }

  List<Call> calls() {
    return calls;
  }

  @Override
  public void close() {
    server.stop(0);
  }
}
