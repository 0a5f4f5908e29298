package dev.anvil.operator.workflow.calls;

import static org.assertj.core.api.Assertions.assertThat;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import dev.anvil.crds.v1alpha1.HttpNode;
import dev.anvil.operator.workflow.calls.HttpOutcome.Reason;
import dev.anvil.operator.workflow.calls.ResolvedHttpRequest.Header;
import dev.anvil.operator.workflow.calls.ResolvedHttpRequest.ResultSpec;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import javax.net.ssl.SSLContext;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class HttpCallTest {

  private static final Duration TIMEOUT = Duration.ofSeconds(5);

  private HttpServer server;
  private ExecutorService serverThreads;
  private final CountDownLatch release = new CountDownLatch(1);
  private final Map<String, Object> seen = new ConcurrentHashMap<>();
  private HttpCall http;

  @BeforeEach
  void start() throws Exception {
    server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
    serverThreads = Executors.newCachedThreadPool();
    server.setExecutor(serverThreads);
    server.start();
    http = new HttpCall(Duration.ofSeconds(2), 1024, SSLContext.getDefault());
  }

  @AfterEach
  void stop() {
    release.countDown();
    http.close();
    server.stop(0);
    serverThreads.shutdownNow();
  }

  @Test
  void successTakesResultsFromTheJsonBody() {
    respond("/ok", 201, "{\"id\": \"run-7\", \"items\": [{\"state\": \"ready\"}], \"n\": 2}");

    var outcome = send(request("/ok", List.of(new ResultSpec("id", "$.id"),
        new ResultSpec("state", "$.items[0].state"), new ResultSpec("n", "$['n']"))));

    assertThat(outcome.success()).isTrue();
    assertThat(outcome.reason()).isNull();
    assertThat(outcome.statusCode()).isEqualTo(201);
    assertThat(outcome.results())
        .containsExactlyInAnyOrderEntriesOf(Map.of("statusCode", "201", "id", "run-7", "state", "ready", "n", "2"));
  }

  @Test
  void sendsMethodHeadersIdempotencyKeyAndBody() {
    server.createContext("/echo", exchange -> {
      seen.put("method", exchange.getRequestMethod());
      seen.put("token", exchange.getRequestHeaders().getFirst("X-Token"));
      seen.put("idempotency", exchange.getRequestHeaders().get("Idempotency-Key"));
      seen.put("body", new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8));
      reply(exchange, 204, "");
    });

    var outcome = send(new ResolvedHttpRequest(HttpNode.Method.POST, url("/echo"),
        List.of(new Header("X-Token", "s3cret"), new Header("Idempotency-Key", "from-spec")), "{\"go\": \"é\"}",
        TIMEOUT, List.of(), List.of(), "uid-1-notify-3"));

    assertThat(outcome.success()).isTrue();
    assertThat(outcome.results()).containsExactly(Map.entry("statusCode", "204"));
    assertThat(seen).containsEntry("method", "POST").containsEntry("token", "s3cret")
        .containsEntry("idempotency", List.of("uid-1-notify-3")).containsEntry("body", "{\"go\": \"é\"}");
  }

  @Test
  void statusOutside2xxFailsWithASnippetOfTheBody() {
    respond("/down", 503, "upstream\n\tbusy " + "x".repeat(500));

    var outcome = send(request("/down", List.of()));

    assertThat(outcome.success()).isFalse();
    assertThat(outcome.reason()).isEqualTo(Reason.UnexpectedStatus);
    assertThat(outcome.statusCode()).isEqualTo(503);
    assertThat(outcome.results()).containsExactly(Map.entry("statusCode", "503"));
    assertThat(outcome.message()).startsWith("HTTP 503 from 127.0.0.1:" + server.getAddress().getPort()
        + ", expected 2xx: upstream busy xxx").hasSizeLessThan(300).endsWith("…");
  }

  @Test
  void expectStatusReplaces2xx() {
    respond("/gone", 404, "");
    respond("/fine", 200, "");

    var gone = send(expecting("/gone", List.of(404, 409)));
    var fine = send(expecting("/fine", List.of(404, 409)));

    assertThat(gone.success()).isTrue();
    assertThat(gone.results()).containsEntry("statusCode", "404");
    assertThat(fine.success()).isFalse();
    assertThat(fine.reason()).isEqualTo(Reason.UnexpectedStatus);
    assertThat(fine.message()).contains("expected [404, 409]");
  }

  @Test
  void redirectsAreNotFollowed() {
    server.createContext("/moved", exchange -> {
      exchange.getResponseHeaders().add("Location", url("/ok").toString());
      reply(exchange, 302, "");
    });
    respond("/ok", 200, "");

    var outcome = send(request("/moved", List.of()));

    assertThat(outcome.reason()).isEqualTo(Reason.UnexpectedStatus);
    assertThat(outcome.statusCode()).isEqualTo(302);
  }

  @Test
  void refusedConnectionFails() throws IOException {
    int port;
    try (var socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      port = socket.getLocalPort();
    }

    var outcome = send(new ResolvedHttpRequest(HttpNode.Method.GET, URI.create("http://127.0.0.1:" + port + "/"),
        List.of(), null, TIMEOUT, List.of(), List.of(), "k"));

    assertThat(outcome.reason()).isEqualTo(Reason.ConnectionFailed);
    assertThat(outcome.statusCode()).isEqualTo(-1);
    assertThat(outcome.results()).containsExactly(Map.entry("statusCode", "-1"));
    assertThat(outcome.message()).isEqualTo("could not connect to 127.0.0.1:" + port + ": connection refused");
  }

  @Test
  void tlsToAPlainHttpServerFails() {
    respond("/ok", 200, "");
    var https = URI.create("https://127.0.0.1:" + server.getAddress().getPort() + "/ok");

    var outcome = send(new ResolvedHttpRequest(HttpNode.Method.GET, https, List.of(), null, TIMEOUT, List.of(),
        List.of(), "k"));

    assertThat(outcome.reason()).isEqualTo(Reason.ConnectionFailed);
  }

  @Test
  void noResponseWithinTheTimeoutTimesOut() {
    server.createContext("/slow", exchange -> {
      await(release);
      reply(exchange, 200, "");
    });

    var outcome = send(new ResolvedHttpRequest(HttpNode.Method.GET, url("/slow"), List.of(), null,
        Duration.ofMillis(300), List.of(), List.of(), "k"));

    assertThat(outcome.reason()).isEqualTo(Reason.Timeout);
    assertThat(outcome.message()).contains("within 300ms");
  }

  @Test
  void aBodyThatStopsHalfwayTimesOut() {
    server.createContext("/trickle", exchange -> {
      exchange.sendResponseHeaders(200, 100);
      exchange.getResponseBody().write("{\"id\":".getBytes(StandardCharsets.UTF_8));
      exchange.getResponseBody().flush();
      await(release);
      exchange.close();
    });

    var outcome = send(new ResolvedHttpRequest(HttpNode.Method.GET, url("/trickle"), List.of(), null,
        Duration.ofMillis(500), List.of(), List.of(new ResultSpec("id", "$.id")), "k"));

    assertThat(outcome.reason()).isEqualTo(Reason.Timeout);
  }

  @Test
  void missingResultFailsWithResultNotFound() {
    respond("/ok", 200, "{\"items\": []}");

    var outcome = send(request("/ok", List.of(new ResultSpec("state", "$.items[0].state"))));

    assertThat(outcome.success()).isFalse();
    assertThat(outcome.reason()).isEqualTo(Reason.ResultNotFound);
    assertThat(outcome.statusCode()).isEqualTo(200);
    assertThat(outcome.results()).containsExactly(Map.entry("statusCode", "200"));
    assertThat(outcome.message()).startsWith("result state: $.items[0].state matches nothing");
  }

  @Test
  void bodyThatIsNotJsonIsAnInvalidResponseWhenResultsAreWanted() {
    respond("/html", 200, "<html>hello</html>");

    assertThat(send(request("/html", List.of(new ResultSpec("id", "$.id")))).reason())
        .isEqualTo(Reason.InvalidResponse);
    assertThat(send(request("/html", List.of())).success()).isTrue();
  }

  @Test
  void bodyBeyondTheLimitIsNotReadAndCannotGiveResults() {
    var big = "{\"id\": \"" + "x".repeat(4096) + "\"}";
    respond("/big", 200, big);

    var withResults = send(request("/big", List.of(new ResultSpec("id", "$.id"))));
    var withoutResults = send(request("/big", List.of()));

    assertThat(withResults.reason()).isEqualTo(Reason.InvalidResponse);
    assertThat(withResults.message()).contains("larger than 1024 bytes");
    assertThat(withoutResults.success()).isTrue();
  }

  @Test
  void bodyAtTheLimitIsRead() {
    var padding = "x".repeat(1024 - "{\"id\":\"\"}".length());
    respond("/exact", 200, "{\"id\":\"" + padding + "\"}");

    var outcome = send(request("/exact", List.of(new ResultSpec("id", "$.id"))));

    assertThat(outcome.results()).containsEntry("id", padding);
  }

  @Test
  void messagesNeverCarryHeaderValuesOrTheBody() {
    respond("/down", 500, "");

    var outcome = send(new ResolvedHttpRequest(HttpNode.Method.PUT, url("/down"),
        List.of(new Header("Authorization", "Bearer t0ps3cret")), "password=hunter2", TIMEOUT, List.of(), List.of(),
        "k"));

    assertThat(outcome.toString()).doesNotContain("t0ps3cret").doesNotContain("hunter2");
  }

  @Test
  void afterCloseNothingIsSent() {
    respond("/ok", 200, "");
    http.close();

    var outcome = send(request("/ok", List.of()));

    assertThat(outcome.reason()).isEqualTo(Reason.ConnectionFailed);
    assertThat(outcome.message()).contains("operator is stopping");
    assertThat(seen).isEmpty();
  }

  @Test
  void closeEndsCallsInFlight() {
    server.createContext("/slow", exchange -> {
      await(release);
      reply(exchange, 200, "");
    });
    var pending = http.send(new ResolvedHttpRequest(HttpNode.Method.GET, url("/slow"), List.of(), null,
        Duration.ofMinutes(1), List.of(), List.of(), "k"));

    http.close();

    assertThat(pending).succeedsWithin(Duration.ofSeconds(5))
        .satisfies(outcome -> assertThat(outcome.reason()).isEqualTo(Reason.ConnectionFailed));
  }

  private HttpOutcome send(ResolvedHttpRequest request) {
    return http.send(request).orTimeout(10, TimeUnit.SECONDS).join();
  }

  private ResolvedHttpRequest request(String path, List<ResultSpec> results) {
    return new ResolvedHttpRequest(HttpNode.Method.GET, url(path), List.of(), null, TIMEOUT, List.of(), results, "k");
  }

  private ResolvedHttpRequest expecting(String path, List<Integer> expectStatus) {
    return new ResolvedHttpRequest(HttpNode.Method.GET, url(path), List.of(), null, TIMEOUT, expectStatus, List.of(),
        "k");
  }

  private URI url(String path) {
    return URI.create("http://127.0.0.1:" + server.getAddress().getPort() + path);
  }

  private void respond(String path, int status, String body) {
    server.createContext(path, exchange -> reply(exchange, status, body));
  }

  private static void reply(HttpExchange exchange, int status, String body) throws IOException {
    exchange.getRequestBody().readAllBytes();
    var bytes = body.getBytes(StandardCharsets.UTF_8);
    exchange.sendResponseHeaders(status, bytes.length == 0 ? -1 : bytes.length);
    try (OutputStream out = exchange.getResponseBody()) {
      out.write(bytes);
    }
  }

  private static void await(CountDownLatch latch) {
    try {
      latch.await(30, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
