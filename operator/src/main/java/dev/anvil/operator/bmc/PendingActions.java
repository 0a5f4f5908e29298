package dev.anvil.operator.bmc;

import dev.anvil.crds.v1alpha1.BmcActionRecord;
import dev.anvil.crds.v1alpha1.BmcHost;
import dev.anvil.crds.v1alpha1.PowerState;
import dev.anvil.protocol.agent.v1.BmcActionResult;
import java.time.Duration;
import java.time.Instant;

/**
 * Settles the host's pending action (status.lastAction with result Pending): from the agent's result, or as failed
 * when its agent was lost or no result came in time. A failed action is never re-sent as the same request, since it
 * may have been carried out before the agent could confirm it.
 */
final class PendingActions {

  /** How long an action may stay unconfirmed before it counts as failed. */
  static final Duration RESULT_TIMEOUT = Duration.ofMinutes(5);
  private static final Duration LOOK_AGAIN = Duration.ofSeconds(5);

  private PendingActions() {
  }

  /**
   * Returns true while the action is still pending (nothing else may be sent). {@code result}: the stored result of
   * the pending action, or null; {@code agentKept}: the agent it was sent to still serves the host.
   */
  static boolean settle(BmcHost host, BmcActionResult result, boolean agentKept, BmcHostPlan plan, Instant now) {
    var action = host.getStatus().getLastAction();
    if (action == null || action.getResult() != BmcActionRecord.Result.Pending) {
      return false;
    }
    if (result != null) {
      // the agent's clock, like the observations': a poll is known to show the action's effect once it is newer
      action.setCompletedAt(result.hasFinishedTime()
          ? Instant.ofEpochSecond(result.getFinishedTime().getSeconds(), result.getFinishedTime().getNanos()).toString()
          : now.toString());
      action.setResult(result.getSucceeded() ? BmcActionRecord.Result.Succeeded : BmcActionRecord.Result.Failed);
      action.setMessage(result.getMessage().isEmpty() ? result.getErrorKind() : result.getMessage());
      if (result.getSucceeded()) {
        var power = ObservationMapping.enumOr(PowerState.class, result.getPowerState(), null);
        if (power != null) {
          host.getStatus().setPowerState(power);
        }
        BootOverrides.appliedBy(action).ifPresent(host.getStatus()::setBootOverrideApplied);
        plan.normal("ActionSucceeded", action.getAction() + " (" + action.getRequestedBy() + ") carried out"
            + (action.getMessage() == null ? "" : ": " + action.getMessage()));
      } else {
        plan.warning("ActionFailed", action.getAction() + " (" + action.getRequestedBy() + ") failed: "
            + action.getMessage());
      }
      return false;
    }
    if (!agentKept) {
      fail(action, plan, "the agent serving the host went away before it confirmed the action; check the power "
          + "state before asking again", now);
      return false;
    }
    if (Instant.parse(action.getRequestedAt()).plus(RESULT_TIMEOUT).isBefore(now)) {
      fail(action, plan, "no result from the agent within " + RESULT_TIMEOUT.toMinutes() + " minutes; check the "
          + "power state before asking again", now);
      return false;
    }
    plan.requeueWithin(LOOK_AGAIN);
    return true;
  }

  /**
   * Whether the last action ended after the poll that {@code observedAt} dates was made: that poll cannot show the
   * action's effect, so nothing may be decided from its power or boot state.
   */
  static boolean endedAfter(BmcActionRecord last, Instant observedAt) {
    return last != null && last.getResult() != BmcActionRecord.Result.Pending && last.getCompletedAt() != null
        && observedAt != null && Instant.parse(last.getCompletedAt()).isAfter(observedAt);
  }

  private static void fail(BmcActionRecord action, BmcHostPlan plan, String why, Instant now) {
    action.setCompletedAt(now.toString());
    action.setResult(BmcActionRecord.Result.Failed);
    action.setMessage(why);
    plan.warning("ActionFailed", action.getAction() + " (" + action.getRequestedBy() + "): " + why);
  }
}
