package dev.anvil.agent.exec;

/** How a process run ended. */
public enum ExitReason {
  /** The process exited with code 0. */
  Completed,
  /** The process exited with a non-zero code or died of a signal nobody on the agent sent. */
  Failed,
  /** The spec's timeout elapsed; the agent stopped the process tree. */
  TimedOut,
  /** {@link RunningProcess#cancel} stopped the process tree. */
  Cancelled,
  /** The process never ran: command not found, working directory missing, attempt directory not creatable. */
  StartFailed
}
