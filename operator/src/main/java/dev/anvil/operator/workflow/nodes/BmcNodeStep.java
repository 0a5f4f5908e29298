package dev.anvil.operator.workflow.nodes;

import static dev.anvil.crds.v1alpha1.BmcHostStatus.CREDENTIALS_VALID;
import static dev.anvil.crds.v1alpha1.BmcHostStatus.REACHABLE;
import static dev.anvil.crds.v1alpha1.BmcHostStatus.READY;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.anvil.crds.v1alpha1.BmcActionRecord;
import dev.anvil.crds.v1alpha1.BmcHost;
import dev.anvil.crds.v1alpha1.BmcHostSpec;
import dev.anvil.crds.v1alpha1.BmcHostRequests;
import dev.anvil.crds.v1alpha1.BmcHostStatus;
import dev.anvil.crds.v1alpha1.BmcNode;
import dev.anvil.crds.v1alpha1.BootOverride;
import dev.anvil.crds.v1alpha1.PowerAction;
import dev.anvil.crds.v1alpha1.PowerState;
import dev.anvil.operator.status.Conditions;
import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

/**
 * One step of a Workflow's {@code bmc} node, a pure function of the BmcHost as read and the clock: ask for the action
 * through the host's request annotation (once per request id), then wait until its outcome shows in the host's status.
 *
 * <p>Concurrency rule: one request at a time per host. A node writes its request only while the host has no other
 * request waiting and no action in flight, with the host's resourceVersion as a precondition, so of two Workflows
 * asking at once one wins and the other waits; it never overwrites a request someone else wrote.
 */
public final class BmcNodeStep {

  /** How long On, ForceOn and ForceOff may take to show in the power state after they were sent. */
  public static final Duration POWER_TIMEOUT = Duration.ofMinutes(5);
  /**
   * How long a GracefulShutdown may take: the operating system shuts down first. Longer than the 3 minutes after which
   * the BmcHost's own desired power Off forces the server off, since a node asked for a graceful shutdown only.
   */
  public static final Duration SHUTDOWN_TIMEOUT = Duration.ofMinutes(10);
  /** How long a request may wait for the host to be polled and pick it up before the attempt fails. */
  public static final Duration PICKUP_TIMEOUT = Duration.ofMinutes(5);
  static final Duration RECHECK_SOON = Duration.ofSeconds(5);
  static final Duration RECHECK = Duration.ofSeconds(10);
  static final Duration RECHECK_BUSY = Duration.ofSeconds(15);

  private static final ObjectMapper JSON = new ObjectMapper();

  /** What the node does next. */
  public sealed interface Outcome permits Request, Waiting, Succeeded, Failed {
  }

  /** Write {@code mutation} on the BmcHost to ask for the action, then step again. */
  public record Request(Mutation mutation) implements Outcome {
  }

  /** Nothing to write; step again within {@code recheckAfter} (or when the BmcHost changes). */
  public record Waiting(String message, Duration recheckAfter) implements Outcome {
  }

  /** The action is done; {@code results}: {@code action}, {@code powerState}, {@code bootTarget}, ... */
  public record Succeeded(Map<String, String> results) implements Outcome {
  }

  /**
   * The attempt failed. {@code withdraw}, when not null, takes the attempt's request back off the host: apply it
   * first; the attempt has failed only when it applied, since a conflict means the host picked the request up
   * meanwhile (step again then).
   */
  public record Failed(String reason, String message, boolean retryable, Mutation withdraw) implements Outcome {

    public Failed(String reason, String message, boolean retryable) {
      this(reason, message, retryable, null);
    }
  }

  /**
   * Annotations to set on the BmcHost (a null value removes one), valid only while the host still has
   * {@code resourceVersion}: one JSON merge patch, {@link #mergePatch()}, whose resourceVersion makes the API server
   * refuse it with 409 Conflict when the host changed since it was read.
   */
  public record Mutation(Map<String, String> annotations, String resourceVersion) {

    /** The JSON merge patch that applies this mutation. */
    public String mergePatch() {
      var metadata = new LinkedHashMap<String, Object>();
      metadata.put("resourceVersion", resourceVersion);
      metadata.put("annotations", annotations);
      try {
        return JSON.writeValueAsString(Map.of("metadata", metadata));
      } catch (JsonProcessingException e) {
        throw new IllegalStateException("annotations are always serializable", e);
      }
    }
  }

  private BmcNodeStep() {
  }

  /** The circuit breaker target of a bmc node: {@code bmchost/<namespace>/<name>}. */
  public static String target(String namespace, String host) {
    return "bmchost/" + namespace + "/" + host;
  }

  /**
   * The next step of a bmc node attempt. {@code host}: the BmcHost named by the node as read from the API, or null
   * when there is none; {@code requestId}: unique per node attempt (e.g. {@code <workflow uid prefix>-<node>-<attempt>});
   * {@code attemptStart}: when the attempt started.
   */
  public static Outcome step(BmcHost host, BmcNode node, String requestId, Instant attemptStart, Instant now) {
    var invalid = invalid(node, requestId);
    if (invalid != null) {
      return new Failed("InvalidSpec", invalid, false);
    }
    if (host == null) {
      return new Failed("HostNotFound", "no BmcHost " + node.getHost() + " in the Workflow's namespace", false);
    }
    var key = annotation(node);
    var value = value(node, requestId);
    var status = host.getStatus();
    var record = BmcHostRequests.find(status, value);
    if (record != null) {
      return outcome(record, host, node, attemptStart, now);
    }
    var annotations = host.getMetadata().getAnnotations();
    if (annotations != null && value.equals(annotations.get(key))) {
      return awaitPickup(host, node, requestId, attemptStart, now);
    }
    if (status != null && (value.equals(status.getLastPowerRequest()) || value.equals(status.getLastBootRequest())
        || mayHaveDropped(status, attemptStart))) {
      return new Failed("OutcomeUnknown", "the host carried out request " + value + " but no longer records how it "
          + "ended (more than " + BmcHostStatus.MAX_REQUESTS + " requests since); check the host before retrying",
          false);
    }
    var unfit = unfit(host, node, attemptStart, now);
    if (unfit != null) {
      return unfit;
    }
    var busy = busy(host);
    if (busy != null) {
      return new Waiting(busy + "; one request at a time per host", RECHECK_BUSY);
    }
    var set = new LinkedHashMap<String, String>();
    set.put(key, value);
    return new Request(new Mutation(Collections.unmodifiableMap(set), host.getMetadata().getResourceVersion()));
  }

  /**
   * The mutation that takes this attempt's request back off the host while it is not picked up yet (for a node that
   * is cancelled or timed out), or null when there is nothing to take back.
   */
  public static Mutation withdraw(BmcHost host, BmcNode node, String requestId) {
    if (host == null || invalid(node, requestId) != null) {
      return null;
    }
    var annotations = host.getMetadata().getAnnotations();
    var value = value(node, requestId);
    if (annotations == null || !value.equals(annotations.get(annotation(node)))
        || BmcHostRequests.find(host.getStatus(), value) != null) {
      return null;
    }
    var remove = new LinkedHashMap<String, String>();
    remove.put(annotation(node), null);
    return new Mutation(Collections.unmodifiableMap(remove), host.getMetadata().getResourceVersion());
  }

  private static String invalid(BmcNode node, String requestId) {
    if (node == null || node.getHost() == null || node.getHost().isBlank()) {
      return "bmc.host is required";
    }
    if ((node.getAction() == null) == (node.getBootOverride() == null)) {
      return "set exactly one of bmc.action or bmc.bootOverride";
    }
    if (node.getBootOverride() != null && node.getBootOverride().getTarget() == null) {
      return "bmc.bootOverride.target is required";
    }
    if (requestId == null || requestId.isBlank()) {
      return "no request id for the attempt";
    }
    return null;
  }

  private static String annotation(BmcNode node) {
    return node.getAction() != null ? BmcHost.POWER_ACTION_ANNOTATION : BmcHost.BOOT_OVERRIDE_ANNOTATION;
  }

  private static String value(BmcNode node, String requestId) {
    return node.getAction() != null ? BmcHostRequests.powerValue(node.getAction(), requestId)
        : BmcHostRequests.bootValue(node.getBootOverride(), requestId);
  }

  /** What the host recorded for this attempt's request, as the node's outcome. */
  private static Outcome outcome(BmcActionRecord record, BmcHost host, BmcNode node, Instant attemptStart,
      Instant now) {
    var what = record.getAction() + " on " + host.getMetadata().getName();
    if (record.getResult() == null || record.getResult() == BmcActionRecord.Result.Pending) {
      return new Waiting(what + " sent to the BMC, waiting for its answer", RECHECK_SOON);
    }
    if (record.getResult() == BmcActionRecord.Result.Failed) {
      return new Failed("ActionFailed", what + " failed: " + Objects.toString(record.getMessage(), "no detail"),
          false);
    }
    var status = host.getStatus();
    var results = new LinkedHashMap<String, String>();
    results.put("action", record.getAction());
    if (status.getPowerState() != null) {
      results.put("powerState", status.getPowerState().name());
    }
    if (record.getCompletedAt() != null) {
      results.put("completedAt", record.getCompletedAt());
    }
    if (node.getBootOverride() != null) {
      results.put("bootTarget", node.getBootOverride().getTarget().name());
      return new Succeeded(Collections.unmodifiableMap(results));
    }
    var expected = expected(node.getAction());
    if (expected == null || status.getPowerState() == expected) {
      return new Succeeded(Collections.unmodifiableMap(results));
    }
    var bound = node.getAction() == PowerAction.GracefulShutdown ? SHUTDOWN_TIMEOUT : POWER_TIMEOUT;
    var deadline = instant(record.getRequestedAt(), attemptStart).plus(bound);
    var observed = Objects.toString(status.getPowerState(), "unknown");
    if (!now.isBefore(deadline)) {
      // sending it again is safe: these actions only drive the server towards a state
      return new Failed("Timeout", what + " was accepted but the power state is " + observed + ", not " + expected
          + ", " + bound.toMinutes() + " minutes after it was sent", true);
    }
    return new Waiting(what + " accepted; power state " + observed + ", waiting for " + expected,
        min(RECHECK, Duration.between(now, deadline)));
  }

  /** The request is on the host, not picked up yet: wait for the host's next pass, within a bound. */
  private static Outcome awaitPickup(BmcHost host, BmcNode node, String requestId, Instant attemptStart,
      Instant now) {
    var deadline = attemptStart.plus(PICKUP_TIMEOUT);
    if (now.isBefore(deadline)) {
      return new Waiting("request written on " + host.getMetadata().getName() + ", waiting for the operator to pick "
          + "it up", min(RECHECK_SOON, Duration.between(now, deadline)));
    }
    var reachable = condition(host.getStatus(), REACHABLE);
    var why = reachable == null ? "it has not been polled"
        : Conditions.TRUE.equals(reachable.getStatus()) ? "it stayed busy or not ready"
        : reachable.getReason() + ": " + reachable.getMessage();
    return new Failed(reachable != null && !Conditions.TRUE.equals(reachable.getStatus()) ? "Unreachable"
        : "HostNotReady", "the host did not pick the request up within " + PICKUP_TIMEOUT.toMinutes() + " minutes: "
        + why, true, withdraw(host, node, requestId));
  }

  /**
   * Whether the host's request history may have dropped a record of this attempt: it is full, and its oldest entry is
   * no older than the attempt, so a request of this attempt could have been pushed out.
   */
  private static boolean mayHaveDropped(BmcHostStatus status, Instant attemptStart) {
    var requests = status.getRequests();
    if (requests == null || requests.size() < BmcHostStatus.MAX_REQUESTS) {
      return false;
    }
    var oldest = requests.get(requests.size() - 1);
    return !instant(oldest.getRequestedAt(), Instant.EPOCH).isBefore(attemptStart);
  }

  /** Why the host cannot take the request now (as Waiting or Failed), or null when it can. */
  private static Outcome unfit(BmcHost host, BmcNode node, Instant attemptStart, Instant now) {
    var name = host.getMetadata().getName();
    var status = host.getStatus();
    var ready = condition(status, READY);
    if (ready != null && "InvalidSpec".equals(ready.getReason())) {
      return new Failed("HostNotReady", "BmcHost " + name + " has an invalid spec: " + ready.getMessage(), true);
    }
    var reachable = condition(status, REACHABLE);
    if (reachable == null || "WaitingForPoll".equals(reachable.getReason())) {
      var deadline = attemptStart.plus(PICKUP_TIMEOUT);
      return now.isBefore(deadline)
          ? new Waiting("waiting for the first poll of BmcHost " + name, min(RECHECK, Duration.between(now, deadline)))
          : new Failed("HostNotReady", "BmcHost " + name + " was not polled within " + PICKUP_TIMEOUT.toMinutes()
              + " minutes", true);
    }
    if (!Conditions.TRUE.equals(reachable.getStatus())) {
      return new Failed("Unreachable", "BmcHost " + name + " is not reachable (" + reachable.getReason() + "): "
          + reachable.getMessage(), true);
    }
    var credentials = condition(status, CREDENTIALS_VALID);
    if (credentials != null && Conditions.FALSE.equals(credentials.getStatus())) {
      return new Failed("HostNotReady", "the BMC of " + name + " rejects the credentials (" + credentials.getReason()
          + "): " + credentials.getMessage(), true);
    }
    var action = node.getAction();
    var supported = status.getSupportedActions();
    if (action != null && supported != null && !supported.isEmpty() && !supported.contains(action)) {
      return new Failed("ActionFailed", "the BMC of " + name + " does not offer " + action + "; it offers "
          + supported, false);
    }
    var power = host.getSpec() == null ? null : host.getSpec().getPower();
    var wanted = expected(action);
    if (power != null && wanted != null && (power == BmcHostSpec.Power.On) != (wanted == PowerState.On)) {
      return new Failed("Conflict", "BmcHost " + name + " has spec.power " + power + ", which would undo " + action,
          false);
    }
    var boot = host.getSpec() == null ? null : host.getSpec().getBootOverride();
    if (node.getBootOverride() != null && boot != null && boot.getEnabled() == BootOverride.Enabled.Continuous) {
      return new Failed("Conflict", "BmcHost " + name + " keeps a Continuous spec.bootOverride, which would undo "
          + "this one", false);
    }
    return null;
  }

  /** What keeps the host from taking a new request now, or null. */
  private static String busy(BmcHost host) {
    for (var key : new String[] {BmcHost.POWER_ACTION_ANNOTATION, BmcHost.BOOT_OVERRIDE_ANNOTATION}) {
      var other = BmcHostRequests.waiting(host, key);
      if (other != null) {
        return "another request (" + key + ": " + other + ") waits on BmcHost " + host.getMetadata().getName();
      }
    }
    var last = host.getStatus().getLastAction();
    if (last != null && last.getResult() == BmcActionRecord.Result.Pending) {
      return "another action (" + last.getAction() + ", asked for by " + last.getRequestedBy() + ") is in flight on "
          + "BmcHost " + host.getMetadata().getName();
    }
    return null;
  }

  /** The power state a power action leads to, or null when its acceptance is all there is to wait for. */
  private static PowerState expected(PowerAction action) {
    if (action == null) {
      return null;
    }
    return switch (action) {
      case On, ForceOn -> PowerState.On;
      case ForceOff, GracefulShutdown -> PowerState.Off;
      default -> null;
    };
  }

  private static io.fabric8.kubernetes.api.model.Condition condition(BmcHostStatus status, String type) {
    return status == null ? null : Conditions.find(status.getConditions(), type);
  }

  private static Instant instant(String time, Instant otherwise) {
    if (time == null) {
      return otherwise;
    }
    try {
      return Instant.parse(time);
    } catch (DateTimeParseException e) {
      return otherwise;
    }
  }

  private static Duration min(Duration a, Duration b) {
    return a.compareTo(b) <= 0 ? a : b;
  }
}
