package dev.anvil.apiserver.security;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import dev.anvil.apiserver.ApiServerApplication;
import dev.anvil.apiserver.testing.RedisClients;
import dev.anvil.protocol.bus.CentralRedisClient;
import dev.anvil.testing.EmbeddedKubeApi;
import dev.anvil.testing.RedisProcess;
import io.fabric8.kubernetes.api.model.SecretBuilder;
import io.fabric8.kubernetes.api.model.Status;
import io.fabric8.kubernetes.client.utils.Serialization;
import io.lettuce.core.codec.ByteArrayCodec;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;
import org.springframework.boot.builder.SpringApplicationBuilder;

/** Rate limits per identity in a real Redis: 429 with Retry-After, one bucket for all replicas, fail open. */
class RateLimitIT {

  private static final HttpClient HTTP = HttpClient.newHttpClient();

  @Test
  void overItsBurstACallerGets429WithRetryAfterAndAStatusWhileOthersGoOn() throws Exception {
    var busy = "anvil_busy_" + "b".repeat(32);
    var calm = "anvil_calm_" + "c".repeat(32);
    try (var redis = RedisProcess.start(); var kube = EmbeddedKubeApi.start(); var client = kube.newClient()) {
      client.secrets().inNamespace("anvil").resource(new SecretBuilder().withNewMetadata().withName("anvil-api-keys")
          .endMetadata().withStringData(Map.of(
              "busy", Serialization.asJson(Map.of("hash", ApiKeys.hash(busy), "user", "busy")),
              "calm", Serialization.asJson(Map.of("hash", ApiKeys.hash(calm), "user", "calm")))).build()).create();
      System.setProperty("kubernetes.master", kube.url());
      System.setProperty("kubernetes.auth.tryKubeConfig", "false");
      try (var app = new SpringApplicationBuilder(ApiServerApplication.class).run(
          "--server.port=0", "--server.address=127.0.0.1",
          "--spring.grpc.server.port=" + RedisClients.freePort(), "--spring.grpc.server.address=127.0.0.1",
          "--anvil.redis.uri=" + redis.uri(), "--anvil.hub.bootstrap-secret.namespace=anvil",
          "--anvil.auth.api-keys.secret-namespace=anvil", "--anvil.auth.delegated.secret-namespace=anvil",
          "--anvil.ratelimit.requests-per-second=1", "--anvil.ratelimit.burst=3")) {
        var base = "http://127.0.0.1:" + app.getEnvironment().getProperty("local.server.port");
        await().atMost(Duration.ofSeconds(20)).until(() -> app.getBean(ApiKeys.class).size() == 2);
        var answers = new java.util.ArrayList<HttpResponse<String>>();
        for (var i = 0; i < 4; i++) {
          answers.add(get(base + "/metrics", busy));
        }
        // three within the burst (a fourth may squeeze in if a second passed meanwhile: then the fifth is refused)
        assertThat(answers.subList(0, 3)).allSatisfy(r -> assertThat(r.statusCode()).isEqualTo(200));
        var refused = answers.get(3).statusCode() == 429 ? answers.get(3) : get(base + "/metrics", busy);
        assertThat(refused.statusCode()).isEqualTo(429);
        var retryAfter = Long.parseLong(refused.headers().firstValue("Retry-After").orElseThrow());
        assertThat(retryAfter).isBetween(1L, 2L);
        var status = Serialization.unmarshal(refused.body(), Status.class);
        assertThat(status.getReason()).isEqualTo("TooManyRequests");
        assertThat(status.getCode()).isEqualTo(429);
        assertThat(status.getDetails().getRetryAfterSeconds()).isEqualTo((int) retryAfter);
        // per identity: another caller is not held back, and health is never limited
        assertThat(get(base + "/metrics", calm).statusCode()).isEqualTo(200);
        assertThat(get(base + "/api/v1/health", null).statusCode()).isEqualTo(200);
        // after Retry-After the caller gets in again
        await().atMost(Duration.ofSeconds(5)).untilAsserted(
            () -> assertThat(get(base + "/metrics", busy).statusCode()).isEqualTo(200));
      } finally {
        System.clearProperty("kubernetes.master");
        System.clearProperty("kubernetes.auth.tryKubeConfig");
      }
    }
  }

  @Test
  void twoReplicasDrawFromOneBucketInRedis() {
    try (var redis = RedisProcess.start()) {
      var clientA = RedisClients.client(redis);
      var clientB = RedisClients.client(redis);
      try (var a = clientA.connect(ByteArrayCodec.INSTANCE); var b = clientB.connect(ByteArrayCodec.INSTANCE)) {
        var properties = new RateLimitProperties(true, 1, 6);
        var replicaA = new RateLimiter(a, properties);
        var replicaB = new RateLimiter(b, properties);
        var allowed = 0;
        for (var i = 0; i < 6; i++) {
          allowed += (i % 2 == 0 ? replicaA : replicaB).tryAcquire("shared").allowed() ? 1 : 0;
        }
        assertThat(allowed).isGreaterThanOrEqualTo(6);
        // the bucket both replicas used is empty, whichever asks
        assertThat(replicaA.tryAcquire("shared").allowed() && replicaB.tryAcquire("shared").allowed()).isFalse();
        assertThat(replicaB.tryAcquire("someone-else").allowed()).isTrue();
      } finally {
        clientA.shutdown();
        clientB.shutdown();
      }
    }
  }

  @Test
  void withRedisDownRequestsPassAndTheOutageIsLoggedOnce() {
    var log = new ListAppender<ILoggingEvent>();
    var logger = (Logger) LoggerFactory.getLogger(RateLimiter.class);
    logger.addAppender(log);
    log.start();
    try (var redis = RedisProcess.start()) {
      var client = CentralRedisClient.create(redis.uri(), Duration.ofSeconds(1));
      try (var connection = client.connect(ByteArrayCodec.INSTANCE)) {
        var limiter = new RateLimiter(connection, new RateLimitProperties(true, 1, 1));
        assertThat(limiter.tryAcquire("u").allowed()).isTrue();
        assertThat(limiter.tryAcquire("u").allowed()).isFalse();
        redis.kill();
        for (var i = 0; i < 5; i++) {
          assertThat(limiter.tryAcquire("u").allowed()).isTrue();
        }
        assertThat(log.list.stream().filter(e -> e.getLevel() == Level.WARN).toList()).hasSize(1)
            .allSatisfy(e -> assertThat(e.getFormattedMessage()).contains("not limited"));
      } finally {
        client.shutdown();
      }
    } finally {
      logger.detachAppender(log);
    }
  }

  private static HttpResponse<String> get(String url, String token) throws Exception {
    var request = HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(30));
    if (token != null) {
      request.header("Authorization", "Bearer " + token);
    }
    return HTTP.send(request.build(), HttpResponse.BodyHandlers.ofString());
  }
}
