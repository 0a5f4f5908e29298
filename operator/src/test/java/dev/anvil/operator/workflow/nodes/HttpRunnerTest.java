package dev.anvil.operator.workflow.nodes;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.sun.net.httpserver.HttpServer;
import dev.anvil.crds.v1alpha1.CircuitBreakerPolicy;
import dev.anvil.crds.v1alpha1.HttpAuth;
import dev.anvil.crds.v1alpha1.HttpHeader;
import dev.anvil.crds.v1alpha1.HttpNode;
import dev.anvil.crds.v1alpha1.HttpResult;
import dev.anvil.crds.v1alpha1.WorkflowNode;
import dev.anvil.operator.workflow.InFlightCalls;
import dev.anvil.operator.workflow.NodeAttempt;
import dev.anvil.operator.workflow.NodeStep;
import dev.anvil.operator.workflow.TestAttempts;
import dev.anvil.operator.workflow.WorkflowServices;
import dev.anvil.operator.workflow.calls.CircuitBreakers;
import dev.anvil.operator.workflow.calls.HttpCall;
import dev.anvil.operator.workflow.calls.Permit;
import dev.anvil.testing.EmbeddedKubeApi;
import io.fabric8.kubernetes.api.model.SecretBuilder;
import io.fabric8.kubernetes.api.model.SecretKeySelector;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.javaoperatorsdk.operator.processing.event.ResourceID;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The http node against a local HTTP server and the mock API (for Secrets). */
class HttpRunnerTest {

  private static final String TOKEN = "s3cr3t-token-value";
  private static final String PASSWORD = "pa55-w0rd-value";
  private static final String API_KEY = "k3y-value";

  private static EmbeddedKubeApi api;
  private static KubernetesClient client;
  private static HttpServer server;
  private static HttpCall http;
  /** Request headers by path (last request). */
  private static final Map<String, Map<String, List<String>>> seen = new ConcurrentHashMap<>();

  private final List<ResourceID> woken = new CopyOnWriteArrayList<>();
  private final HttpRunner runner = new HttpRunner();
  private WorkflowServices services;

  @BeforeAll
  static void start() throws IOException {
    api = EmbeddedKubeApi.start();
    client = api.newClient();
    client.resource(secret("api-token", Map.of("token", TOKEN, "username", "ops", "password", PASSWORD, "key",
        API_KEY, "newline", TOKEN + "\n"))).create();
    server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
    server.createContext("/", exchange -> {
      seen.put(exchange.getRequestURI().getPath(), Map.copyOf(exchange.getRequestHeaders()));
      var fail = exchange.getRequestURI().getPath().startsWith("/fail");
      var body = (fail ? "{\"error\":\"down\"}" : "{\"id\":\"42\"}").getBytes(StandardCharsets.UTF_8);
      exchange.sendResponseHeaders(fail ? 503 : 200, body.length);
      exchange.getResponseBody().write(body);
      exchange.close();
    });
    server.start();
    http = new HttpCall();
  }

  @AfterAll
  static void stop() {
    http.close();
    server.stop(0);
    client.close();
    api.close();
  }

  @BeforeEach
  void newServices() {
    services = new WorkflowServices(client, http, new InFlightCalls(),
        new CircuitBreakers(Clock.systemUTC(), new SimpleMeterRegistry()), null, null, woken::add);
  }

  private static io.fabric8.kubernetes.api.model.Secret secret(String name, Map<String, String> values) {
    var builder = new SecretBuilder().withNewMetadata().withName(name).withNamespace(TestAttempts.NAMESPACE)
        .endMetadata();
    values.forEach((k, v) -> builder.addToData(k, Base64.getEncoder().encodeToString(v.getBytes(
        StandardCharsets.UTF_8))));
    return builder.build();
  }

  private static String url(String path) {
    return "http://127.0.0.1:" + server.getAddress().getPort() + path;
  }

  private static WorkflowNode node(String path) {
    var spec = new HttpNode();
    spec.setMethod(HttpNode.Method.POST);
    spec.setUrl(url(path));
    spec.setBody("{}");
    var node = new WorkflowNode("notify");
    node.setHttp(spec);
    return node;
  }

  private NodeAttempt attempt(WorkflowNode node, int attempt) {
    var now = Instant.now();
    return TestAttempts.attempt(TestAttempts.workflow(node), node, services, 1, attempt, now, now, List.of(),
        List.of());
  }

  /** Sends the attempt, waits for the wake-up its completion sends, and steps it again. */
  private NodeStep sendAndTake(NodeAttempt attempt) {
    var sent = runner.step(attempt);
    assertThat(sent).isEqualTo(new NodeStep.Running("sent POST 127.0.0.1", null));
    await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> assertThat(woken)
        .containsExactly(new ResourceID("wf", TestAttempts.NAMESPACE)));
    return runner.step(attempt);
  }

  private static void assertNoSecretIn(NodeStep step) {
    assertThat(step.toString()).doesNotContain(TOKEN).doesNotContain(PASSWORD).doesNotContain(API_KEY);
  }

  @Test
  void bearerTokenAndSecretHeadersAreSentWithTheAttemptKeyAsIdempotencyKey() {
    var node = node("/bearer");
    var auth = new HttpAuth();
    auth.setName("api-token");
    node.getHttp().setAuthSecretRef(auth);
    var fromSecret = new HttpHeader();
    fromSecret.setName("X-Api-Key");
    fromSecret.setSecretKeyRef(new SecretKeySelector("key", "api-token", null));
    node.getHttp().setHeaders(List.of(new HttpHeader("X-Trace", "t-1"), fromSecret));
    node.getHttp().setResults(List.of(new HttpResult("id", "$.id")));
    var attempt = attempt(node, 2);

    var done = sendAndTake(attempt);
    assertThat(done).isEqualTo(new NodeStep.Succeeded(Map.of("statusCode", "200", "id", "42")));
    var headers = seen.get("/bearer");
    assertThat(headers.get("Authorization")).containsExactly("Bearer " + TOKEN);
    assertThat(headers.get("X-api-key")).containsExactly(API_KEY);
    assertThat(headers.get("X-trace")).containsExactly("t-1");
    assertThat(headers.get("Idempotency-key")).containsExactly(TestAttempts.UID + "-notify-1-2");
    assertThat(attempt.key()).isEqualTo(TestAttempts.UID + "-notify-1-2");
    assertThat(services.calls().get(attempt.key())).as("the taken outcome is forgotten").isNull();
  }

  @Test
  void basicAuthReadsUsernameAndPassword() {
    var node = node("/basic");
    var auth = new HttpAuth();
    auth.setName("api-token");
    auth.setType(HttpAuth.Type.Basic);
    node.getHttp().setAuthSecretRef(auth);
    assertThat(sendAndTake(attempt(node, 1))).isInstanceOf(NodeStep.Succeeded.class);
    assertThat(seen.get("/basic").get("Authorization")).containsExactly("Basic "
        + Base64.getEncoder().encodeToString(("ops:" + PASSWORD).getBytes(StandardCharsets.UTF_8)));
  }

  @Test
  void aMissingSecretOrKeyFailsTheAttemptRetryablyWithoutSending() {
    var node = node("/missing");
    var auth = new HttpAuth();
    auth.setName("ghost");
    node.getHttp().setAuthSecretRef(auth);
    assertThat(runner.step(attempt(node, 1)))
        .isEqualTo(new NodeStep.Failed("SecretUnavailable", "Secret lab/ghost not found", true));

    auth.setName("api-token");
    auth.setKey("nope");
    var step = runner.step(attempt(node, 1));
    assertThat(step).isEqualTo(new NodeStep.Failed("SecretUnavailable", "Secret lab/api-token has no key nope", true));
    assertThat(seen).doesNotContainKey("/missing");
    assertThat(woken).isEmpty();
  }

  @Test
  void aFailedCallIsRetryableAndItsMessageHoldsNoSecret() {
    var node = node("/fail");
    var auth = new HttpAuth();
    auth.setName("api-token");
    node.getHttp().setAuthSecretRef(auth);
    var step = (NodeStep.Failed) sendAndTake(attempt(node, 1));
    assertThat(step.reason()).isEqualTo("UnexpectedStatus");
    assertThat(step.message()).startsWith("HTTP 503 from 127.0.0.1:");
    assertThat(step.retryable()).isTrue();
    assertNoSecretIn(step);
  }

  @Test
  void aSecretValueHttpDoesNotAllowFailsTheNodeWithoutShowingIt() {
    var node = node("/newline");
    var auth = new HttpAuth();
    auth.setName("api-token");
    auth.setKey("newline");
    node.getHttp().setAuthSecretRef(auth);
    node.setCircuitBreaker(new CircuitBreakerPolicy());
    var step = (NodeStep.Failed) runner.step(attempt(node, 1));
    assertThat(step.reason()).isEqualTo("InvalidSpec");
    assertThat(step.retryable()).isFalse();
    assertNoSecretIn(step);
    assertThat(seen).doesNotContainKey("/newline");
  }

  @Test
  void aUrlWithoutSchemeFailsTheNode() {
    var node = node("/x");
    node.getHttp().setUrl("127.0.0.1/x");
    node.setCircuitBreaker(new CircuitBreakerPolicy());
    assertThat(runner.step(attempt(node, 1))).isEqualTo(new NodeStep.Failed("InvalidSpec",
        "the URL must start with http:// or https://", false));
    node.setCircuitBreaker(null);
    assertThat(runner.step(attempt(node, 1))).isEqualTo(new NodeStep.Failed("InvalidSpec",
        "the URL must start with http:// or https://", false));
  }

  @Test
  void anOpenBreakerFailsTheAttemptUntilItLetsCallsThrough() {
    var node = node("/open");
    var policy = new CircuitBreakerPolicy();
    policy.setFailureThreshold(1);
    policy.setOpenFor("1m");
    node.setCircuitBreaker(policy);
    var target = CircuitBreakers.targetOf(java.net.URI.create(url("/open")));
    ((Permit.Granted) services.breakers().tryAcquire(target, policy)).failure(Duration.ofMillis(5));

    var step = (NodeStep.Failed) runner.step(attempt(node, 1));
    assertThat(step.reason()).isEqualTo("CircuitOpen");
    assertThat(step.retryable()).isTrue();
    assertThat(step.notBefore()).isAfter(Instant.now().plusSeconds(50)).isBefore(Instant.now().plusSeconds(61));
    assertThat(step.message()).isEqualTo("circuit breaker for " + target + " is open until " + step.notBefore());
    assertThat(seen).doesNotContainKey("/open");
  }

  @Test
  void stopForgetsTheCallInFlight() {
    var node = node("/stopped");
    var attempt = attempt(node, 1);
    runner.step(attempt);
    runner.stop(attempt, "the Workflow failed");
    assertThat(services.calls().get(attempt.key())).isNull();
  }
}
