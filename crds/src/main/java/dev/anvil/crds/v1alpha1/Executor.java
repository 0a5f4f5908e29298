package dev.anvil.crds.v1alpha1;

/** Where a Job's work runs. */
public enum Executor {
  /** A Pod owned by the Job, one per attempt. */
  Pod,
  /** A process run by the node agent chosen by the Job's agent selector. */
  Agent
}
