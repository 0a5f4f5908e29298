package dev.anvil.agent.spool;

/** Where a report spool currently keeps what the hub has not yet acknowledged. */
public enum SpoolMode {
  /** In the agent's local Redis: survives agent restarts (and Redis restarts with append-only persistence). */
  REDIS,
  /** In the agent's heap, bounded: lost if the agent restarts before the hub acknowledges it. */
  MEMORY
}
