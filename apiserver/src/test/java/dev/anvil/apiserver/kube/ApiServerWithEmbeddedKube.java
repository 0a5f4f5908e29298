package dev.anvil.apiserver.kube;

import dev.anvil.apiserver.ApiServerApplication;
import dev.anvil.apiserver.testing.RedisClients;
import dev.anvil.testing.EmbeddedKubeApi;
import dev.anvil.testing.RedisProcess;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.util.ArrayList;
import java.util.List;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;

/** The booted apiserver in front of the embedded Kubernetes API, with a real Redis: what kubectl is pointed at. */
final class ApiServerWithEmbeddedKube implements AutoCloseable {

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

  static ApiServerWithEmbeddedKube start(String... extraArgs) throws java.io.IOException {
    var redis = RedisProcess.start();
    var kube = EmbeddedKubeApi.start();
    System.setProperty("kubernetes.master", kube.url());
    System.setProperty("kubernetes.auth.tryKubeConfig", "false");
    var args = new ArrayList<>(List.of("--server.port=0", "--server.address=127.0.0.1",
        "--spring.grpc.server.port=" + RedisClients.freePort(), "--spring.grpc.server.address=127.0.0.1",
        "--anvil.redis.uri=" + redis.uri(), "--anvil.hub.bootstrap-secret.namespace=anvil"));
    args.addAll(List.of(extraArgs));
    try {
      var app = new SpringApplicationBuilder(ApiServerApplication.class).run(args.toArray(String[]::new));
      return new ApiServerWithEmbeddedKube(redis, kube, app);
    } finally {
      System.clearProperty("kubernetes.master");
      System.clearProperty("kubernetes.auth.tryKubeConfig");
    }
  }

  /** {@code http://127.0.0.1:<port>} of the REST routes. */
  String url() {
    return "http://127.0.0.1:" + app.getEnvironment().getProperty("local.server.port");
  }

  /** A client of the backing API itself, to act as the operator would. */
  KubernetesClient backing() {
    return client;
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
      System.out.println("APISERVER " + server.url());
      Thread.currentThread().join();
    }
  }
}
