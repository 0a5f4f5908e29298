package dev.anvil.operator.http;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.Executors;
import java.util.function.BooleanSupplier;

/** Serves /metrics (Prometheus text), /healthz (liveness) and /readyz (readiness) for the kubelet and Prometheus. */
public final class OperatorHttpServer implements AutoCloseable {

  private final HttpServer server;

  public OperatorHttpServer(int port, PrometheusMeterRegistry registry, BooleanSupplier live, BooleanSupplier ready) {
    try {
      server = HttpServer.create(new InetSocketAddress(port), 0);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot listen on port " + port + " for /metrics and health", e);
    }
    server.setExecutor(Executors.newFixedThreadPool(2, r -> {
      var t = new Thread(r, "operator-http");
      t.setDaemon(true);
      return t;
    }));
    server.createContext("/metrics", ex -> reply(ex, 200, "text/plain; version=0.0.4", registry.scrape()));
    server.createContext("/healthz", ex -> probe(ex, live));
    server.createContext("/readyz", ex -> probe(ex, ready));
    server.start();
  }

  public int port() {
    return server.getAddress().getPort();
  }

  private static void probe(HttpExchange ex, BooleanSupplier check) throws IOException {
    boolean ok = check.getAsBoolean();
    reply(ex, ok ? 200 : 503, "text/plain", ok ? "ok\n" : "not ready\n");
  }

  private static void reply(HttpExchange ex, int code, String type, String body) throws IOException {
    if (!"GET".equals(ex.getRequestMethod()) && !"HEAD".equals(ex.getRequestMethod())) {
      code = 405;
      body = "only GET\n";
    }
    var bytes = body.getBytes(StandardCharsets.UTF_8);
    ex.getResponseHeaders().set("Content-Type", type);
    ex.sendResponseHeaders(code, bytes.length);
    try (var out = ex.getResponseBody()) {
      out.write(bytes);
    }
  }

  @Override
  public void close() {
    server.stop(0);
  }
}
