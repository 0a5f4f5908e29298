package dev.anvil.apiserver.kube;

import static org.awaitility.Awaitility.await;

import dev.anvil.apiserver.security.ApiKeys;
import dev.anvil.apiserver.testing.TestTls;
import io.fabric8.kubernetes.api.model.SecretBuilder;
import io.fabric8.kubernetes.client.utils.Serialization;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.time.Duration;
import java.util.Map;

import dev.anvil.apiserver.ApiServerApplication;
import dev.anvil.apiserver.testing.RedisClients;
import dev.anvil.testing.EmbeddedKubeApi;
import dev.anvil.testing.RedisProcess;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.util.ArrayList;
import java.util.List;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;

/**
 * The booted apiserver in front of the embedded Kubernetes API, with a real Redis: what kubectl is pointed at. It
 * serves HTTPS (kubectl sends tokens only over TLS) and knows one API key, {@link #TOKEN}, allowed everything.
 */
public final class ApiServerWithEmbeddedKube implements AutoCloseable {

  /** An API key of user {@code admin}, allowed every verb in every namespace (anvil.authz.mode=api-key-namespaces). */
  public static final String TOKEN = "anvil_admin_" + "a".repeat(32);
  /** An API key of user {@code team-a}, allowed to read in namespace {@code team-a} only. */
  public static final String TEAM_A_TOKEN = "anvil_teama_" + "t".repeat(32);
  public static final TestTls TLS = TestTls.create();

  private final RedisProcess redis;
  private final EmbeddedKubeApi kube;
  private final KubernetesClient client;
  private final ConfigurableApplicationContext app;

  private ApiServerWithEmbeddedKube(RedisProcess redis, EmbeddedKubeApi kube, ConfigurableApplicationContext app) {
    this.redis = redis;
    this.kube = kube;
    this.client = kube.newClient();
    this.app = app;
  }

  public static ApiServerWithEmbeddedKube start(String... extraArgs) throws java.io.IOException {
    var redis = RedisProcess.start();
    var kube = EmbeddedKubeApi.start();
    try (var client = kube.newClient()) {
      client.secrets().inNamespace("anvil").resource(new SecretBuilder().withNewMetadata().withName("anvil-api-keys")
          .endMetadata().withStringData(Map.of("admin", Serialization.asJson(Map.of("hash", ApiKeys.hash(TOKEN),
              "user", "admin", "namespaces", List.of("*"), "verbs", List.of("*"))),
              "teama", Serialization.asJson(Map.of("hash", ApiKeys.hash(TEAM_A_TOKEN), "user", "team-a",
                  "namespaces", List.of("team-a"), "verbs", List.of("get", "list", "watch"))))).build()).create();
    }
    System.setProperty("kubernetes.master", kube.url());
    System.setProperty("kubernetes.auth.tryKubeConfig", "false");
    var args = new ArrayList<>(List.of("--server.port=0", "--server.address=127.0.0.1",
        "--spring.grpc.server.port=" + RedisClients.freePort(), "--spring.grpc.server.address=127.0.0.1",
        "--anvil.redis.uri=" + redis.uri(), "--anvil.hub.bootstrap-secret.namespace=anvil",
        "--anvil.auth.api-keys.secret-namespace=anvil", "--anvil.auth.delegated.secret-namespace=anvil",
        "--anvil.authz.mode=api-key-namespaces", "--anvil.ratelimit.enabled=false",
        // the embedded API answers no TokenReview: a token that is no API key is refused at once
        "--anvil.auth.token-review.enabled=false"));
    args.addAll(TLS.serverArgs());
    args.addAll(List.of(extraArgs));
    try {
      var app = new SpringApplicationBuilder(ApiServerApplication.class).run(args.toArray(String[]::new));
      await().atMost(Duration.ofSeconds(20)).until(() -> app.getBean(ApiKeys.class).size() == 2);
      return new ApiServerWithEmbeddedKube(redis, kube, app);
    } finally {
      System.clearProperty("kubernetes.master");
      System.clearProperty("kubernetes.auth.tryKubeConfig");
    }
  }

  /** {@code https://127.0.0.1:<port>} of the REST routes. */
  public String url() {
    return "https://127.0.0.1:" + app.getEnvironment().getProperty("local.server.port");
  }

  /** An HTTP client that trusts the apiserver's test certificate. */
  public static HttpClient http() {
    return HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).sslContext(TLS.sslContext()).build();
  }

  /** A request to the apiserver carrying {@link #TOKEN}. */
  public static HttpRequest.Builder request(String url) {
    return HttpRequest.newBuilder(URI.create(url)).header("Authorization", "Bearer " + TOKEN);
  }

  /** A client of the backing API itself, to act as the operator would. */
  public KubernetesClient backing() {
    return client;
  }

  /** The port of the apiserver's own agent hub (gRPC, plaintext). */
  public int grpcPort() {
    return Integer.parseInt(app.getEnvironment().getProperty("spring.grpc.server.port"));
  }

  public <T> T bean(Class<T> type) {
    return app.getBean(type);
  }

  /** The central Redis the apiserver reads, to act as the operator would. */
  String redisUri() {
    return redis.uri();
  }

  EmbeddedKubeApi kube() {
    return kube;
  }

  @Override
  public void close() {
    app.close();
    client.close();
    kube.close();
    redis.close();
  }

  /** Runs the apiserver for trying kubectl by hand: prints its URL and waits. */
  public static void main(String[] args) throws Exception {
    try (var server = start(args)) {
      System.out.println("APISERVER " + server.url() + " token " + TOKEN + " CA " + TLS.caPem());
      Thread.currentThread().join();
    }
  }
}
