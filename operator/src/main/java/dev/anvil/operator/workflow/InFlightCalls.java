package dev.anvil.operator.workflow;

import dev.anvil.operator.workflow.calls.HttpOutcome;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;

/**
 * HTTP calls of http nodes that were sent and whose outcome the Workflow has not recorded yet, by attempt key. After
 * an operator restart the map is empty and a running attempt is sent again, with the same Idempotency-Key.
 */
public final class InFlightCalls {

  private final Map<String, CompletableFuture<HttpOutcome>> calls = new ConcurrentHashMap<>();

  public CompletableFuture<HttpOutcome> get(String attemptKey) {
    return calls.get(attemptKey);
  }

  public void put(String attemptKey, CompletableFuture<HttpOutcome> call) {
    calls.put(attemptKey, call);
  }

  /** Forgets a call whose outcome was taken (or that was abandoned). */
  public void remove(String attemptKey) {
    calls.remove(attemptKey);
  }

  /** Forgets every call of a Workflow (deleted, or finished). */
  public void removeWorkflow(String workflowUid) {
    calls.keySet().removeIf(key -> key.startsWith(workflowUid + "-"));
  }
}
