package dev.anvil.operator.bmc;

import static org.assertj.core.api.Assertions.assertThat;

import dev.anvil.crds.v1alpha1.BmcActionRecord;
import dev.anvil.crds.v1alpha1.BmcHost;
import dev.anvil.crds.v1alpha1.BmcHostSpec;
import dev.anvil.crds.v1alpha1.BmcHostStatus;
import dev.anvil.crds.v1alpha1.BmcNode;
import dev.anvil.crds.v1alpha1.BootOverride;
import dev.anvil.crds.v1alpha1.BootTarget;
import dev.anvil.crds.v1alpha1.PowerAction;
import dev.anvil.crds.v1alpha1.SecretRef;
import dev.anvil.operator.workflow.nodes.BmcNodeStep;
import dev.anvil.protocol.Features;
import dev.anvil.protocol.agent.v1.BmcActionResult;
import dev.anvil.protocol.agent.v1.BmcObservation;
import dev.anvil.protocol.bus.LiveAgent;
import io.fabric8.kubernetes.api.model.ObjectMetaBuilder;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The annotation requests of a BmcHost as the bmc node of a Workflow uses them: the node's step against the host's
 * real decision, so that a request runs once across restarts and concurrent Workflows.
 */
class BmcNodeRequestsTest {

  private static final Instant NOW = Instant.parse("2026-11-23T10:00:00Z");
  private static final LiveAgent AGENT = new LiveAgent("a", "node-a", "dc-a", Map.of(), List.of(Features.BMC),
      "hub-0", "s", NOW, Map.of());

  private static BmcHost host() {
    var host = new BmcHost();
    host.setMetadata(new ObjectMetaBuilder().withNamespace("lab").withName("r640").withUid("uid-1")
        .withGeneration(1L).withResourceVersion("1").build());
    var spec = new BmcHostSpec();
    spec.setAddress("redfish+https://10.1.2.17/redfish/v1/Systems/1");
    spec.setCredentialsSecretRef(new SecretRef("r640-bmc"));
    spec.setDatacenter("dc-a");
    host.setSpec(spec);
    decide(host, null, NOW);
    return host;
  }

  private static StoredObservation polled(BmcHost host, String power) {
    var version = ServeCommands.of(host, 0).getConfigVersion();
    return new StoredObservation("a", BmcObservation.newBuilder().setHostUid("uid-1").setConfigVersion(version)
        .setProtocol("Redfish").setPowerState(power).setHealth("OK").build());
  }

  /** One pass of the host's reconciler over a host polled as On, writing the status back. */
  private static BmcHostPlan decide(BmcHost host, BmcActionResult result, Instant now) {
    var seen = host.getStatus() == null ? null : polled(host, "On");
    var plan = BmcHostDecision.decide(host, new BmcHostDecision.View(List.of(AGENT), Map.of(), seen, result,
        Duration.ofSeconds(15), 0, true), now);
    host.setStatus(plan.status());
    host.getMetadata().setResourceVersion(host.getMetadata().getResourceVersion() + "s");
    return plan;
  }

  private static void apply(BmcHost host, BmcNodeStep.Outcome outcome) {
    assertThat(outcome).isInstanceOf(BmcNodeStep.Request.class);
    var mutation = ((BmcNodeStep.Request) outcome).mutation();
    assertThat(mutation.resourceVersion()).isEqualTo(host.getMetadata().getResourceVersion());
    var annotations = new HashMap<String, String>();
    if (host.getMetadata().getAnnotations() != null) {
      annotations.putAll(host.getMetadata().getAnnotations());
    }
    annotations.putAll(mutation.annotations());
    host.getMetadata().setAnnotations(annotations);
    host.getMetadata().setResourceVersion(host.getMetadata().getResourceVersion() + "m");
  }

  private static final BmcActionResult DONE = BmcActionResult.newBuilder().setSucceeded(true).build();

  @Test
  void aNodesRequestRunsOnceAcrossARestartAndItsOutcomeOutlivesLaterActions() {
    var host = host();
    decide(host, null, NOW);
    var node = new BmcNode("r640", PowerAction.ForceRestart);

    apply(host, BmcNodeStep.step(host, node, "wf-1", NOW, NOW));
    var plan = decide(host, null, NOW.plusSeconds(1));
    assertThat(plan.act().action().getPower()).isEqualTo("ForceRestart");
    assertThat(host.getStatus().getLastAction().getRequest()).isEqualTo("ForceRestart/wf-1");
    // the operator restarts: the same status, the same annotation, nothing new goes out; the node just waits
    assertThat(decide(host, null, NOW.plusSeconds(2)).act()).isNull();
    assertThat(NextAction.pending(host.getMetadata(), host.getStatus(), host.getSpec()).action().getActionId())
        .isEqualTo(plan.act().action().getActionId());
    assertThat(BmcNodeStep.step(host, node, "wf-1", NOW, NOW.plusSeconds(2)))
        .isInstanceOf(BmcNodeStep.Waiting.class);

    decide(host, DONE, NOW.plusSeconds(3));
    // a later desired-power action replaces lastAction; the request's record stays in status.requests
    host.getSpec().setPower(BmcHostSpec.Power.Off);
    decide(host, null, NOW.plus(Duration.ofMinutes(1)));
    assertThat(host.getStatus().getLastAction().getRequestedBy()).isEqualTo("Spec");
    assertThat(host.getStatus().getRequests()).extracting(BmcActionRecord::getRequest)
        .containsExactly("ForceRestart/wf-1");
    assertThat(BmcNodeStep.step(host, node, "wf-1", NOW, NOW.plus(Duration.ofMinutes(1))))
        .isInstanceOf(BmcNodeStep.Succeeded.class);
  }

  @Test
  void ofTwoWorkflowsAskingAtOnceOneWaitsForTheOther() {
    var host = host();
    decide(host, null, NOW);
    var first = BmcNodeStep.step(host, new BmcNode("r640", PowerAction.Nmi), "wf-a", NOW, NOW);
    var second = BmcNodeStep.step(host, new BmcNode("r640", PowerAction.ForceRestart), "wf-b", NOW, NOW);
    apply(host, first);
    // the second was computed from the same resourceVersion: the API server refuses it, the node reads again
    assertThat(((BmcNodeStep.Request) second).mutation().resourceVersion())
        .isNotEqualTo(host.getMetadata().getResourceVersion());
    var node = new BmcNode("r640", PowerAction.ForceRestart);
    assertThat(BmcNodeStep.step(host, node, "wf-b", NOW, NOW)).isInstanceOf(BmcNodeStep.Waiting.class);

    decide(host, null, NOW.plusSeconds(1));
    assertThat(BmcNodeStep.step(host, node, "wf-b", NOW, NOW.plusSeconds(1))).isInstanceOf(BmcNodeStep.Waiting.class);
    decide(host, DONE, NOW.plusSeconds(2));
    apply(host, BmcNodeStep.step(host, node, "wf-b", NOW, NOW.plusSeconds(2)));
    assertThat(decide(host, null, NOW.plusSeconds(3)).act().action().getPower()).isEqualTo("ForceRestart");
    assertThat(host.getStatus().getRequests()).extracting(BmcActionRecord::getRequest)
        .containsExactly("ForceRestart/wf-b", "Nmi/wf-a");
  }

  @Test
  void aBootOverrideAnnotationIsAppliedOnceWithoutTouchingTheSpecOrItsOnceBookkeeping() {
    var host = host();
    decide(host, null, NOW);
    var node = new BmcNode();
    node.setHost("r640");
    node.setBootOverride(new BootOverride(BootTarget.Pxe, null, BootOverride.Mode.UEFI));
    apply(host, BmcNodeStep.step(host, node, "wf-1", NOW, NOW));
    assertThat(host.getMetadata().getAnnotations()).containsEntry(BmcHost.BOOT_OVERRIDE_ANNOTATION,
        "Pxe,Once,UEFI/wf-1");

    var plan = decide(host, null, NOW.plusSeconds(1));
    var boot = plan.act().action().getBootOverride();
    assertThat(List.of(boot.getTarget(), boot.getEnabled(), boot.getMode())).containsExactly("Pxe", "Once", "UEFI");
    assertThat(plan.act().action().getActionId()).doesNotStartWith(BootOverrides.ACTION_PREFIX);
    // the re-send after a restart rebuilds the command from the record, not from the (empty) spec
    assertThat(NextAction.pending(host.getMetadata(), host.getStatus(), host.getSpec()).action().getBootOverride())
        .isEqualTo(boot);

    decide(host, DONE, NOW.plusSeconds(2));
    assertThat(decide(host, null, NOW.plusSeconds(3)).act()).isNull();
    assertThat(host.getSpec().getBootOverride()).isNull();
    assertThat(host.getStatus().getBootOverrideApplied()).isNull();
    assertThat(host.getStatus().getLastBootRequest()).isEqualTo("Pxe,Once,UEFI/wf-1");
    assertThat(BmcNodeStep.step(host, node, "wf-1", NOW, NOW.plusSeconds(3)))
        .isInstanceOf(BmcNodeStep.Succeeded.class);
  }

  @Test
  void aBootOverrideValueThatNamesNoTargetIsRefusedWithAMessage() {
    var host = host();
    decide(host, null, NOW);
    host.getMetadata().setAnnotations(Map.of(BmcHost.BOOT_OVERRIDE_ANNOTATION, "Floppy,Once/x"));

    var plan = decide(host, null, NOW.plusSeconds(1));

    assertThat(plan.act()).isNull();
    assertThat(host.getStatus().getLastAction().getResult()).isEqualTo(BmcActionRecord.Result.Failed);
    assertThat(host.getStatus().getLastAction().getMessage()).contains("unknown boot target 'Floppy'");
    assertThat(host.getStatus().getRequests()).extracting(BmcActionRecord::getRequest).containsExactly("Floppy,Once/x");
    host.getMetadata().setAnnotations(Map.of(BmcHost.BOOT_OVERRIDE_ANNOTATION, "Pxe,Sometimes/x"));
    decide(host, null, NOW.plusSeconds(2));
    assertThat(host.getStatus().getLastAction().getMessage()).contains("unknown boot override setting 'Sometimes'");
  }

  @Test
  void aValueThatRanBeforeDoesNotRunAgainWhenItComesBackAndTheHistoryKeepsTheNewestEight() {
    var host = host();
    decide(host, null, NOW);
    var t = NOW;
    for (var i = 0; i < BmcHostStatus.MAX_REQUESTS + 2; i++) {
      host.getMetadata().setAnnotations(Map.of(BmcHost.POWER_ACTION_ANNOTATION, "Nmi/" + i));
      t = t.plusSeconds(2);
      assertThat(decide(host, null, t).act()).isNotNull();
      decide(host, DONE, t.plusSeconds(1));
    }
    assertThat(host.getStatus().getRequests()).hasSize(BmcHostStatus.MAX_REQUESTS)
        .extracting(BmcActionRecord::getRequest).startsWith("Nmi/9", "Nmi/8").endsWith("Nmi/2");
    assertThat(host.getStatus().getRequests()).allMatch(r -> r.getResult() == BmcActionRecord.Result.Succeeded);

    // a stale writer puts back a value that already ran (but is no longer lastPowerRequest)
    host.getMetadata().setAnnotations(Map.of(BmcHost.POWER_ACTION_ANNOTATION, "Nmi/5"));
    assertThat(decide(host, null, t.plusSeconds(5)).act()).isNull();
    assertThat(host.getStatus().getLastAction().getRequest()).isEqualTo("Nmi/9");
  }
}
