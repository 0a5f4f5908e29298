package dev.anvil.agent.hub;

import java.time.Duration;
import java.util.concurrent.ThreadLocalRandom;

/**
 * How long the agent waits before dialling the hub again: exponential with jitter for transient ends, a long fixed
 * pause when the hub refused the agent (a person must fix the token or the version).
 *
 * @param initial first delay after a stream ends
 * @param max     the exponential delay stops growing here
 * @param refused delay after UNAUTHENTICATED or FAILED_PRECONDITION
 * @param welcomeTimeout how long a new stream may wait for the hub's Welcome
 */
public record ReconnectPolicy(Duration initial, Duration max, Duration refused, Duration welcomeTimeout) {

  /** 100 ms doubling to 30 s, one minute after a refusal, 30 s for the Welcome. */
  public static ReconnectPolicy defaults() {
    return new ReconnectPolicy(Duration.ofMillis(100), Duration.ofSeconds(30), Duration.ofMinutes(1),
        Duration.ofSeconds(30));
  }

  public ReconnectPolicy withRefused(Duration refusedDelay) {
    return new ReconnectPolicy(initial, max, refusedDelay, welcomeTimeout);
  }

  /** The delay before attempt {@code failures} (1 for the first retry): half fixed, half random ("equal jitter"). */
  public Duration delay(int failures) {
    var exponent = Math.min(Math.max(failures - 1, 0), 30);
    var ceiling = Math.min(max.toMillis(), initial.toMillis() * (1L << Math.min(exponent, 20)));
    var half = ceiling / 2;
    return Duration.ofMillis(half + ThreadLocalRandom.current().nextLong(half + 1));
  }
}
