package dev.anvil.operator.job;

import dev.anvil.crds.v1alpha1.Attempt;
import dev.anvil.crds.v1alpha1.FailureReason;
import java.util.Optional;

/** The Agent executor's part of the Job state machine: how a running agent attempt ends, from reports and liveness. */
final class AgentAttempts {

  private AgentAttempts() {
  }

  /**
   * How the running attempt ended, or empty while it runs. A report of its end wins over liveness, so an attempt that
   * finished just before its agent went away keeps its real outcome; an agent is lost only on a registry that can
   * tell (not while the bus is away or just back).
   */
  static Optional<AgentOutcome> outcome(Attempt running, AgentView agents) {
    var report = agents.report(running.getNumber());
    if (report.finished() != null) {
      return Optional.of(report.finished());
    }
    if (agents.judgesLiveness() && !agents.isLive(running.getAgent())) {
      return Optional.of(new AgentOutcome(FailureReason.AgentLost.name(), null, "agent " + running.getAgent()
          + " sent no heartbeat within " + agents.heartbeatTimeout().toSeconds() + "s", null));
    }
    return Optional.empty();
  }

  /**
   * Whether the attempt's process is over by its agent's word (Completed, Failed), or never ran: not an attempt the
   * operator ended (deadline, suspension, lost agent), whose process may run until the cancel arrives.
   */
  static boolean endedOnAgent(Attempt attempt) {
    return attempt.getAgent() != null && attempt.finished()
        && (Attempt.COMPLETED.equals(attempt.getReason()) || FailureReason.Failed.name().equals(attempt.getReason()));
  }

  /** Whether the running attempt has started on its agent: reported now, or recorded as Running by an earlier pass. */
  static boolean started(Attempt running, AgentView agents, dev.anvil.crds.v1alpha1.JobStatus status) {
    return agents.report(running.getNumber()).started()
        || status.getPhase() == dev.anvil.crds.v1alpha1.JobPhase.Running
        && Integer.valueOf(running.getNumber()).equals(status.getAttempt());
  }
}
