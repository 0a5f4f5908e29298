package dev.anvil.apiserver.testing;

import dev.anvil.testing.RedisProcess;
import io.lettuce.core.RedisClient;
import io.lettuce.core.api.StatefulRedisConnection;
import java.io.IOException;
import java.net.ServerSocket;

/** Lettuce clients for the hub's tests, on a {@link RedisProcess} of the shared test kit. */
public final class RedisClients {

  private RedisClients() {
  }

  /** A new client of {@code redis}; the caller shuts it down. */
  public static RedisClient client(RedisProcess redis) {
    return RedisClient.create(redis.uri());
  }

  /** A String connection of {@code client}, for assertions. */
  public static StatefulRedisConnection<String, String> strings(RedisClient client) {
    return client.connect();
  }

  /** A loopback port free at the time of the call. */
  public static int freePort() throws IOException {
    try (var socket = new ServerSocket(0)) {
      return socket.getLocalPort();
    }
  }
}
