package dev.anvil.protocol.bus;

import io.lettuce.core.ClientOptions;
import io.lettuce.core.RedisClient;
import io.lettuce.core.RedisURI;
import io.lettuce.core.resource.ClientResources;
import io.lettuce.core.resource.Delay;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

/**
 * A Lettuce client of the central Redis, set up to ride out an outage: while Redis is unreachable commands fail at
 * once instead of queueing up behind a reconnect (no thread waits out a timeout, nothing stale is sent later), a
 * reconnect is tried at least every {@link #MAX_RECONNECT_DELAY}, and every command gives up after {@code timeout}.
 * A command in flight when the connection dropped may still be sent again after the reconnect, so every bus
 * command is written to be harmless when repeated.
 */
public final class CentralRedisClient extends RedisClient {

  /** Default of the operator's {@code ANVIL_REDIS_TIMEOUT} and the apiserver's {@code anvil.redis.timeout}. */
  public static final Duration DEFAULT_TIMEOUT = Duration.ofSeconds(10);
  /** Lettuce's own default grows to 30 s, which would keep a Redis that is back unused for that long. */
  static final Duration MAX_RECONNECT_DELAY = Duration.ofSeconds(1);

  private CentralRedisClient(ClientResources resources, RedisURI uri) {
    super(resources, uri);
    setOptions(ClientOptions.builder()
        .disconnectedBehavior(ClientOptions.DisconnectedBehavior.REJECT_COMMANDS).build());
  }

  /** A client of {@code uri} whose commands time out after {@code timeout} (a {@code timeout} in the URI is replaced). */
  public static CentralRedisClient create(String uri, Duration timeout) {
    var redisUri = RedisURI.create(uri);
    redisUri.setTimeout(timeout);
    var resources = ClientResources.builder()
        .reconnectDelay(Delay.exponential(Duration.ofMillis(100), MAX_RECONNECT_DELAY, 2, TimeUnit.MILLISECONDS))
        .build();
    return new CentralRedisClient(resources, redisUri);
  }

  /** Shuts the client down, and with it the resources it was created with (they are its own). */
  @Override
  public CompletableFuture<Void> shutdownAsync(long quietPeriod, long timeout, TimeUnit timeUnit) {
    return super.shutdownAsync(quietPeriod, timeout, timeUnit).thenCompose(closed -> {
      // chained, not awaited: this may run on one of the very threads being shut down
      var released = new CompletableFuture<Void>();
      getResources().shutdown(quietPeriod, timeout, timeUnit).addListener(done -> released.complete(null));
      return released;
    });
  }
}
