package dev.anvil.agent;

import dev.anvil.apiserver.hub.HubProperties;
import dev.anvil.apiserver.hub.LoopbackHub;
import dev.anvil.testing.EmbeddedKubeApi;
import dev.anvil.testing.RedisProcess;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.lettuce.core.RedisClient;
import io.lettuce.core.api.StatefulRedisConnection;
import io.lettuce.core.codec.ByteArrayCodec;
import io.lettuce.core.codec.RedisCodec;
import io.lettuce.core.codec.StringCodec;
import java.time.Duration;

/**
 * The platform side of the agent ITs: a real hub (the apiserver's public classes) on a loopback port, its central
 * Redis, and the embedded Kubernetes API holding the bootstrap-token Secret it watches.
 */
final class CentralHub implements AutoCloseable {

  static final String TOKEN = "bootstrap-4be2d91c";
  static final HubProperties PROPERTIES = HubProperties.defaults()
      .withHeartbeat(Duration.ofMillis(400), Duration.ofMillis(200)).withCommandBlock(Duration.ofMillis(200))
      .withReplicaId("hub-it");

  final RedisProcess redis = RedisProcess.start();
  final EmbeddedKubeApi kube = EmbeddedKubeApi.start();
  final KubernetesClient kubernetes = kube.newClient();
  final RedisClient client = RedisClient.create(redis.uri());
  final StatefulRedisConnection<String, String> strings = client.connect();
  final StatefulRedisConnection<String, byte[]> bytes =
      client.connect(RedisCodec.of(StringCodec.UTF8, ByteArrayCodec.INSTANCE));
  private final LoopbackHub hub = LoopbackHub.start(kubernetes, client, PROPERTIES, TOKEN);

  int port() {
    return hub.port();
  }

  /** Stops the gRPC server: every agent stream ends at once, as when the replica's pod dies. */
  void stopServer() {
    hub.stopServer();
  }

  /** Starts the gRPC server again on the same port. */
  void startServer() {
    hub.startServer();
  }

  @Override
  public void close() {
    hub.close();
    strings.close();
    bytes.close();
    client.shutdown();
    kubernetes.close();
    kube.close();
    redis.close();
  }
}
