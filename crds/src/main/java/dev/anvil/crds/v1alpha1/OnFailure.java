package dev.anvil.crds.v1alpha1;

/** What a Workflow does with a node that failed for good (retries exhausted, timeout). */
public enum OnFailure {
  /** The Workflow fails; running nodes are stopped, nodes waiting on `outcome: Failed` or `Always` still run. */
  Fail,
  /**
   * The node counts as failed but the Workflow carries on (and may still succeed); only `outcome: Failed`/`Always`
   * dependents of it run.
   */
  Continue,
  /**
   * Like Continue, and the execution (inputs, error, attempts) is recorded in the dead-letter queue; its `outcome:
   * Succeeded` dependents wait for a replay (annotation anvil.dev/replay), which runs the node again. Until then the
   * run, once nothing else can run, ends Failed with reason DeadLettered.
   */
  DeadLetter
}
