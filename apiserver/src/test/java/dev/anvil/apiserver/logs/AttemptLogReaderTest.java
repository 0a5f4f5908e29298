package dev.anvil.apiserver.logs;

import static org.assertj.core.api.Assertions.assertThat;

import dev.anvil.protocol.AttemptId;
import dev.anvil.testing.RedisProcess;
import io.lettuce.core.RedisClient;
import io.lettuce.core.codec.ByteArrayCodec;
import io.lettuce.core.codec.RedisCodec;
import io.lettuce.core.codec.StringCodec;
import java.io.ByteArrayOutputStream;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

class AttemptLogReaderTest {

  @Test
  void stopFollowingEndsAFollowOfAQuietLog() throws Exception {
    try (var redisProcess = RedisProcess.start()) {
      var client = RedisClient.create(redisProcess.uri());
      try (var connection = client.connect(RedisCodec.of(StringCodec.UTF8, ByteArrayCodec.INSTANCE))) {
        var reader = new AttemptLogReader(connection.sync(),
            new LogsProperties(1000, Duration.ofMillis(20), Duration.ofHours(1), 4));
        var query = new LogQuery(true, null, null, false);
        var following = CompletableFuture.runAsync(() -> {
          try {
            reader.write(new AttemptId("quiet", 1), query, new ByteArrayOutputStream());
          } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
          }
        });
        org.awaitility.Awaitility.await().atMost(Duration.ofSeconds(5))
            .untilAsserted(() -> assertThat(reader.active()).isEqualTo(1));
        assertThat(following).isNotDone();
        reader.stopFollowing();
        following.get(5, TimeUnit.SECONDS);
        assertThat(reader.active()).isZero();
      } finally {
        client.shutdown();
      }
    }
  }
}
