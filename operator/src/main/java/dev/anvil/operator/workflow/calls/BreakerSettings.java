package dev.anvil.operator.workflow.calls;

import dev.anvil.crds.v1alpha1.CircuitBreakerPolicy;
import dev.anvil.crds.v1alpha1.Durations;
import io.github.resilience4j.circuitbreaker.CircuitBreakerConfig;
import io.github.resilience4j.circuitbreaker.CircuitBreakerConfig.SlidingWindowType;
import java.time.Clock;
import java.time.Duration;

/**
 * A {@link CircuitBreakerPolicy} with its defaults applied, and the Resilience4j configuration it stands for.
 *
 * <p>The mapping: a time-based sliding window of {@code window} (whole seconds, rounded up), at least
 * {@code failureThreshold} calls in it before it is judged, and a failure rate threshold of 100%. So the breaker
 * opens when the last {@code window} holds {@code failureThreshold} or more calls and every one of them failed. A
 * success in the window keeps it closed until that success is older than {@code window}: a target that still
 * answers some calls is not cut off, and no fewer than {@code failureThreshold} failures ever open it (a rate below
 * 100% would open it on fewer). Slow calls never open it; the request and node timeouts deal with those.
 *
 * @param failureThreshold failed calls in the window that open the breaker
 * @param window how far back calls are counted
 * @param openFor how long the breaker stays open before one trial call is let through
 */
record BreakerSettings(int failureThreshold, Duration window, Duration openFor) {

  static final int DEFAULT_FAILURE_THRESHOLD = 5;
  static final Duration DEFAULT_WINDOW = Duration.ofMinutes(1);
  static final Duration DEFAULT_OPEN_FOR = Duration.ofSeconds(30);
  /** Resilience4j keeps one bucket per second of the window; an hour bounds that to 3,600 per target. */
  static final Duration MAX_WINDOW = Duration.ofHours(1);

  BreakerSettings {
    if (failureThreshold < 1) {
      throw new IllegalArgumentException("circuitBreaker.failureThreshold must be at least 1, not " + failureThreshold);
    }
    if (window.isNegative() || window.isZero() || window.compareTo(MAX_WINDOW) > 0) {
      throw new IllegalArgumentException("circuitBreaker.window must be more than 0s and at most 1h, not " + window);
    }
    if (openFor.isNegative() || openFor.isZero()) {
      throw new IllegalArgumentException("circuitBreaker.openFor must be more than 0s, not " + openFor);
    }
  }

  /**
   * The settings of {@code policy}, defaults filling what it leaves out (all of them when it is null); throws
   * IllegalArgumentException with a message for people when a value is malformed or out of range.
   */
  static BreakerSettings of(CircuitBreakerPolicy policy) {
    if (policy == null) {
      return new BreakerSettings(DEFAULT_FAILURE_THRESHOLD, DEFAULT_WINDOW, DEFAULT_OPEN_FOR);
    }
    return new BreakerSettings(
        policy.getFailureThreshold() == null ? DEFAULT_FAILURE_THRESHOLD : policy.getFailureThreshold(),
        Durations.parseOr(policy.getWindow(), DEFAULT_WINDOW),
        Durations.parseOr(policy.getOpenFor(), DEFAULT_OPEN_FOR));
  }

  /** The Resilience4j configuration, timed by {@code clock}; open breakers turn half-open only when next asked. */
  CircuitBreakerConfig config(Clock clock) {
    int windowSeconds = (int) ((window.toMillis() + 999) / 1000);
    return CircuitBreakerConfig.custom()
        .clock(clock)
        .slidingWindowType(SlidingWindowType.TIME_BASED)
        .slidingWindowSize(windowSeconds)
        .minimumNumberOfCalls(failureThreshold)
        .failureRateThreshold(100)
        .slowCallRateThreshold(100)
        .slowCallDurationThreshold(Duration.ofDays(365))
        .waitDurationInOpenState(openFor)
        .permittedNumberOfCallsInHalfOpenState(1)
        .automaticTransitionFromOpenToHalfOpenEnabled(false)
        .build();
  }
}
