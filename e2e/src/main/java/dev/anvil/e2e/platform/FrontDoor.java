package dev.anvil.e2e.platform;

import dev.anvil.apiserver.ApiServerApplication;
import dev.anvil.apiserver.security.ApiKeys;
import io.fabric8.kubernetes.api.model.SecretBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.utils.Serialization;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;

/**
 * The apiserver in this process, in front of a Kubernetes API on plain HTTP, with one API key allowed everything:
 * the front door of the embedded platform, its end-to-end tests and its benchmarks.
 */
public final class FrontDoor implements AutoCloseable {

  /** The API key of user {@code admin}, allowed every verb in every namespace. */
  public static final String ADMIN_TOKEN = "anvil_admin_" + "e2e0".repeat(8);
  private static final String NAMESPACE = "anvil-system";

  private final ConfigurableApplicationContext app;

  private FrontDoor(ConfigurableApplicationContext app) {
    this.app = app;
  }

  /**
   * Boots the apiserver against the API {@code kubernetes} talks to (at {@code apiUrl}) and the central Redis at
   * {@code redisUri}; its own agent hub listens on a free loopback port.
   */
  public static FrontDoor start(KubernetesClient kubernetes, String apiUrl, String redisUri) {
    return start(kubernetes, apiUrl, redisUri, List.of());
  }

  /**
   * As {@link #start(KubernetesClient, String, String)}, with {@code extraArgs} (Spring arguments such as
   * {@code --anvil.auth.delegated.ttl=3s}) after the defaults, so they override them.
   */
  public static FrontDoor start(KubernetesClient kubernetes, String apiUrl, String redisUri, List<String> extraArgs) {
    kubernetes.secrets().inNamespace(NAMESPACE).resource(new SecretBuilder().withNewMetadata()
        .withName("anvil-api-keys").withNamespace(NAMESPACE).endMetadata()
        .withStringData(Map.of("admin", Serialization.asJson(Map.of("hash", ApiKeys.hash(ADMIN_TOKEN), "user",
            "admin", "namespaces", List.of("*"), "verbs", List.of("*"))))).build()).createOr(r -> r.update());
    System.setProperty("kubernetes.master", apiUrl);
    System.setProperty("kubernetes.auth.tryKubeConfig", "false");
    try {
      var args = new ArrayList<>(List.of("--server.port=0",
          "--server.address=127.0.0.1", "--server.shutdown=immediate", "--spring.grpc.server.port=" + freePort(),
          "--spring.grpc.server.address=127.0.0.1", "--anvil.redis.uri=" + redisUri,
          "--anvil.hub.bootstrap-secret.namespace=" + NAMESPACE, "--anvil.auth.api-keys.secret-namespace=" + NAMESPACE,
          "--anvil.auth.delegated.secret-namespace=" + NAMESPACE, "--anvil.authz.mode=api-key-namespaces",
          "--anvil.ratelimit.enabled=false", "--anvil.auth.token-review.enabled=false"));
      args.addAll(extraArgs);
      var app = new SpringApplicationBuilder(ApiServerApplication.class).run(args.toArray(String[]::new));
      var door = new FrontDoor(app);
      var keys = app.getBean(ApiKeys.class);
      var deadline = System.nanoTime() + 20_000_000_000L;
      while (keys.size() == 0 && System.nanoTime() < deadline) {
        pause(); // start-up: the key Secret's watch has no event to wait on
      }
      return door;
    } finally {
      System.clearProperty("kubernetes.master");
      System.clearProperty("kubernetes.auth.tryKubeConfig");
    }
  }

  /** {@code http://127.0.0.1:<port>} of the REST routes and WebSockets. */
  public String url() {
    return "http://127.0.0.1:" + app.getEnvironment().getProperty("local.server.port");
  }

  private static void pause() {
    try {
      Thread.sleep(20);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted", e);
    }
  }

  private static int freePort() {
    try (var socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      return socket.getLocalPort();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  @Override
  public void close() {
    app.close();
  }
}
