package dev.anvil.operator.workflow;

import java.time.Duration;
import java.time.Instant;
import java.util.Map;

/** What a node's current attempt came to in one reconcile. */
public sealed interface NodeStep {

  /** Still running; look again within {@code recheck} (null: when its child or call reports). */
  record Running(String message, Duration recheck) implements NodeStep {
  }

  /** Waiting for a person or the clock (approval, delay); takes no parallelism slot. */
  record Waiting(String message, Duration recheck) implements NodeStep {
  }

  /** Done; {@code results} are kept in the node's status (child-backed kinds return none, the child has them). */
  record Succeeded(Map<String, String> results) implements NodeStep {
  }

  /**
   * The attempt failed. {@code retryable}: another attempt may succeed (the node's retry policy decides);
   * {@code notBefore}: the earliest next attempt, e.g. when an open circuit breaker lets calls through again.
   */
  record Failed(String reason, String message, boolean retryable, Instant notBefore) implements NodeStep {

    public Failed(String reason, String message, boolean retryable) {
      this(reason, message, retryable, null);
    }
  }
}
