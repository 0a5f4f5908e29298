package dev.anvil.crds.v1alpha1;

/** A one-word summary of where a Pipeline or Workflow run is; conditions carry the detail. */
public enum RunPhase {
  /** Accepted, nothing started yet. */
  Pending,
  /** At least one task or node runs or waits for its backoff. */
  Running,
  /** Nothing runs; an approval node waits to be approved. */
  Waiting,
  /** A Workflow with a schedule: it does not run itself but creates a child run per cron tick. */
  Scheduled,
  /** Every required task or node succeeded. */
  Succeeded,
  /** A task or node failed for good, the timeout passed, or the spec is invalid. */
  Failed
}
