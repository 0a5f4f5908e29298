package dev.anvil.agent.bmc;

import java.time.Duration;
import java.util.function.DoubleSupplier;

/**
 * When a host's next poll is due: its interval with ±10 % jitter (so hundreds of hosts served together drift apart
 * instead of polling in lockstep), doubled after each failure up to five minutes, and after a failed login a
 * quarter of an hour doubling to an hour, so polling never locks the BMC account; a success ends the backoff.
 */
final class PollSchedule {

  static final Duration MAX_BACKOFF = Duration.ofMinutes(5);
  static final Duration AUTH_BACKOFF = Duration.ofMinutes(15);
  static final Duration MAX_AUTH_BACKOFF = Duration.ofHours(1);

  private final Duration interval;
  private final DoubleSupplier random;
  private int failures;
  private boolean loginFailed;

  /**
   * @param random uniform in [0, 1), for the jitter
   */
  PollSchedule(Duration interval, DoubleSupplier random) {
    this.interval = interval;
    this.random = random;
  }

  /** The delay after a successful poll. */
  Duration afterSuccess() {
    failures = 0;
    loginFailed = false;
    return jitter(interval);
  }

  /** The delay after a failed poll; once the login failed, every later failure waits the login backoff. */
  Duration afterFailure(BmcException.Kind kind) {
    failures++;
    loginFailed |= kind == BmcException.Kind.AUTH_FAILED;
    var delay = loginFailed
        ? doubled(AUTH_BACKOFF, failures - 1, longer(MAX_AUTH_BACKOFF, interval))
        : doubled(interval, failures, longer(MAX_BACKOFF, interval));
    return jitter(delay);
  }

  private static Duration doubled(Duration base, int times, Duration max) {
    var delay = base;
    for (var i = 0; i < times && delay.compareTo(max) < 0; i++) {
      delay = delay.multipliedBy(2);
    }
    return delay.compareTo(max) > 0 ? max : delay;
  }

  private static Duration longer(Duration a, Duration b) {
    return a.compareTo(b) >= 0 ? a : b;
  }

  private Duration jitter(Duration delay) {
    return Duration.ofMillis(Math.round(delay.toMillis() * (0.9 + 0.2 * random.getAsDouble())));
  }
}
