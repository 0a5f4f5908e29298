package dev.anvil.operator.workflow.nodes;

import dev.anvil.crds.v1alpha1.CircuitBreakerPolicy;
import dev.anvil.operator.workflow.NodeAttempt;
import dev.anvil.operator.workflow.NodeStep;
import dev.anvil.operator.workflow.calls.Permit;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The circuit breaker a bmc node's attempt goes through: a permit taken when the attempt starts, reported once when
 * it ends. Permits live in memory; after an operator restart a running attempt simply reports without one.
 */
final class BreakerGate {

  private final Map<String, Permit.Granted> permits = new ConcurrentHashMap<>();

  /** Takes a permit for the attempt, or returns the failure of an open breaker. */
  Optional<NodeStep> enter(NodeAttempt attempt, String target, CircuitBreakerPolicy policy) {
    if (policy == null || permits.containsKey(attempt.key())) {
      return Optional.empty();
    }
    var permit = attempt.services().breakers().tryAcquire(target, policy);
    if (permit instanceof Permit.Rejected rejected) {
      return Optional.of(new NodeStep.Failed("CircuitOpen", rejected.message(), true, rejected.openUntil()));
    }
    permits.put(attempt.key(), (Permit.Granted) permit);
    return Optional.empty();
  }

  /** Reports how the attempt ended: a failure of the target counts against the breaker, anything else does not. */
  void leave(NodeAttempt attempt, boolean targetFailed, boolean targetAnswered) {
    var permit = permits.remove(attempt.key());
    if (permit == null) {
      return;
    }
    var elapsed = Duration.between(attempt.attemptStart(), attempt.now());
    if (targetFailed) {
      permit.failure(elapsed);
    } else if (targetAnswered) {
      permit.success(elapsed);
    } else {
      permit.release();
    }
  }
}
