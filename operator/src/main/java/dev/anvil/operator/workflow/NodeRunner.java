package dev.anvil.operator.workflow;

/** Runs one node kind of the node library. Steps are level-based: called on every reconcile while the node runs. */
public interface NodeRunner {

  /** Advances the current attempt, starting it when nothing shows it started; must be safe to repeat. */
  NodeStep step(NodeAttempt attempt);

  /** Stops the current attempt (the Workflow failed, timed out, or the node's own timeout passed). */
  default void stop(NodeAttempt attempt, String why) {
  }
}
