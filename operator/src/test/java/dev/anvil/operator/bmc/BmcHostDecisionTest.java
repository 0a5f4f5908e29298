package dev.anvil.operator.bmc;

import static org.assertj.core.api.Assertions.assertThat;

import dev.anvil.crds.v1alpha1.BmcActionRecord;
import dev.anvil.crds.v1alpha1.BmcHost;
import dev.anvil.crds.v1alpha1.BmcHostSpec;
import dev.anvil.crds.v1alpha1.BmcHostStatus;
import dev.anvil.crds.v1alpha1.BootOverride;
import dev.anvil.crds.v1alpha1.BootTarget;
import dev.anvil.crds.v1alpha1.PowerState;
import dev.anvil.crds.v1alpha1.SecretRef;
import dev.anvil.operator.status.Conditions;
import dev.anvil.protocol.Features;
import dev.anvil.protocol.agent.v1.BmcActionResult;
import dev.anvil.protocol.agent.v1.BmcObservation;
import dev.anvil.protocol.bus.LiveAgent;
import io.fabric8.kubernetes.api.model.ObjectMetaBuilder;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class BmcHostDecisionTest {

  private static final Instant NOW = Instant.parse("2026-11-23T10:00:00Z");
  private static final Duration HEARTBEAT = Duration.ofSeconds(15);

  private static BmcHost host() {
    var host = new BmcHost();
    host.setMetadata(new ObjectMetaBuilder().withNamespace("lab").withName("r640").withUid("uid-1")
        .withGeneration(1L).build());
    var spec = new BmcHostSpec();
    spec.setAddress("redfish+https://10.1.2.17/redfish/v1/Systems/1");
    spec.setCredentialsSecretRef(new SecretRef("r640-bmc"));
    spec.setDatacenter("dc-a");
    host.setSpec(spec);
    return host;
  }

  private static LiveAgent agent(String id, String datacenter, String... features) {
    return new LiveAgent(id, "node-" + id, datacenter, Map.of(), List.of(features), "hub-0", "s", NOW, Map.of());
  }

  private static BmcHostDecision.View view(StoredObservation observation, BmcActionResult result,
      LiveAgent... live) {
    return new BmcHostDecision.View(List.of(live), Map.of(), observation, result, HEARTBEAT, 0, true);
  }

  private static StoredObservation polled(BmcHost host, String agent, String power, String... actions) {
    var version = ServeCommands.of(host, 0).getConfigVersion();
    return new StoredObservation(agent, BmcObservation.newBuilder().setHostUid("uid-1").setConfigVersion(version)
        .setProtocol("Redfish").setPowerState(power).setHealth("OK").addAllSupportedActions(List.of(actions))
        .build());
  }

  /** Runs the decision and writes its status back, as the reconciler's status write would. */
  private static BmcHostPlan decide(BmcHost host, BmcHostDecision.View view, Instant now) {
    var plan = BmcHostDecision.decide(host, view, now);
    host.setStatus(plan.status());
    return plan;
  }

  private static String condition(BmcHost host, String type) {
    var c = Conditions.find(host.getStatus().getConditions(), type);
    return c == null ? null : c.getStatus() + "/" + c.getReason();
  }

  @Test
  void withoutAnAgentOfItsDatacenterTheHostSaysWhyAndIsNotReady() {
    var host = host();
    var plan = decide(host, view(null, null, agent("x", "dc-b", Features.BMC), agent("y", "dc-a")), NOW);

    assertThat(condition(host, BmcHostStatus.REACHABLE)).isEqualTo("Unknown/NoAgent");
    assertThat(Conditions.find(host.getStatus().getConditions(), BmcHostStatus.REACHABLE).getMessage())
        .contains("no live agent in datacenter dc-a serves BMCs");
    assertThat(condition(host, BmcHostStatus.READY)).startsWith("False/");
    assertThat(plan.serve()).isNull();
  }

  @Test
  void theLeastLoadedAgentOfTheDatacenterServesItAndTheServeCarriesOnlyASecretReference() {
    var host = host();
    var view = new BmcHostDecision.View(List.of(agent("a", "dc-a", Features.BMC), agent("b", "dc-a", Features.BMC)),
        Map.of("a", 3, "b", 1), null, null, HEARTBEAT, 0, true);

    var plan = decide(host, view, NOW);

    assertThat(host.getStatus().getAgent()).isEqualTo("b");
    assertThat(plan.serve().agent()).isEqualTo("b");
    var serve = plan.serve().command();
    assertThat(serve.getCredentials().getSecretRef()).isEqualTo("lab/r640-bmc");
    assertThat(serve.getCredentials().getUsername()).isEmpty();
    assertThat(serve.getCredentials().getPassword()).isEmpty();
    assertThat(serve.getPollInterval().getSeconds()).isEqualTo(30);
    assertThat(condition(host, BmcHostStatus.REACHABLE)).isEqualTo("Unknown/WaitingForPoll");
    assertThat(plan.events()).extracting(BmcHostPlan.Event::reason).contains("AgentAssigned");
  }

  @Test
  void aSuccessfulPollMakesItReadyAndDesiredOffShutsDownGracefullyThenForcesAfterTheGrace() {
    var host = host();
    var a = agent("a", "dc-a", Features.BMC);
    decide(host, view(null, null, a), NOW);
    var on = polled(host, "a", "On", "On", "ForceOff", "GracefulShutdown");
    decide(host, view(on, null, a), NOW);
    assertThat(condition(host, BmcHostStatus.READY)).isEqualTo("True/Ready");
    assertThat(host.getStatus().getPowerState()).isEqualTo(PowerState.On);

    host.getSpec().setPower(BmcHostSpec.Power.Off);
    host.getMetadata().setGeneration(2L);
    var plan = decide(host, view(on, null, a), NOW);
    assertThat(plan.act().action().getPower()).isEqualTo("GracefulShutdown");
    var id = plan.act().action().getActionId();
    assertThat(host.getStatus().getLastAction().getResult()).isEqualTo(BmcActionRecord.Result.Pending);
    assertThat(condition(host, BmcHostStatus.POWER_SYNCED)).isEqualTo("False/PowerPending");

    var done = BmcActionResult.newBuilder().setActionId(id).setSucceeded(true).setPowerState("On").build();
    plan = decide(host, view(on, done, a), NOW.plusSeconds(5));
    assertThat(host.getStatus().getLastAction().getResult()).isEqualTo(BmcActionRecord.Result.Succeeded);
    assertThat(plan.act()).isNull();

    plan = decide(host, view(on, null, a), NOW.plus(NextAction.SHUTDOWN_GRACE).plusSeconds(10));
    assertThat(plan.act().action().getPower()).isEqualTo("ForceOff");
    assertThat(plan.act().action().getActionId()).isNotEqualTo(id);
  }

  @Test
  void anAnnotationRequestRunsOnceAndAnUnknownActionIsRefusedWithAMessage() {
    var host = host();
    var a = agent("a", "dc-a", Features.BMC);
    decide(host, view(null, null, a), NOW);
    var on = polled(host, "a", "On", "ForceRestart", "ForceOff");
    host.getMetadata().setAnnotations(Map.of(BmcHost.POWER_ACTION_ANNOTATION, "ForceRestart/1"));

    var plan = decide(host, view(on, null, a), NOW);
    assertThat(plan.act().action().getPower()).isEqualTo("ForceRestart");
    var done = BmcActionResult.newBuilder().setSucceeded(true).build();
    decide(host, view(on, done, a), NOW.plusSeconds(1));
    assertThat(decide(host, view(on, null, a), NOW.plusSeconds(2)).act()).isNull();
    assertThat(host.getStatus().getLastPowerRequest()).isEqualTo("ForceRestart/1");

    host.getMetadata().setAnnotations(Map.of(BmcHost.POWER_ACTION_ANNOTATION, "Reboot"));
    plan = decide(host, view(on, null, a), NOW.plusSeconds(3));
    assertThat(plan.act()).isNull();
    assertThat(host.getStatus().getLastAction().getResult()).isEqualTo(BmcActionRecord.Result.Failed);
    assertThat(host.getStatus().getLastAction().getMessage()).contains("unknown power action 'Reboot'");

    host.getMetadata().setAnnotations(Map.of(BmcHost.POWER_ACTION_ANNOTATION, "Nmi"));
    plan = decide(host, view(on, null, a), NOW.plusSeconds(4));
    assertThat(plan.act()).isNull();
    assertThat(host.getStatus().getLastAction().getMessage()).contains("does not offer Nmi");
  }

  @Test
  void rejectedCredentialsAreNamedAndNoActionIsSent() {
    var host = host();
    host.getSpec().setPower(BmcHostSpec.Power.On);
    var a = agent("a", "dc-a", Features.BMC);
    decide(host, view(null, null, a), NOW);
    var version = ServeCommands.of(host, 0).getConfigVersion();
    var rejected = new StoredObservation("a", BmcObservation.newBuilder().setConfigVersion(version)
        .setErrorKind("AUTH_FAILED").setErrorMessage("HTTP 401 from the session service").build());

    var plan = decide(host, view(rejected, null, a), NOW);

    assertThat(condition(host, BmcHostStatus.CREDENTIALS_VALID)).isEqualTo("False/Rejected");
    assertThat(Conditions.find(host.getStatus().getConditions(), BmcHostStatus.CREDENTIALS_VALID).getMessage())
        .contains("Secret r640-bmc");
    assertThat(plan.act()).isNull();
    assertThat(plan.events()).extracting(BmcHostPlan.Event::reason).contains("CredentialsRejected");
    assertThat(condition(host, BmcHostStatus.READY)).startsWith("False/");
  }

  @Test
  void aPendingActionWhoseAgentWentAwayFailsAndTheHostMoves() {
    var host = host();
    host.getSpec().setPower(BmcHostSpec.Power.On);
    var a = agent("a", "dc-a", Features.BMC);
    var b = agent("b", "dc-a", Features.BMC);
    decide(host, view(null, null, a), NOW);
    decide(host, view(polled(host, "a", "Off"), null, a), NOW);
    assertThat(host.getStatus().getLastAction().getResult()).isEqualTo(BmcActionRecord.Result.Pending);

    var plan = decide(host, view(polled(host, "a", "Off"), null, b), NOW.plusSeconds(20));

    assertThat(host.getStatus().getAgent()).isEqualTo("b");
    assertThat(host.getStatus().getLastAction().getResult()).isEqualTo(BmcActionRecord.Result.Failed);
    assertThat(host.getStatus().getLastAction().getMessage()).contains("went away");
    assertThat(plan.act()).isNull(); // the old agent's observation does not describe the host any more
    assertThat(condition(host, BmcHostStatus.REACHABLE)).isEqualTo("Unknown/WaitingForPoll");
  }

  @Test
  void aPollMadeBeforeTheLastActionEndedTriggersNoNewAction() {
    var host = host();
    host.getSpec().setPower(BmcHostSpec.Power.On);
    var a = agent("a", "dc-a", Features.BMC);
    decide(host, view(null, null, a), NOW);
    var stale = at(polled(host, "a", "Off"), NOW);
    var plan = decide(host, view(stale, null, a), NOW.plusSeconds(1));
    var id = plan.act().action().getActionId();
    var done = BmcActionResult.newBuilder().setActionId(id).setSucceeded(true).setPowerState("On")
        .setFinishedTime(com.google.protobuf.Timestamp.newBuilder().setSeconds(NOW.plusSeconds(2).getEpochSecond()))
        .build();
    decide(host, view(stale, done, a), NOW.plusSeconds(3));

    plan = decide(host, view(stale, null, a), NOW.plusSeconds(4));

    assertThat(plan.act()).as("the poll predates the action: its Off is stale").isNull();
    assertThat(host.getStatus().getPowerState()).isEqualTo(PowerState.On);
    var fresh = at(polled(host, "a", "On"), NOW.plusSeconds(6));
    assertThat(decide(host, view(fresh, null, a), NOW.plusSeconds(7)).act()).isNull();
    assertThat(condition(host, BmcHostStatus.POWER_SYNCED)).isEqualTo("True/InSync");
  }

  private static StoredObservation at(StoredObservation seen, Instant observed) {
    return new StoredObservation(seen.agent(), seen.observation().toBuilder().setObservedTime(
        com.google.protobuf.Timestamp.newBuilder().setSeconds(observed.getEpochSecond())).build());
  }

  @Test
  void aOnceBootOverrideIsAppliedOnceEvenAfterTheBmcClearedIt() {
    var host = host();
    var boot = new BootOverride();
    boot.setTarget(BootTarget.Pxe);
    host.getSpec().setBootOverride(boot);
    var a = agent("a", "dc-a", Features.BMC);
    decide(host, view(null, null, a), NOW);
    var plan = decide(host, view(polled(host, "a", "On"), null, a), NOW);
    assertThat(plan.act().action().getBootOverride().getTarget()).isEqualTo("Pxe");
    assertThat(plan.act().action().getBootOverride().getEnabled()).isEqualTo("Once");

    decide(host, view(polled(host, "a", "On"), BmcActionResult.newBuilder().setSucceeded(true).build(), a),
        NOW.plusSeconds(1));
    plan = decide(host, view(polled(host, "a", "On"), null, a), NOW.plusSeconds(2));

    assertThat(plan.act()).isNull();
    assertThat(condition(host, BmcHostStatus.POWER_SYNCED)).isEqualTo("True/InSync");
  }

  @Test
  void aSpecTheSchemaWouldRejectIsInvalidSpecWithTheFieldNamed() {
    var host = host();
    host.getSpec().setAddress("http://10.0.0.1");

    var plan = decide(host, view(null, null, agent("a", "dc-a", Features.BMC)), NOW);

    assertThat(condition(host, BmcHostStatus.READY)).isEqualTo("False/InvalidSpec");
    assertThat(Conditions.find(host.getStatus().getConditions(), BmcHostStatus.READY).getMessage())
        .contains("spec.address");
    assertThat(plan.serve()).isNull();
  }
}
