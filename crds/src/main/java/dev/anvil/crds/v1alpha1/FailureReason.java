package dev.anvil.crds.v1alpha1;

/** Why an attempt failed; `retry.reasons` lists the reasons that are retried. */
public enum FailureReason {
  /** The process exited non-zero (or the Pod failed for another reason). */
  Failed,
  /** The attempt's Pod was deleted before it finished. */
  PodDeleted,
  /** The attempt's Pod was evicted by the node (pressure, preemption, drain). */
  Evicted,
  /** The attempt ran past `attemptDeadlineSeconds`. */
  DeadlineExceeded,
  /** The agent running the attempt stopped sending heartbeats. */
  AgentLost
}
