package dev.anvil.operator.workflow.nodes;

import static org.assertj.core.api.Assertions.assertThat;

import dev.anvil.crds.v1alpha1.BmcActionRecord;
import dev.anvil.crds.v1alpha1.BmcHost;
import dev.anvil.crds.v1alpha1.BmcHostSpec;
import dev.anvil.crds.v1alpha1.BmcHostStatus;
import dev.anvil.crds.v1alpha1.BmcNode;
import dev.anvil.crds.v1alpha1.BootOverride;
import dev.anvil.crds.v1alpha1.BootTarget;
import dev.anvil.crds.v1alpha1.PowerAction;
import dev.anvil.crds.v1alpha1.PowerState;
import dev.anvil.operator.status.Conditions;
import dev.anvil.operator.workflow.nodes.BmcNodeStep.Failed;
import dev.anvil.operator.workflow.nodes.BmcNodeStep.Request;
import dev.anvil.operator.workflow.nodes.BmcNodeStep.Succeeded;
import dev.anvil.operator.workflow.nodes.BmcNodeStep.Waiting;
import io.fabric8.kubernetes.api.model.ObjectMetaBuilder;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class BmcNodeStepTest {

  private static final Instant START = Instant.parse("2026-11-23T10:00:00Z");
  private static final String ID = "3f2a9c1e-reboot-1";

  /** A polled, reachable host with accepted credentials. */
  private static BmcHost host(PowerState power) {
    var host = new BmcHost();
    host.setMetadata(new ObjectMetaBuilder().withNamespace("lab").withName("r640").withUid("uid-1")
        .withResourceVersion("7").build());
    var spec = new BmcHostSpec();
    spec.setAddress("redfish+https://10.1.2.17");
    spec.setDatacenter("dc-a");
    host.setSpec(spec);
    var status = new BmcHostStatus();
    status.setPowerState(power);
    status.setAgent("a");
    Conditions.set(status.getConditions(), BmcHostStatus.REACHABLE, Conditions.TRUE, "Polled", "polled", 1L, START);
    Conditions.set(status.getConditions(), BmcHostStatus.CREDENTIALS_VALID, Conditions.TRUE, "Accepted", "ok", 1L,
        START);
    host.setStatus(status);
    return host;
  }

  private static BmcNode power(PowerAction action) {
    return new BmcNode("r640", action);
  }

  private static BmcNode boot(BootTarget target) {
    var node = new BmcNode();
    node.setHost("r640");
    node.setBootOverride(new BootOverride(target, BootOverride.Enabled.Once, BootOverride.Mode.UEFI));
    return node;
  }

  /** The host after the mutation of {@code request} was applied (as the API server would). */
  private static void apply(BmcHost host, Request request) {
    assertThat(request.mutation().resourceVersion()).isEqualTo(host.getMetadata().getResourceVersion());
    var annotations = new HashMap<String, String>();
    if (host.getMetadata().getAnnotations() != null) {
      annotations.putAll(host.getMetadata().getAnnotations());
    }
    request.mutation().annotations().forEach((k, v) -> {
      if (v == null) {
        annotations.remove(k);
      } else {
        annotations.put(k, v);
      }
    });
    host.getMetadata().setAnnotations(annotations);
    host.getMetadata().setResourceVersion(host.getMetadata().getResourceVersion() + "1");
  }

  /** The host's operator picked the request up and recorded it as {@code result}. */
  private static BmcActionRecord record(BmcHost host, String request, String action, BmcActionRecord.Result result,
      Instant at) {
    var record = new BmcActionRecord();
    record.setId("request-" + request.hashCode());
    record.setAction(action);
    record.setRequestedBy("Annotation");
    record.setRequestedAt(at.toString());
    record.setResult(result);
    record.setRequest(request);
    if (result != BmcActionRecord.Result.Pending) {
      record.setCompletedAt(at.plusSeconds(2).toString());
    }
    host.getStatus().setLastAction(record);
    if (request.contains(",")) {
      host.getStatus().setLastBootRequest(request);
    } else {
      host.getStatus().setLastPowerRequest(request);
    }
    var requests = new ArrayList<BmcActionRecord>();
    requests.add(record);
    if (host.getStatus().getRequests() != null) {
      host.getStatus().getRequests().stream().filter(r -> !r.getRequest().equals(request)).forEach(requests::add);
    }
    host.getStatus().setRequests(requests);
    return record;
  }

  private static BmcNodeStep.Outcome step(BmcHost host, BmcNode node, Instant now) {
    return BmcNodeStep.step(host, node, ID, START, now);
  }

  @Test
  void theCircuitBreakerTargetNamesNamespaceAndHost() {
    assertThat(BmcNodeStep.target("lab", "r640")).isEqualTo("bmchost/lab/r640");
  }

  @Test
  void aNodeWithBothOrNeitherActionAndBootOverrideOrNoHostIsInvalidSpec() {
    var both = boot(BootTarget.Pxe);
    both.setAction(PowerAction.On);
    assertThat(step(host(PowerState.On), both, START)).isInstanceOfSatisfying(Failed.class, f -> {
      assertThat(f.reason()).isEqualTo("InvalidSpec");
      assertThat(f.retryable()).isFalse();
    });
    assertThat(step(host(PowerState.On), new BmcNode("r640", null), START))
        .isInstanceOfSatisfying(Failed.class, f -> assertThat(f.reason()).isEqualTo("InvalidSpec"));
    assertThat(step(host(PowerState.On), new BmcNode(" ", PowerAction.On), START))
        .isInstanceOfSatisfying(Failed.class, f -> assertThat(f.message()).contains("bmc.host"));
    var noTarget = boot(BootTarget.Pxe);
    noTarget.getBootOverride().setTarget(null);
    assertThat(step(host(PowerState.On), noTarget, START))
        .isInstanceOfSatisfying(Failed.class, f -> assertThat(f.message()).contains("target"));
  }

  @Test
  void aMissingHostFailsAsHostNotFound() {
    assertThat(step(null, power(PowerAction.On), START)).isInstanceOfSatisfying(Failed.class, f -> {
      assertThat(f.reason()).isEqualTo("HostNotFound");
      assertThat(f.message()).contains("r640");
      assertThat(f.retryable()).isFalse();
    });
  }

  @Test
  void aHostNotPolledYetIsWaitedForThenFailsRetryably() {
    var host = host(null);
    host.setStatus(null);

    assertThat(step(host, power(PowerAction.On), START.plusSeconds(30))).isInstanceOf(Waiting.class);
    assertThat(step(host, power(PowerAction.On), START.plus(BmcNodeStep.PICKUP_TIMEOUT)))
        .isInstanceOfSatisfying(Failed.class, f -> {
          assertThat(f.reason()).isEqualTo("HostNotReady");
          assertThat(f.retryable()).isTrue();
        });
  }

  @Test
  void anUnreachableHostFailsRetryablyWithTheConditionsMessageAndNothingIsRequested() {
    var host = host(PowerState.On);
    Conditions.set(host.getStatus().getConditions(), BmcHostStatus.REACHABLE, Conditions.FALSE, "Unreachable",
        "connect timed out to 10.1.2.17:443", 1L, START);

    assertThat(step(host, power(PowerAction.ForceRestart), START)).isInstanceOfSatisfying(Failed.class, f -> {
      assertThat(f.reason()).isEqualTo("Unreachable");
      assertThat(f.message()).contains("connect timed out");
      assertThat(f.retryable()).isTrue();
    });
  }

  @Test
  void rejectedCredentialsOrAnInvalidHostSpecAreHostNotReady() {
    var host = host(PowerState.On);
    Conditions.set(host.getStatus().getConditions(), BmcHostStatus.CREDENTIALS_VALID, Conditions.FALSE, "Rejected",
        "login refused", 1L, START);
    assertThat(step(host, power(PowerAction.On), START)).isInstanceOfSatisfying(Failed.class, f -> {
      assertThat(f.reason()).isEqualTo("HostNotReady");
      assertThat(f.message()).contains("login refused");
    });

    var invalid = host(PowerState.On);
    Conditions.set(invalid.getStatus().getConditions(), BmcHostStatus.READY, Conditions.FALSE, "InvalidSpec",
        "spec.address: must match", 1L, START);
    assertThat(step(invalid, power(PowerAction.On), START)).isInstanceOfSatisfying(Failed.class,
        f -> assertThat(f.message()).contains("spec.address"));
  }

  @Test
  void anIdleHostGetsTheRequestAsOneGuardedMergePatch() {
    var outcome = step(host(PowerState.On), power(PowerAction.ForceRestart), START);

    assertThat(outcome).isInstanceOfSatisfying(Request.class, r -> {
      assertThat(r.mutation().annotations()).containsExactly(
          Map.entry(BmcHost.POWER_ACTION_ANNOTATION, "ForceRestart/" + ID));
      assertThat(r.mutation().resourceVersion()).isEqualTo("7");
      assertThat(r.mutation().mergePatch()).isEqualTo("{\"metadata\":{\"resourceVersion\":\"7\",\"annotations\":"
          + "{\"anvil.dev/power-action\":\"ForceRestart/" + ID + "\"}}}");
    });
  }

  @Test
  void aWrittenRequestIsNotWrittenAgainAndIsWithdrawnWhenTheHostNeverPicksItUp() {
    var host = host(PowerState.On);
    var node = power(PowerAction.ForceRestart);
    apply(host, (Request) step(host, node, START));

    assertThat(step(host, node, START.plusSeconds(1))).isInstanceOfSatisfying(Waiting.class, w -> {
      assertThat(w.message()).contains("waiting for the operator to pick it up");
      assertThat(w.recheckAfter()).isPositive();
    });

    Conditions.set(host.getStatus().getConditions(), BmcHostStatus.REACHABLE, Conditions.FALSE, "NoAgent",
        "no agent of datacenter dc-a", 1L, START);
    var failed = (Failed) step(host, node, START.plus(BmcNodeStep.PICKUP_TIMEOUT));
    assertThat(failed.reason()).isEqualTo("Unreachable");
    assertThat(failed.retryable()).isTrue();
    assertThat(failed.withdraw().mergePatch()).contains("\"anvil.dev/power-action\":null")
        .contains("\"resourceVersion\":\"" + host.getMetadata().getResourceVersion() + "\"");
  }

  @Test
  void aPendingActionIsWaitedForAndAfterARestartTheSameRequestIsNeverWrittenAgain() {
    var host = host(PowerState.On);
    var node = power(PowerAction.ForceRestart);
    apply(host, (Request) step(host, node, START));
    record(host, "ForceRestart/" + ID, "ForceRestart", BmcActionRecord.Result.Pending, START.plusSeconds(1));
    // the user (or the operator's own cleanup) removed the annotation: the status still names the request
    host.getMetadata().setAnnotations(Map.of());

    assertThat(step(host, node, START.plusSeconds(2))).isInstanceOfSatisfying(Waiting.class,
        w -> assertThat(w.message()).contains("waiting for its answer"));
  }

  @Test
  void anAcceptedRestartSucceedsWithActionAndPowerState() {
    var host = host(PowerState.On);
    record(host, "ForceRestart/" + ID, "ForceRestart", BmcActionRecord.Result.Succeeded, START);

    assertThat(step(host, power(PowerAction.ForceRestart), START.plusSeconds(5)))
        .isInstanceOfSatisfying(Succeeded.class, s -> assertThat(s.results())
            .containsEntry("action", "ForceRestart").containsEntry("powerState", "On"));
  }

  @Test
  void onSucceedsOnlyOnceThePowerStateIsOnAndTimesOutRetryablyAfterFiveMinutes() {
    var host = host(PowerState.Off);
    var node = power(PowerAction.On);
    record(host, "On/" + ID, "On", BmcActionRecord.Result.Succeeded, START);

    assertThat(step(host, node, START.plusSeconds(10))).isInstanceOfSatisfying(Waiting.class,
        w -> assertThat(w.message()).contains("power state Off, waiting for On"));
    assertThat(step(host, node, START.plus(BmcNodeStep.POWER_TIMEOUT))).isInstanceOfSatisfying(Failed.class, f -> {
      assertThat(f.reason()).isEqualTo("Timeout");
      assertThat(f.retryable()).isTrue();
      assertThat(f.message()).contains("Off, not On");
    });

    host.getStatus().setPowerState(PowerState.On);
    assertThat(step(host, node, START.plusSeconds(30))).isInstanceOfSatisfying(Succeeded.class,
        s -> assertThat(s.results()).containsEntry("powerState", "On"));
  }

  @Test
  void aGracefulShutdownIsGivenLongerThanForceOff() {
    var host = host(PowerState.On);
    record(host, "GracefulShutdown/" + ID, "GracefulShutdown", BmcActionRecord.Result.Succeeded, START);
    var graceful = power(PowerAction.GracefulShutdown);

    assertThat(step(host, graceful, START.plus(Duration.ofMinutes(6)))).isInstanceOf(Waiting.class);
    assertThat(step(host, graceful, START.plus(BmcNodeStep.SHUTDOWN_TIMEOUT)))
        .isInstanceOfSatisfying(Failed.class, f -> assertThat(f.reason()).isEqualTo("Timeout"));
    host.getStatus().setPowerState(PowerState.Off);
    assertThat(step(host, graceful, START.plus(Duration.ofMinutes(7)))).isInstanceOf(Succeeded.class);
  }

  @Test
  void aFailedActionCarriesTheBmcsMessage() {
    var host = host(PowerState.On);
    record(host, "Nmi/" + ID, "Nmi", BmcActionRecord.Result.Failed, START).setMessage(
        "Base.1.8.ActionNotSupported: NMI is disabled in the BIOS");

    assertThat(step(host, power(PowerAction.Nmi), START.plusSeconds(5))).isInstanceOfSatisfying(Failed.class, f -> {
      assertThat(f.reason()).isEqualTo("ActionFailed");
      assertThat(f.message()).contains("NMI is disabled in the BIOS");
      assertThat(f.retryable()).isFalse();
      assertThat(f.withdraw()).isNull();
    });
  }

  @Test
  void theOutcomeIsFoundInTheRequestHistoryAfterALaterActionReplacedLastAction() {
    var host = host(PowerState.On);
    record(host, "ForceRestart/" + ID, "ForceRestart", BmcActionRecord.Result.Succeeded, START);
    var later = new BmcActionRecord();
    later.setId("power-g2-1");
    later.setAction("GracefulShutdown");
    later.setRequestedBy("Spec");
    later.setResult(BmcActionRecord.Result.Pending);
    host.getStatus().setLastAction(later);

    assertThat(step(host, power(PowerAction.ForceRestart), START.plusSeconds(30))).isInstanceOf(Succeeded.class);
  }

  @Test
  void anotherRequestOrActionInFlightMakesTheNodeWaitWithoutOverwritingIt() {
    var host = host(PowerState.On);
    host.getMetadata().setAnnotations(Map.of(BmcHost.POWER_ACTION_ANNOTATION, "PowerCycle/by-hand"));
    assertThat(step(host, power(PowerAction.ForceRestart), START)).isInstanceOfSatisfying(Waiting.class,
        w -> assertThat(w.message()).contains("PowerCycle/by-hand").contains("one request at a time"));

    host.getMetadata().setAnnotations(Map.of(BmcHost.BOOT_OVERRIDE_ANNOTATION, "Pxe/other-workflow"));
    assertThat(step(host, power(PowerAction.ForceRestart), START)).isInstanceOf(Waiting.class);

    // the user's request ran; a spec action is in flight now
    host.getMetadata().setAnnotations(Map.of(BmcHost.POWER_ACTION_ANNOTATION, "PowerCycle/by-hand"));
    record(host, "PowerCycle/by-hand", "PowerCycle", BmcActionRecord.Result.Succeeded, START);
    var spec = new BmcActionRecord();
    spec.setAction("On");
    spec.setRequestedBy("Spec");
    spec.setResult(BmcActionRecord.Result.Pending);
    host.getStatus().setLastAction(spec);
    assertThat(step(host, power(PowerAction.ForceRestart), START)).isInstanceOfSatisfying(Waiting.class,
        w -> assertThat(w.message()).contains("in flight"));

    host.getStatus().setLastAction(null);
    assertThat(step(host, power(PowerAction.ForceRestart), START)).isInstanceOf(Request.class);
  }

  @Test
  void aRequestOverwrittenBeforeThePickupIsAskedForAgainOnceTheHostIsFree() {
    var host = host(PowerState.On);
    var node = power(PowerAction.ForceRestart);
    apply(host, (Request) step(host, node, START));
    host.getMetadata().setAnnotations(Map.of(BmcHost.POWER_ACTION_ANNOTATION, "On/kubectl"));

    assertThat(step(host, node, START.plusSeconds(1))).isInstanceOf(Waiting.class);
    record(host, "On/kubectl", "On", BmcActionRecord.Result.Succeeded, START.plusSeconds(2));
    assertThat(step(host, node, START.plusSeconds(3))).isInstanceOfSatisfying(Request.class, r -> assertThat(
        r.mutation().annotations()).containsEntry(BmcHost.POWER_ACTION_ANNOTATION, "ForceRestart/" + ID));
  }

  @Test
  void aRequestPushedOutOfAFullHistoryIsNotAskedForAgain() {
    var host = host(PowerState.On);
    for (var i = 0; i < BmcHostStatus.MAX_REQUESTS; i++) {
      record(host, "Nmi/other-" + i, "Nmi", BmcActionRecord.Result.Succeeded, START.plusSeconds(i));
    }

    assertThat(step(host, power(PowerAction.ForceRestart), START.plusSeconds(60)))
        .isInstanceOfSatisfying(Failed.class, f -> {
          assertThat(f.reason()).isEqualTo("OutcomeUnknown");
          assertThat(f.retryable()).isFalse();
        });
    // the same history, all older than the attempt: nothing of this attempt can be missing
    assertThat(BmcNodeStep.step(host, power(PowerAction.ForceRestart), ID, START.plusSeconds(30),
        START.plusSeconds(60))).isInstanceOf(Request.class);
  }

  @Test
  void anActionTheBmcDoesNotOfferFailsWithoutARequest() {
    var host = host(PowerState.On);
    host.getStatus().setSupportedActions(List.of(PowerAction.On, PowerAction.ForceOff));

    assertThat(step(host, power(PowerAction.Nmi), START)).isInstanceOfSatisfying(Failed.class, f -> {
      assertThat(f.reason()).isEqualTo("ActionFailed");
      assertThat(f.message()).contains("does not offer Nmi");
    });
  }

  @Test
  void anActionTheHostsDesiredPowerWouldUndoIsAConflict() {
    var host = host(PowerState.On);
    host.getSpec().setPower(BmcHostSpec.Power.On);

    assertThat(step(host, power(PowerAction.ForceOff), START)).isInstanceOfSatisfying(Failed.class,
        f -> assertThat(f.reason()).isEqualTo("Conflict"));
    assertThat(step(host, power(PowerAction.ForceOn), START)).isInstanceOf(Request.class);
    assertThat(step(host, power(PowerAction.ForceRestart), START)).isInstanceOf(Request.class);
  }

  @Test
  void aBootOverrideIsRequestedByAnnotationSucceedsOnceAppliedAndANewAttemptAppliesItAgain() {
    var host = host(PowerState.On);
    var node = boot(BootTarget.Pxe);

    var request = (Request) step(host, node, START);
    assertThat(request.mutation().annotations())
        .containsExactly(Map.entry(BmcHost.BOOT_OVERRIDE_ANNOTATION, "Pxe,Once,UEFI/" + ID));
    assertThat(host.getSpec().getBootOverride()).isNull();
    apply(host, request);
    record(host, "Pxe,Once,UEFI/" + ID, "BootOverride", BmcActionRecord.Result.Pending, START);
    assertThat(step(host, node, START.plusSeconds(1))).isInstanceOf(Waiting.class);
    record(host, "Pxe,Once,UEFI/" + ID, "BootOverride", BmcActionRecord.Result.Succeeded, START);
    assertThat(step(host, node, START.plusSeconds(2))).isInstanceOfSatisfying(Succeeded.class,
        s -> assertThat(s.results()).containsEntry("action", "BootOverride").containsEntry("bootTarget", "Pxe"));

    var retry = BmcNodeStep.step(host, node, "3f2a9c1e-reboot-2", START.plusSeconds(60), START.plusSeconds(60));
    assertThat(retry).isInstanceOfSatisfying(Request.class, r -> assertThat(r.mutation().annotations())
        .containsEntry(BmcHost.BOOT_OVERRIDE_ANNOTATION, "Pxe,Once,UEFI/3f2a9c1e-reboot-2"));
  }

  @Test
  void aBootOverrideOnAHostThatKeepsAContinuousOneIsAConflict() {
    var host = host(PowerState.On);
    host.getSpec().setBootOverride(new BootOverride(BootTarget.Hdd, BootOverride.Enabled.Continuous, null));

    assertThat(step(host, boot(BootTarget.Pxe), START)).isInstanceOfSatisfying(Failed.class,
        f -> assertThat(f.reason()).isEqualTo("Conflict"));
  }

  @Test
  void withdrawTakesBackOnlyARequestNotPickedUpYet() {
    var host = host(PowerState.On);
    var node = power(PowerAction.ForceRestart);
    assertThat(BmcNodeStep.withdraw(host, node, ID)).isNull();
    apply(host, (Request) step(host, node, START));
    assertThat(BmcNodeStep.withdraw(host, node, ID).annotations())
        .containsEntry(BmcHost.POWER_ACTION_ANNOTATION, null);
    record(host, "ForceRestart/" + ID, "ForceRestart", BmcActionRecord.Result.Pending, START);
    assertThat(BmcNodeStep.withdraw(host, node, ID)).isNull();
  }
}
