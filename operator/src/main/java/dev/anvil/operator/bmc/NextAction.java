package dev.anvil.operator.bmc;

import static java.nio.charset.StandardCharsets.UTF_8;

import dev.anvil.crds.v1alpha1.BmcActionRecord;
import dev.anvil.crds.v1alpha1.BmcHost;
import dev.anvil.crds.v1alpha1.BmcHostRequests;
import dev.anvil.crds.v1alpha1.BmcHostSpec;
import dev.anvil.crds.v1alpha1.PowerAction;
import dev.anvil.crds.v1alpha1.PowerState;
import dev.anvil.protocol.agent.v1.BmcAction;
import java.time.Duration;
import java.time.Instant;
import java.util.List;

/**
 * Picks the one action to send to a reachable, idle host: a new anvil.dev/power-action request first, then a new
 * anvil.dev/boot-override request, then the desired power (On; Off as a graceful shutdown, forced after a grace
 * period), then the boot override. Each is recorded as status.lastAction (Pending) before it is sent, under an id
 * that makes it run at most once.
 */
final class NextAction {

  /** How long a graceful shutdown may take before desired power Off forces the server off. */
  static final Duration SHUTDOWN_GRACE = Duration.ofMinutes(3);
  /** How long after a failed spec action the operator tries again. */
  static final Duration RETRY_AFTER = Duration.ofMinutes(1);
  private static final Duration AWAIT_POLL = Duration.ofSeconds(5);

  private NextAction() {
  }

  /** {@code observedAt}: when the poll the status shows was made (the agent's clock). */
  static void decide(BmcHost host, String agent, BmcHostPlan plan, Instant now, Instant observedAt) {
    if (annotationRequest(host, agent, plan, now)) {
      return;
    }
    if (PendingActions.endedAfter(host.getStatus().getLastAction(), observedAt)) {
      plan.requeueWithin(AWAIT_POLL); // the next poll shows what the last action did; decide from that
      return;
    }
    if (desiredPower(host, agent, plan, now)) {
      return;
    }
    var spec = host.getSpec();
    var status = host.getStatus();
    if (spec.getBootOverride() != null && spec.getBootOverride().getTarget() != null
        && BootOverrides.needed(spec.getBootOverride(), status.getBootOverrideApplied(), status.getBootOverride())) {
      var prefix = BootOverrides.ACTION_PREFIX + BootOverrides.fingerprint(spec.getBootOverride()) + "-";
      if (!backingOff(status.getLastAction(), prefix, plan, now)) {
        send(host, agent, plan, nextId(status.getLastAction(), prefix), "BootOverride", "Spec",
            BmcAction.newBuilder().setBootOverride(BootOverrides.command(spec.getBootOverride())), now);
      }
    }
  }

  /**
   * The command of the status's pending action, rebuilt to send again (its marker makes the send a no-op when it
   * went out before), or null when no action is pending.
   */
  static BmcHostPlan.Act pending(io.fabric8.kubernetes.api.model.ObjectMeta meta, dev.anvil.crds.v1alpha1.BmcHostStatus
      status, BmcHostSpec spec) {
    var last = status.getLastAction();
    if (last == null || last.getResult() != BmcActionRecord.Result.Pending || status.getAgent() == null) {
      return null;
    }
    var action = BmcAction.newBuilder().setHostUid(meta.getUid()).setActionId(last.getId());
    if ("BootOverride".equals(last.getAction())) {
      var boot = last.getBootOverride() != null ? last.getBootOverride() : spec.getBootOverride();
      if (boot == null || boot.getTarget() == null) {
        return null;
      }
      action.setBootOverride(BootOverrides.command(boot));
    } else {
      action.setPower(last.getAction());
    }
    return new BmcHostPlan.Act(status.getAgent(), action.build());
  }

  private static boolean annotationRequest(BmcHost host, String agent, BmcHostPlan plan, Instant now) {
    var status = host.getStatus();
    var request = BmcHostRequests.waiting(host, BmcHost.POWER_ACTION_ANNOTATION);
    if (request != null) {
      status.setLastPowerRequest(request);
      var name = AnnotationRequests.name(request);
      var action = AnnotationRequests.powerAction(request);
      var id = "request-" + Fingerprint.of(8, request.getBytes(UTF_8));
      if (action == null || !supported(status.getSupportedActions(), action)) {
        refuse(host, plan, record(id, name, "Annotation", now), request, action == null
            ? "unknown power action '" + name + "' in " + BmcHost.POWER_ACTION_ANNOTATION + "; one of "
                + List.of(PowerAction.values())
            : "this BMC does not offer " + action + "; it offers " + status.getSupportedActions(), now);
        return true;
      }
      send(host, agent, plan, id, action.name(), "Annotation", BmcAction.newBuilder().setPower(action.name()), now);
      status.getLastAction().setRequest(request);
      return true;
    }
    request = BmcHostRequests.waiting(host, BmcHost.BOOT_OVERRIDE_ANNOTATION);
    if (request == null) {
      return false;
    }
    status.setLastBootRequest(request);
    // not boot-: that prefix marks spec overrides, whose fingerprint a success records as applied
    var id = "bootrequest-" + Fingerprint.of(8, request.getBytes(UTF_8));
    var boot = AnnotationRequests.boot(request);
    if (boot.problem() != null) {
      refuse(host, plan, record(id, "BootOverride", "Annotation", now), request, boot.problem(), now);
      return true;
    }
    send(host, agent, plan, id, "BootOverride", "Annotation",
        BmcAction.newBuilder().setBootOverride(BootOverrides.command(boot.override())), now);
    status.getLastAction().setRequest(request);
    status.getLastAction().setBootOverride(boot.override());
    return true;
  }

  private static void refuse(BmcHost host, BmcHostPlan plan, BmcActionRecord record, String request, String why,
      Instant now) {
    record.setRequest(request);
    record.setResult(BmcActionRecord.Result.Failed);
    record.setCompletedAt(now.toString());
    record.setMessage(why);
    host.getStatus().setLastAction(record);
    plan.warning("ActionRefused", why);
  }

  private static boolean desiredPower(BmcHost host, String agent, BmcHostPlan plan, Instant now) {
    var spec = host.getSpec();
    var status = host.getStatus();
    if (spec.getPower() == null || status.getPowerState() == null) {
      return false;
    }
    var last = status.getLastAction();
    var prefix = "power-g" + host.getMetadata().getGeneration() + "-";
    PowerAction action;
    if (spec.getPower() == BmcHostSpec.Power.On && status.getPowerState() == PowerState.Off) {
      action = supported(status.getSupportedActions(), PowerAction.On) ? PowerAction.On : PowerAction.PushPowerButton;
    } else if (spec.getPower() == BmcHostSpec.Power.Off && status.getPowerState() == PowerState.On) {
      action = offAction(status.getSupportedActions(), last, prefix, plan, now);
      if (action == null) {
        return true; // a graceful shutdown is under way
      }
    } else {
      return false;
    }
    if (!backingOff(last, prefix, plan, now)) {
      send(host, agent, plan, nextId(last, prefix), action.name(), "Spec",
          BmcAction.newBuilder().setPower(action.name()), now);
    }
    return true;
  }

  /** GracefulShutdown first; ForceOff once it succeeded but the server is still on after the grace period. */
  private static PowerAction offAction(List<PowerAction> supported, BmcActionRecord last, String prefix,
      BmcHostPlan plan, Instant now) {
    if (!supported(supported, PowerAction.GracefulShutdown)) {
      return PowerAction.ForceOff;
    }
    var graceful = last != null && last.getId() != null && last.getId().startsWith(prefix)
        && PowerAction.GracefulShutdown.name().equals(last.getAction())
        && last.getResult() == BmcActionRecord.Result.Succeeded;
    if (!graceful) {
      return PowerAction.GracefulShutdown;
    }
    var forceAt = Instant.parse(last.getCompletedAt()).plus(SHUTDOWN_GRACE);
    if (now.isBefore(forceAt)) {
      plan.requeueWithin(Duration.between(now, forceAt));
      return null;
    }
    return PowerAction.ForceOff;
  }

  private static boolean supported(List<PowerAction> supported, PowerAction action) {
    return supported == null || supported.isEmpty() || supported.contains(action);
  }

  /** A spec action of this kind failed a moment ago: wait before the next try. */
  private static boolean backingOff(BmcActionRecord last, String prefix, BmcHostPlan plan, Instant now) {
    if (last == null || last.getId() == null || !last.getId().startsWith(prefix)
        || last.getResult() != BmcActionRecord.Result.Failed || last.getCompletedAt() == null) {
      return false;
    }
    var retryAt = Instant.parse(last.getCompletedAt()).plus(RETRY_AFTER);
    if (now.isBefore(retryAt)) {
      plan.requeueWithin(Duration.between(now, retryAt));
      return true;
    }
    return false;
  }

  /** {@code <prefix><n>}, n one more than the last action's of the same prefix. */
  private static String nextId(BmcActionRecord last, String prefix) {
    if (last != null && last.getId() != null && last.getId().startsWith(prefix)) {
      try {
        return prefix + (Integer.parseInt(last.getId().substring(prefix.length())) + 1);
      } catch (NumberFormatException e) {
        // not one of ours: start over
      }
    }
    return prefix + 1;
  }

  private static void send(BmcHost host, String agent, BmcHostPlan plan, String id, String name, String requestedBy,
      BmcAction.Builder action, Instant now) {
    host.getStatus().setLastAction(record(id, name, requestedBy, now));
    plan.act(agent, action.setHostUid(host.getMetadata().getUid()).setActionId(id).build());
    plan.normal("ActionRequested", name + " (" + requestedBy + ") sent to agent " + agent);
  }

  private static BmcActionRecord record(String id, String action, String requestedBy, Instant now) {
    var record = new BmcActionRecord();
    record.setId(id);
    record.setAction(action);
    record.setRequestedBy(requestedBy);
    record.setRequestedAt(now.toString());
    record.setResult(BmcActionRecord.Result.Pending);
    return record;
  }
}
