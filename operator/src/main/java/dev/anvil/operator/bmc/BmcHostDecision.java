package dev.anvil.operator.bmc;

import static dev.anvil.crds.v1alpha1.BmcHostStatus.CREDENTIALS_VALID;
import static dev.anvil.crds.v1alpha1.BmcHostStatus.POWER_SYNCED;
import static dev.anvil.crds.v1alpha1.BmcHostStatus.REACHABLE;
import static dev.anvil.crds.v1alpha1.BmcHostStatus.READY;
import static dev.anvil.operator.status.Conditions.FALSE;
import static dev.anvil.operator.status.Conditions.TRUE;

import dev.anvil.crds.v1alpha1.BmcActionRecord;
import dev.anvil.crds.v1alpha1.BmcHost;
import dev.anvil.crds.v1alpha1.BmcHostSpec;
import dev.anvil.crds.v1alpha1.BmcHostStatus;
import dev.anvil.crds.v1alpha1.PowerState;
import dev.anvil.operator.status.Conditions;
import dev.anvil.protocol.agent.v1.BmcActionResult;
import dev.anvil.protocol.bus.LiveAgent;
import io.fabric8.kubernetes.client.utils.KubernetesSerialization;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * The BmcHost state machine, a pure function of the host and what the bus shows: which agent serves it, what the
 * status says, which command goes out. Nothing here talks to the API or Redis.
 */
final class BmcHostDecision {

  /**
   * What the bus showed for one reconcile.
   *
   * @param hostsPerAgent how many hosts each agent serves, from the statuses of all BmcHosts
   * @param pendingResult the stored result of the host's pending action, or null
   * @param livenessSettled false for a while after a bus outage: an agent missing from {@code live} may only have
   *     been unable to heartbeat, so the host stays where it is
   */
  record View(List<LiveAgent> live, Map<String, Integer> hostsPerAgent, StoredObservation observation,
      BmcActionResult pendingResult, Duration heartbeatTimeout, int credentialsEpoch, boolean livenessSettled) {
  }

  private static final KubernetesSerialization SERIALIZATION = new KubernetesSerialization();

  private BmcHostDecision() {
  }

  static BmcHostPlan decide(BmcHost original, View view, Instant now) {
    var host = SERIALIZATION.clone(original); // the decision edits a copy: the cached object stays as observed
    if (host.getStatus() == null) {
      host.setStatus(new BmcHostStatus());
    }
    var status = host.getStatus();
    var plan = new BmcHostPlan(status);
    status.setObservedGeneration(host.getMetadata().getGeneration());
    plan.requeueWithin(view.heartbeatTimeout()); // a lost agent sends no event: look again when it would be late
    var invalid = BmcHostValidation.problem(host.getSpec());
    if (invalid != null) {
      Conditions.set(status.getConditions(), READY, FALSE, "InvalidSpec", invalid, host.getMetadata().getGeneration(),
          now);
      return plan;
    }
    var previous = status.getAgent();
    var choice = !view.livenessSettled() && previous != null && !isLive(view.live(), previous)
        ? new BmcAgentChoice.Choice(previous, null)
        : BmcAgentChoice.choose(host.getSpec().getDatacenter(), previous, view.live(), view.hostsPerAgent());
    if (previous != null && !previous.equals(choice.agentId()) && isLive(view.live(), previous)) {
      plan.release(previous, "the host moved to another agent");
    }
    PendingActions.settle(host, view.pendingResult(), previous != null && previous.equals(choice.agentId()), plan, now);
    if (choice.agentId() == null) {
      if (previous != null) {
        plan.warning("AgentLost", "agent " + previous + " no longer serves the host: " + choice.whyNone());
      }
      ReachabilityConditions.noAgent(host, choice.whyNone(), now);
      return finish(host, plan, now);
    }
    var agent = choice.agentId();
    if (!agent.equals(previous)) {
      plan.normal("AgentAssigned", "served by agent " + agent + (previous == null ? "" : " (was " + previous + ")"));
      status.setAgent(agent);
    }
    var serve = ServeCommands.of(host, view.credentialsEpoch());
    plan.serve(agent, serve);
    var seen = view.observation();
    var current = seen != null && agent.equals(seen.agent())
        && ServeCommands.settingsOf(serve.getConfigVersion())
            .equals(ServeCommands.settingsOf(seen.observation().getConfigVersion()));
    var reachable = statusOf(status, REACHABLE);
    var credentialsValid = statusOf(status, CREDENTIALS_VALID);
    var polled = false;
    Instant observedAt = null;
    if (current) {
      var time = seen.observation().getObservedTime();
      observedAt = seen.observation().hasObservedTime() ? Instant.ofEpochSecond(time.getSeconds(), time.getNanos())
          : null;
      var powerBefore = status.getPowerState();
      polled = ReachabilityConditions.observed(host, seen.observation(), now);
      if (polled && PendingActions.endedAfter(status.getLastAction(), observedAt)) {
        status.setPowerState(powerBefore); // the poll predates the last action: the action's result is fresher
      }
    } else {
      ReachabilityConditions.waitingForPoll(host, agent, now);
    }
    transitionEvents(host, plan, reachable, credentialsValid);
    var pending = status.getLastAction() != null && status.getLastAction().getResult() == BmcActionRecord.Result.Pending;
    if (polled && !pending) {
      NextAction.decide(host, agent, plan, now, observedAt);
    }
    return finish(host, plan, now);
  }

  private static BmcHostPlan finish(BmcHost host, BmcHostPlan plan, Instant now) {
    AnnotationRequests.remember(host.getStatus());
    powerSynced(host, now);
    ready(host, now);
    return plan;
  }

  private static void powerSynced(BmcHost host, Instant now) {
    var spec = host.getSpec();
    var status = host.getStatus();
    String why = null;
    String reason = null;
    var wanted = spec.getPower() == null ? null
        : spec.getPower() == BmcHostSpec.Power.On ? PowerState.On : PowerState.Off;
    if (wanted != null && status.getPowerState() != wanted) {
      reason = "PowerPending";
      why = "desired power " + wanted + ", observed " + Objects.toString(status.getPowerState(), "nothing yet");
    } else if (spec.getBootOverride() != null && spec.getBootOverride().getTarget() != null
        && BootOverrides.needed(spec.getBootOverride(), status.getBootOverrideApplied(), status.getBootOverride())) {
      reason = "BootOverridePending";
      why = "boot override " + spec.getBootOverride().getTarget() + " not applied yet";
    }
    var last = status.getLastAction();
    if (why != null && last != null && last.getResult() == BmcActionRecord.Result.Failed) {
      reason = "ActionFailed";
      why = why + "; the last action (" + last.getAction() + ") failed: " + last.getMessage();
    }
    Conditions.set(status.getConditions(), POWER_SYNCED, why == null ? TRUE : FALSE, why == null ? "InSync" : reason,
        why == null ? "power and boot override as desired" : why, host.getMetadata().getGeneration(), now);
  }

  private static void ready(BmcHost host, Instant now) {
    var conditions = host.getStatus().getConditions();
    for (var type : List.of(REACHABLE, CREDENTIALS_VALID, POWER_SYNCED)) {
      var condition = Conditions.find(conditions, type);
      if (condition == null || !TRUE.equals(condition.getStatus())) {
        Conditions.set(conditions, READY, FALSE, condition == null ? "Unknown" : condition.getReason(),
            condition == null ? type + " not known yet" : type + ": " + condition.getMessage(),
            host.getMetadata().getGeneration(), now);
        return;
      }
    }
    Conditions.set(conditions, READY, TRUE, "Ready", "reachable, credentials accepted, power as desired",
        host.getMetadata().getGeneration(), now);
  }

  /** Events when Reachable or CredentialsValid turn True or False (not on every poll that confirms them). */
  private static void transitionEvents(BmcHost host, BmcHostPlan plan, String wasReachable,
      String credentialsWere) {
    var status = host.getStatus();
    var reachable = statusOf(status, REACHABLE);
    if (FALSE.equals(reachable) && !FALSE.equals(wasReachable)) {
      plan.warning(Conditions.find(status.getConditions(), REACHABLE).getReason(),
          Conditions.find(status.getConditions(), REACHABLE).getMessage());
    } else if (TRUE.equals(reachable) && !TRUE.equals(wasReachable)) {
      plan.normal("Reachable", Conditions.find(status.getConditions(), REACHABLE).getMessage());
    }
    if (FALSE.equals(statusOf(status, CREDENTIALS_VALID)) && !FALSE.equals(credentialsWere)) {
      var credentials = Conditions.find(status.getConditions(), CREDENTIALS_VALID);
      plan.warning("Credentials" + credentials.getReason(), credentials.getMessage());
    }
  }

  private static String statusOf(BmcHostStatus status, String type) {
    var condition = Conditions.find(status.getConditions(), type);
    return condition == null ? null : condition.getStatus();
  }

  private static boolean isLive(List<LiveAgent> live, String agentId) {
    return live.stream().anyMatch(a -> a.agentId().equals(agentId));
  }
}
