package dev.anvil.crds.v1alpha1;

/** A one-word summary of where a Job is; conditions carry the detail. */
public enum JobPhase {
  /** No attempt runs yet: just accepted, or the current attempt's Pod is not running yet (the Running condition says why). */
  Pending,
  /** Waiting for a slot of the namespace's concurrency quota. */
  Queued,
  /** An attempt is running. */
  Running,
  /** The last attempt failed; the next one starts at `status.nextAttemptTime`. */
  Retrying,
  /** `spec.suspend` is true; nothing runs. */
  Suspended,
  /** An attempt succeeded. */
  Succeeded,
  /** The Job failed for good: retries exhausted, deadline passed, or an invalid spec. */
  Failed
}
