package dev.anvil.apiserver.security;

import io.github.bucket4j.BucketConfiguration;
import io.github.bucket4j.distributed.ExpirationAfterWriteStrategy;
import io.github.bucket4j.distributed.proxy.ProxyManager;
import io.github.bucket4j.redis.lettuce.Bucket4jLettuce;
import io.lettuce.core.api.StatefulRedisConnection;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicBoolean;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A token bucket per identity in the central Redis ({@code anvil:ratelimit:<user>}), so every replica draws from the
 * same bucket. While Redis does not answer, requests are let through (fail open) and the outage is logged once.
 */
public final class RateLimiter {

  private static final Logger LOG = LoggerFactory.getLogger(RateLimiter.class);
  public static final String KEY_PREFIX = "anvil:ratelimit:";

  /** The answer for one request: allowed, or refused with how long to wait. */
  public record Decision(boolean allowed, long retryAfterSeconds) {
  }

  private final ProxyManager<byte[]> buckets;
  private final BucketConfiguration configuration;
  private final AtomicBoolean failingOpen = new AtomicBoolean();

  public RateLimiter(StatefulRedisConnection<byte[], byte[]> redis, RateLimitProperties properties) {
    var perSecond = Math.max(1, properties.requestsPerSecond());
    var burst = Math.max(1, properties.burst());
    this.configuration = BucketConfiguration.builder()
        .addLimit(limit -> limit.capacity(burst).refillGreedy(perSecond, Duration.ofSeconds(1)))
        .build();
    // a bucket refilled to the brim is the same as none: Redis forgets it then
    this.buckets = Bucket4jLettuce.casBasedBuilder(redis)
        .expirationAfterWrite(ExpirationAfterWriteStrategy.basedOnTimeForRefillingBucketUpToMax(Duration.ofSeconds(10)))
        .build();
  }

  /** Takes one request from {@code identity}'s bucket. */
  public Decision tryAcquire(String identity) {
    try {
      var probe = buckets.getProxy((KEY_PREFIX + identity).getBytes(StandardCharsets.UTF_8), () -> configuration)
          .tryConsumeAndReturnRemaining(1);
      if (failingOpen.compareAndSet(true, false)) {
        LOG.info("rate limits: the central Redis answers again; limits apply again");
      }
      if (probe.isConsumed()) {
        return new Decision(true, 0);
      }
      var seconds = (probe.getNanosToWaitForRefill() + 999_999_999L) / 1_000_000_000L;
      return new Decision(false, Math.max(1, seconds));
    } catch (RuntimeException e) {
      if (failingOpen.compareAndSet(false, true)) {
        LOG.warn("rate limits: the central Redis does not answer ({}); requests are not limited meanwhile; "
            + "retrying quietly until it does", e.getClass().getSimpleName());
      }
      return new Decision(true, 0);
    }
  }
}
