package dev.anvil.operator.agent;

import dev.anvil.crds.v1alpha1.Attempt;
import dev.anvil.crds.v1alpha1.FailureReason;
import dev.anvil.operator.job.AgentOutcome;
import dev.anvil.protocol.agent.v1.AttemptFinished;

/** Translates the agent's AttemptFinished (and the hub's refusals) into attempt outcomes. */
final class FinishedOutcomes {

  private FinishedOutcomes() {
  }

  static AgentOutcome of(AttemptFinished finished) {
    var exitCode = finished.hasExitCode() ? finished.getExitCode() : null;
    var message = finished.getMessage().isEmpty() ? null : finished.getMessage();
    return switch (finished.getReason()) {
      case COMPLETED -> new AgentOutcome(Attempt.COMPLETED, exitCode, message, finished.getResultsMap());
      case TIMED_OUT -> new AgentOutcome(FailureReason.DeadlineExceeded.name(), exitCode,
          message == null ? "the agent stopped the attempt at its timeout" : message, null);
      case CANCELLED -> new AgentOutcome(FailureReason.Failed.name(), exitCode,
          message == null ? "the attempt was cancelled on the agent" : message, null);
      case START_FAILED -> new AgentOutcome(FailureReason.Failed.name(), exitCode,
          "the agent could not start the process" + (message == null ? "" : ": " + message), null);
      // FAILED, and what this operator does not know yet, fail the attempt as the protocol asks
      default -> new AgentOutcome(FailureReason.Failed.name(), exitCode, message, null);
    };
  }

  /** The hub could not deliver the RunAttempt (e.g. its Secret is missing): the attempt never ran. */
  static AgentOutcome refused(String message) {
    return new AgentOutcome(FailureReason.Failed.name(), null,
        "the hub could not deliver the attempt to the agent" + (message == null ? "" : ": " + message), null);
  }
}
