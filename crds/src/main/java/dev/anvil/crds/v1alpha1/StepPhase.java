package dev.anvil.crds.v1alpha1;

/** Where one Pipeline task or Workflow node is. */
public enum StepPhase {
  /** Not started: waiting for its dependencies or for a parallelism slot. */
  Pending,
  /** Its child object or call runs. */
  Running,
  /** The last attempt failed; the next starts after the backoff. */
  Retrying,
  /** An approval waits to be approved, or a delay has not elapsed. */
  Waiting,
  /** Finished successfully. */
  Succeeded,
  /** Failed for good. */
  Failed,
  /** Not run: a `when` expression was false, a dependency ended the wrong way, or fail-fast stopped the run. */
  Skipped,
  /** Failed for good with `onFailure: DeadLetter`: recorded in the dead-letter queue, replayable. */
  DeadLettered
}
