package dev.anvil.operator.agent;

import dev.anvil.operator.AnvilOperator;
import dev.anvil.operator.config.OperatorConfig;
import dev.anvil.testing.EmbeddedKubeApi;
import dev.anvil.testing.RedisProcess;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.lettuce.core.RedisClient;
import io.lettuce.core.api.StatefulRedisConnection;
import io.lettuce.core.api.sync.RedisCommands;
import io.lettuce.core.codec.ByteArrayCodec;
import io.lettuce.core.codec.RedisCodec;
import io.lettuce.core.codec.StringCodec;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * What the agent-bus ITs run on: a real central Redis, the embedded Kubernetes API, and the operators and fake
 * agents a test starts through it, closed in reverse order.
 */
final class BusRig implements AutoCloseable {

  static final Duration HEARTBEAT_TIMEOUT = Duration.ofSeconds(2);

  final RedisProcess redisProcess = RedisProcess.start();
  private final RedisClient redisClient = RedisClient.create(redisProcess.uri());
  private final StatefulRedisConnection<String, byte[]> connection =
      redisClient.connect(RedisCodec.of(StringCodec.UTF8, ByteArrayCodec.INSTANCE));
  final RedisCommands<String, byte[]> redis = connection.sync();
  private final EmbeddedKubeApi api = EmbeddedKubeApi.start();
  final KubernetesClient client = api.newClient();
  private final List<AutoCloseable> closeables = new ArrayList<>();

  /** An operator on this Redis with a 2 s heartbeat timeout, closed with the rig (or earlier by {@link #stop}). */
  AnvilOperator operator() {
    return closeLater(AnvilOperator.start(client, OperatorConfig.local().withAgentBus(redisProcess.uri(),
        HEARTBEAT_TIMEOUT)));
  }

  /** A fake agent of {@code datacenter} with two slots. */
  FakeAgent agent(String id, String datacenter) {
    return agent(id, datacenter, 2);
  }

  FakeAgent agent(String id, String datacenter, int capacity) {
    return closeLater(new FakeAgent(redis, id, datacenter, capacity));
  }

  <T extends AutoCloseable> T closeLater(T closeable) {
    closeables.add(closeable);
    return closeable;
  }

  /** Closes an operator now (one that is to "crash"), instead of with the rig. */
  void stop(AnvilOperator operator) {
    closeables.remove(operator);
    operator.close();
  }

  @Override
  public void close() throws Exception {
    for (var i = closeables.size() - 1; i >= 0; i--) {
      closeables.get(i).close();
    }
    client.close();
    api.close();
    connection.close();
    redisClient.shutdown();
    redisProcess.close();
  }
}
