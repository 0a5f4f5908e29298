package dev.anvil.apiserver.security;

import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.fabric8.kubernetes.client.utils.Serialization;
import io.lettuce.core.api.StatefulRedisConnection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.grpc.server.lifecycle.GrpcServerLifecycle;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RestController;

/**
 * {@code /api/v1/health} (readiness: the central Redis and the Kubernetes API answer and the hub's gRPC server runs;
 * 200 or 503 with each check's detail) and {@code /api/v1/health/live} (liveness: the process serves HTTP). Served
 * without a token; says nothing secret.
 */
@RestController
public class HealthController {

  public static final List<String> PATHS = List.of("/api/v1/health", "/api/v1/health/live");
  private static final long CHECK_SECONDS = 2;

  private final StatefulRedisConnection<String, String> redis;
  private final KubernetesClient kubernetes;
  private final String probeNamespace;
  private final String probeSecret;
  private final ObjectProvider<GrpcServerLifecycle> grpcServer;

  public HealthController(StatefulRedisConnection<String, String> healthRedisConnection, KubernetesClient kubernetes,
      ApiKeyWatch apiKeys, ObjectProvider<GrpcServerLifecycle> grpcServer) {
    this.redis = healthRedisConnection;
    this.kubernetes = kubernetes;
    this.probeNamespace = apiKeys.namespace();
    this.probeSecret = apiKeys.name();
    this.grpcServer = grpcServer;
  }

  @GetMapping("/api/v1/health/live")
  public ResponseEntity<String> live() {
    return json(200, Map.of("status", "ok"));
  }

  @GetMapping("/api/v1/health")
  public ResponseEntity<String> ready() {
    var checks = new LinkedHashMap<String, Object>();
    checks.put("redis", check(this::redisAnswers));
    checks.put("kubernetes", check(this::kubernetesAnswers));
    checks.put("hub", check(this::hubRuns));
    var ready = checks.values().stream().allMatch(c -> Boolean.TRUE.equals(((Map<?, ?>) c).get("ok")));
    var body = new LinkedHashMap<String, Object>();
    body.put("status", ready ? "ok" : "unavailable");
    body.put("live", true);
    body.put("ready", ready);
    body.put("checks", checks);
    return json(ready ? 200 : 503, body);
  }

  private interface Check {
    String run() throws Exception;
  }

  private static Map<String, Object> check(Check check) {
    var result = new LinkedHashMap<String, Object>();
    try {
      var error = check.run();
      result.put("ok", error == null);
      if (error != null) {
        result.put("error", error);
      }
    } catch (Exception e) {
      result.put("ok", false);
      result.put("error", e.getClass().getSimpleName());
    }
    return result;
  }

  private String redisAnswers() throws Exception {
    var pong = redis.async().ping().get(CHECK_SECONDS, TimeUnit.SECONDS);
    return "PONG".equals(pong) ? null : "unexpected answer to PING";
  }

  /** Any HTTP answer means the API is reachable; the Secret read is one the apiserver may make anyway. */
  private String kubernetesAnswers() {
    try {
      kubernetes.secrets().inNamespace(probeNamespace).withName(probeSecret).get();
      return null;
    } catch (KubernetesClientException e) {
      return e.getCode() > 0 ? null : "unreachable";
    }
  }

  private String hubRuns() {
    var server = grpcServer.getIfAvailable();
    return server != null && server.isRunning() ? null : "the gRPC server is not running";
  }

  private static ResponseEntity<String> json(int code, Map<String, ?> body) {
    return ResponseEntity.status(code).contentType(MediaType.APPLICATION_JSON).body(Serialization.asJson(body));
  }
}
