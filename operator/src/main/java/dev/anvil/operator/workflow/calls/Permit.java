package dev.anvil.operator.workflow.calls;

import dev.anvil.crds.v1alpha1.CircuitBreakerState;
import io.github.resilience4j.circuitbreaker.CircuitBreaker;
import io.micrometer.core.instrument.Counter;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

/** The answer of {@link CircuitBreakers#tryAcquire}: the call may go to its target, or it must fail at once. */
public sealed interface Permit permits Permit.Granted, Permit.Rejected {

  /**
   * The call may be made. Report how it went exactly once, with {@link #success}, {@link #failure} or, when it was
   * not made after all, {@link #release}; later reports are ignored. An unreported permit of a half-open breaker
   * keeps every other call out, so report even when the operator gives up waiting for the call.
   */
  final class Granted implements Permit {

    /** Resilience4j records every throwable as a failure; one shared instance without a stack trace will do. */
    private static final RuntimeException FAILED_CALL = new RuntimeException("call failed", null, false, false) {
    };

    private final CircuitBreaker breaker;
    private final Counter successes;
    private final Counter failures;
    private final AtomicBoolean reported = new AtomicBoolean();

    Granted(CircuitBreaker breaker, Counter successes, Counter failures) {
      this.breaker = breaker;
      this.successes = successes;
      this.failures = failures;
    }

    /** The target answered as expected after {@code elapsed}. */
    public void success(Duration elapsed) {
      if (reported.compareAndSet(false, true)) {
        breaker.onSuccess(elapsed.toNanos(), TimeUnit.NANOSECONDS);
        successes.increment();
      }
    }

    /** The call failed after {@code elapsed}: no connection, a timeout, or an unexpected answer. */
    public void failure(Duration elapsed) {
      if (reported.compareAndSet(false, true)) {
        breaker.onError(elapsed.toNanos(), TimeUnit.NANOSECONDS, FAILED_CALL);
        failures.increment();
      }
    }

    /** The call was not made; the permit is handed back without counting for or against the target. */
    public void release() {
      if (reported.compareAndSet(false, true)) {
        breaker.releasePermission();
      }
    }
  }

  /**
   * The breaker of {@code target} did not let the call through: it is open, or half-open with its one trial call under way.
   *
   * @param target the breaker's target
   * @param state Open or HalfOpen
   * @param openUntil when an open breaker lets a trial call through; null when half-open, as the trial's outcome
   *     decides
   */
  record Rejected(String target, CircuitBreakerState.State state, Instant openUntil) implements Permit {

    /** A sentence for the node's message. */
    public String message() {
      return openUntil == null
          ? "circuit breaker for " + target + " is half-open and its trial call is under way"
          : "circuit breaker for " + target + " is open until " + openUntil;
    }
  }
}
