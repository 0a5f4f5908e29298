package dev.anvil.operator.workflow.calls;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.anvil.operator.workflow.calls.HttpOutcome.Reason;
import java.io.IOException;
import java.net.ConnectException;
import java.net.http.HttpClient;
import java.net.http.HttpConnectTimeoutException;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.nio.charset.StandardCharsets;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLException;

/**
 * Sends http node attempts through one shared JDK {@link HttpClient} without blocking the caller.
 *
 * <p>Choices, and why:
 * <ul>
 *   <li>Redirects are not followed: a 3xx is a response like any other (success only when listed in expectStatus),
 *       because following one would reach a host the circuit breaker does not cover and carry the request's
 *       credentials there.</li>
 *   <li>https:// asks for HTTP/2 (negotiated with ALPN, falling back to HTTP/1.1); http:// uses HTTP/1.1, since the
 *       cleartext HTTP/2 upgrade the JDK would otherwise attempt confuses some servers.</li>
 *   <li>TLS is verified against the given SSLContext, by default the JDK's trust store, with host names checked.</li>
 *   <li>The request timeout bounds the whole exchange, response body included; the JDK's own timeout stops at the
 *       response headers.</li>
 *   <li>At most {@code maxBodyBytes} of a response are read; the rest is not.</li>
 * </ul>
 *
 * <p>Header values and bodies are never logged nor put in outcome messages. Thread-safe; {@link #close()} at
 * operator shutdown.
 */
public final class HttpCall implements AutoCloseable {

  /** Default limit of a response body read: 1 MiB. */
  public static final int DEFAULT_MAX_BODY_BYTES = 1 << 20;
  /** Default time to establish a connection (TCP and TLS). */
  public static final Duration DEFAULT_CONNECT_TIMEOUT = Duration.ofSeconds(10);

  private static final ObjectMapper JSON = new ObjectMapper();
  private static final int SNIPPET_CHARS = 200;

  private final ExecutorService executor;
  private final HttpClient client;
  private final int maxBodyBytes;
  private final Set<CompletableFuture<?>> inFlight = ConcurrentHashMap.newKeySet();
  private volatile boolean closed;

  /** A client with the default connect timeout, body limit and the JDK's default TLS trust. */
  public HttpCall() {
    this(DEFAULT_CONNECT_TIMEOUT, DEFAULT_MAX_BODY_BYTES, defaultTls());
  }

  /**
   * A client with the given connect timeout, response body limit and TLS context (for instance one trusting a
   * CA bundle).
   */
  public HttpCall(Duration connectTimeout, int maxBodyBytes, SSLContext tls) {
    var threads = new AtomicInteger();
    this.executor = Executors.newCachedThreadPool(task -> {
      var thread = new Thread(task, "anvil-http-call-" + threads.incrementAndGet());
      thread.setDaemon(true);
      return thread;
    });
    this.client = HttpClient.newBuilder()
        .executor(executor)
        .connectTimeout(connectTimeout)
        .followRedirects(HttpClient.Redirect.NEVER)
        .sslContext(tls)
        .build();
    this.maxBodyBytes = maxBodyBytes;
  }

  /**
   * Sends one attempt. The future never completes exceptionally: every failure becomes an outcome with its reason.
   * Stages chained on it run on this client's threads or the JDK's timer thread, so keep them short.
   */
  public CompletableFuture<HttpOutcome> send(ResolvedHttpRequest request) {
    var target = CircuitBreakers.targetOf(request.url());
    if (closed) {
      return CompletableFuture.completedFuture(
          HttpOutcome.failed(Reason.ConnectionFailed, -1, "not sent to " + target + ": the operator is stopping"));
    }
    var exchange = client.sendAsync(toJdkRequest(request), info -> new BoundedBodySubscriber(maxBodyBytes));
    inFlight.add(exchange);
    // cancel(true) aborts the exchange; the JDK's own timeout would not cover a body that trickles in
    CompletableFuture.delayedExecutor(request.timeout().toMillis(), TimeUnit.MILLISECONDS)
        .execute(() -> exchange.cancel(true));
    return exchange.handle((response, error) -> {
      inFlight.remove(exchange);
      return error == null ? outcome(request, target, response) : failure(request, target, error);
    });
  }

  /**
   * Stops the client's threads. Calls still in flight end at once with ConnectionFailed, and later calls fail the
   * same way without being sent.
   */
  @Override
  public void close() {
    closed = true;
    inFlight.forEach(exchange -> exchange.cancel(true));
    executor.shutdownNow();
  }

  private static HttpRequest toJdkRequest(ResolvedHttpRequest request) {
    var builder = HttpRequest.newBuilder(request.url())
        .version("https".equalsIgnoreCase(request.url().getScheme())
            ? HttpClient.Version.HTTP_2 : HttpClient.Version.HTTP_1_1)
        .timeout(request.timeout())
        .method(request.method().name(), request.body() == null
            ? HttpRequest.BodyPublishers.noBody()
            : HttpRequest.BodyPublishers.ofString(request.body(), StandardCharsets.UTF_8));
    for (var header : request.headers()) {
      builder.header(header.name(), header.value());
    }
    return builder.setHeader("Idempotency-Key", request.idempotencyKey()).build();
  }

  private HttpOutcome outcome(ResolvedHttpRequest request, String target,
      HttpResponse<BoundedBodySubscriber.Body> response) {
    int status = response.statusCode();
    var body = response.body();
    if (!expected(request, status)) {
      var expected = request.expectStatus().isEmpty() ? "2xx" : request.expectStatus().toString();
      return HttpOutcome.failed(Reason.UnexpectedStatus, status, "HTTP " + status + " from " + target + ", expected "
          + expected + snippet(body));
    }
    if (request.results().isEmpty()) {
      return HttpOutcome.succeeded(status, Map.of());
    }
    if (body.truncated()) {
      return HttpOutcome.failed(Reason.InvalidResponse, status, "the response from " + target + " is larger than "
          + maxBodyBytes + " bytes, too large to take results from");
    }
    JsonNode json;
    try {
      json = JSON.readTree(body.bytes());
    } catch (IOException e) {
      json = null;
    }
    if (json == null || json.isMissingNode()) {
      return HttpOutcome.failed(Reason.InvalidResponse, status, "the response from " + target
          + " is not JSON, so results cannot be taken from it" + snippet(body));
    }
    var found = new LinkedHashMap<String, String>();
    for (var result : request.results()) {
      var value = JsonPathLite.compile(result.jsonPath()).evaluate(json);
      if (value.isEmpty()) {
        return HttpOutcome.failed(Reason.ResultNotFound, status, "result " + result.name() + ": " + result.jsonPath()
            + " matches nothing in the response from " + target + snippet(body));
      }
      found.put(result.name(), value.get());
    }
    return HttpOutcome.succeeded(status, found);
  }

  private HttpOutcome failure(ResolvedHttpRequest request, String target, Throwable error) {
    var cause = error instanceof CompletionException && error.getCause() != null ? error.getCause() : error;
    if (closed) {
      return HttpOutcome.failed(Reason.ConnectionFailed, -1, "call to " + target + " abandoned: the operator is "
          + "stopping");
    }
    if (cause instanceof HttpConnectTimeoutException) {
      return HttpOutcome.failed(Reason.ConnectionFailed, -1, "could not connect to " + target + ": timed out");
    }
    if (cause instanceof HttpTimeoutException || cause instanceof CancellationException) {
      return HttpOutcome.failed(Reason.Timeout, -1, "no complete response from " + target + " within "
          + request.timeout().toMillis() + "ms");
    }
    if (cause instanceof ConnectException) {
      return HttpOutcome.failed(Reason.ConnectionFailed, -1, "could not connect to " + target + ": connection refused");
    }
    if (cause instanceof SSLException) {
      return HttpOutcome.failed(Reason.ConnectionFailed, -1, "TLS with " + target + " failed: " + text(cause));
    }
    return HttpOutcome.failed(Reason.ConnectionFailed, -1, "call to " + target + " failed: " + text(cause));
  }

  private static boolean expected(ResolvedHttpRequest request, int status) {
    return request.expectStatus().isEmpty() ? status >= 200 && status <= 299 : request.expectStatus().contains(status);
  }

  /** The start of a response body for a message, on one line; empty when there is no body. */
  private static String snippet(BoundedBodySubscriber.Body body) {
    var text = new String(body.bytes(), 0, Math.min(body.bytes().length, SNIPPET_CHARS * 4), StandardCharsets.UTF_8)
        .replaceAll("\\s+", " ").replaceAll("\\p{Cntrl}", "?").strip();
    if (text.isEmpty()) {
      return "";
    }
    return ": " + (text.length() > SNIPPET_CHARS ? text.substring(0, SNIPPET_CHARS) + "…" : text);
  }

  private static String text(Throwable error) {
    var message = error.getMessage();
    var text = message == null || message.isBlank() ? error.getClass().getSimpleName() : message;
    return text.length() > SNIPPET_CHARS ? text.substring(0, SNIPPET_CHARS) + "…" : text;
  }

  private static SSLContext defaultTls() {
    try {
      return SSLContext.getDefault();
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("the JDK has no default TLS context", e);
    }
  }
}
