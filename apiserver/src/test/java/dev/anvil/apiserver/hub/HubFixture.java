package dev.anvil.apiserver.hub;

import dev.anvil.apiserver.testing.RedisClients;
import dev.anvil.testing.RedisProcess;
import dev.anvil.testing.EmbeddedKubeApi;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.lettuce.core.RedisClient;
import io.lettuce.core.api.StatefulRedisConnection;
import io.lettuce.core.codec.ByteArrayCodec;
import io.lettuce.core.codec.RedisCodec;
import io.lettuce.core.codec.StringCodec;
import java.time.Duration;

/** Real Redis and the embedded Kubernetes API for one hub test class, with a flushed Redis per test. */
final class HubFixture implements AutoCloseable {

  static final HubProperties PROPERTIES = HubProperties.defaults()
      .withHeartbeat(Duration.ofMillis(400), Duration.ofMillis(100)).withCommandBlock(Duration.ofMillis(200));

  final RedisProcess redis = RedisProcess.start();
  final EmbeddedKubeApi kube = EmbeddedKubeApi.start();
  final KubernetesClient kubernetes = kube.newClient();
  final RedisClient client = RedisClients.client(redis);
  final StatefulRedisConnection<String, String> strings = client.connect();
  final StatefulRedisConnection<String, byte[]> bytes =
      client.connect(RedisCodec.of(StringCodec.UTF8, ByteArrayCodec.INSTANCE));

  void flush() {
    strings.sync().flushall();
  }

  HubServer hub(String replicaId) {
    return new HubServer(PROPERTIES.withReplicaId(replicaId), client, kubernetes, HubServer.tokens(Agents.TOKEN));
  }

  @Override
  public void close() {
    strings.close();
    bytes.close();
    client.shutdown();
    kubernetes.close();
    kube.close();
    redis.close();
  }
}
