package dev.anvil.apiserver.hub;

import static org.assertj.core.api.Assertions.assertThat;

import dev.anvil.apiserver.testing.RedisClients;
import dev.anvil.testing.RedisProcess;
import dev.anvil.testing.EmbeddedKubeApi;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.lettuce.core.Range;
import io.lettuce.core.RedisClient;
import io.lettuce.core.ScanArgs;
import io.lettuce.core.ScanIterator;
import io.lettuce.core.api.StatefulRedisConnection;
import io.lettuce.core.codec.ByteArrayCodec;
import io.lettuce.core.codec.RedisCodec;
import io.lettuce.core.codec.StringCodec;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;

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

  /** Every key with every value it holds (strings, hashes, zsets, streams), as text, to search for leaked secrets. */
  String everyKeyAndValue() {
    var sync = bytes.sync();
    var dump = new StringBuilder();
    var keys = new ArrayList<String>();
    ScanIterator.scan(strings.sync(), ScanArgs.Builder.limit(100)).forEachRemaining(keys::add);
    assertThat(keys).isNotEmpty();
    for (var key : keys) {
      dump.append(key).append('\n');
      switch (sync.type(key)) {
        case "string" -> dump.append(text(sync.get(key)));
        case "hash" -> sync.hgetall(key).forEach((f, v) -> dump.append(f).append('=').append(text(v)).append('\n'));
        case "zset" -> sync.zrange(key, 0, -1).forEach(m -> dump.append(text(m)).append('\n'));
        case "stream" -> sync.xrange(key, Range.create("-", "+")).forEach(m ->
            m.getBody().forEach((f, v) -> dump.append(f).append('=').append(text(v)).append('\n')));
        default -> throw new AssertionError("unexpected type of " + key);
      }
    }
    return dump.toString();
  }

  private static String text(byte[] value) {
    return new String(value, StandardCharsets.ISO_8859_1);
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
