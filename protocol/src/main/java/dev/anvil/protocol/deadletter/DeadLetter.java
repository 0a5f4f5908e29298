package dev.anvil.protocol.deadletter;

import java.time.Instant;
import java.util.Objects;

/**
 * A node execution that failed for good with {@code onFailure: DeadLetter}, as recorded.
 *
 * @param execution which execution of the node this was (1 for the first; a replay is a new one): with the
 *                  Workflow uid and the node it identifies what is recorded at most once
 * @param inputs    the node's resolved spec as JSON; the caller keeps secrets out of it
 * @param reason    the failure's one-word reason, e.g. {@code DeadlineExceeded}
 */
public record DeadLetter(String namespace, String workflow, String workflowUid, String node, String nodeType,
    int execution, String inputs, String reason, String message, int attempts, Instant firstAttempt,
    Instant lastAttempt) {

  public DeadLetter {
    Objects.requireNonNull(namespace, "namespace");
    Objects.requireNonNull(workflow, "workflow");
    Objects.requireNonNull(workflowUid, "workflowUid");
    Objects.requireNonNull(node, "node");
    Objects.requireNonNull(nodeType, "nodeType");
    Objects.requireNonNull(inputs, "inputs");
    Objects.requireNonNull(reason, "reason");
    Objects.requireNonNull(message, "message");
    Objects.requireNonNull(firstAttempt, "firstAttempt");
    Objects.requireNonNull(lastAttempt, "lastAttempt");
  }
}
