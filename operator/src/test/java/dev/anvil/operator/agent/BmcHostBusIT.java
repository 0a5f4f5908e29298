package dev.anvil.operator.agent;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.anvil.crds.v1alpha1.BmcActionRecord;
import dev.anvil.crds.v1alpha1.BmcHost;
import dev.anvil.crds.v1alpha1.BmcHostSpec;
import dev.anvil.crds.v1alpha1.BmcHostStatus;
import dev.anvil.crds.v1alpha1.PowerState;
import dev.anvil.crds.v1alpha1.SecretRef;
import dev.anvil.operator.status.Conditions;
import dev.anvil.protocol.agent.v1.BmcActionResult;
import dev.anvil.protocol.agent.v1.BmcObservation;
import dev.anvil.protocol.agent.v1.Command;
import io.fabric8.kubernetes.api.model.ObjectMetaBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** BmcHosts through real Redis, the mock API and the operator, with the agent and hub played by FakeAgent. */
class BmcHostBusIT {

  private BusRig rig;
  private KubernetesClient client;

  @BeforeEach
  void start() {
    rig = new BusRig();
    client = rig.client;
    rig.operator();
  }

  @AfterEach
  void stop() throws Exception {
    rig.close();
  }

  private FakeAgent agent(String id) {
    return rig.agent(id, "dc-a");
  }

  private BmcHost create(BmcHostSpec.Power power) {
    var host = new BmcHost();
    host.setMetadata(new ObjectMetaBuilder().withNamespace("lab").withName("r640").build());
    var spec = new BmcHostSpec();
    spec.setAddress("ipmi://10.1.2.17:623");
    spec.setCredentialsSecretRef(new SecretRef("r640-bmc"));
    spec.setDatacenter("dc-a");
    spec.setPower(power);
    host.setSpec(spec);
    return client.resource(host).create();
  }

  private BmcHost get() {
    return client.resources(BmcHost.class).inNamespace("lab").withName("r640").get();
  }

  private static List<Command> bmcCommands(FakeAgent agent, Command.KindCase kind) {
    return agent.commands().stream().filter(c -> c.getKindCase() == kind).toList();
  }

  private static String condition(BmcHost host, String type) {
    var c = host.getStatus() == null ? null : Conditions.find(host.getStatus().getConditions(), type);
    return c == null ? null : c.getStatus() + "/" + c.getReason();
  }

  @Test
  void aHostIsServedObservedAndPoweredOnExactlyOnce() {
    var agent = agent("a");
    var uid = create(BmcHostSpec.Power.On).getMetadata().getUid();

    await().atMost(Duration.ofSeconds(20)).until(() -> !bmcCommands(agent, Command.KindCase.SERVE_BMC_HOST).isEmpty());
    var serve = bmcCommands(agent, Command.KindCase.SERVE_BMC_HOST).get(0).getServeBmcHost();
    assertThat(serve.getCredentials().getSecretRef()).isEqualTo("lab/r640-bmc");
    assertThat(serve.getCredentials().getPassword()).isEmpty();
    agent.serving(Map.of(uid, serve.getConfigVersion()));

    agent.observed(BmcObservation.newBuilder().setHostUid(uid).setConfigVersion(serve.getConfigVersion())
        .setProtocol("IPMI").setPowerState("Off").setHealth("OK")
        .addAllSupportedActions(List.of("On", "ForceOff", "ForceRestart", "PowerCycle")).build());

    await().atMost(Duration.ofSeconds(20)).until(() -> !bmcCommands(agent, Command.KindCase.BMC_ACTION).isEmpty());
    var action = bmcCommands(agent, Command.KindCase.BMC_ACTION).get(0).getBmcAction();
    assertThat(action.getPower()).isEqualTo("On");
    assertThat(get().getStatus().getLastAction().getResult()).isEqualTo(BmcActionRecord.Result.Pending);
    assertThat(condition(get(), BmcHostStatus.REACHABLE)).isEqualTo("True/Polled");

    agent.actionFinished(BmcActionResult.newBuilder().setHostUid(uid).setActionId(action.getActionId())
        .setSucceeded(true).setPowerState("On").build());
    agent.observed(BmcObservation.newBuilder().setHostUid(uid).setConfigVersion(serve.getConfigVersion())
        .setProtocol("IPMI").setPowerState("On").setHealth("OK").build());

    await().atMost(Duration.ofSeconds(20)).untilAsserted(() -> {
      var host = get();
      assertThat(host.getStatus().getPowerState()).isEqualTo(PowerState.On);
      assertThat(host.getStatus().getLastAction().getResult()).isEqualTo(BmcActionRecord.Result.Succeeded);
      assertThat(condition(host, BmcHostStatus.READY)).isEqualTo("True/Ready");
    });
    await().during(Duration.ofSeconds(3)).atMost(Duration.ofSeconds(6)).until(() ->
        bmcCommands(agent, Command.KindCase.BMC_ACTION).size() == 1
            && bmcCommands(agent, Command.KindCase.SERVE_BMC_HOST).size() == 1);
  }

  @Test
  void anAgentThatForgotTheHostIsToldAgainAndADeletedHostIsReleased() {
    var agent = agent("a");
    var uid = create(null).getMetadata().getUid();
    await().atMost(Duration.ofSeconds(20)).until(() -> !bmcCommands(agent, Command.KindCase.SERVE_BMC_HOST).isEmpty());

    // the agent restarted: its heartbeats list no host, so the serve goes out again (not more than once per timeout)
    await().atMost(Duration.ofSeconds(20)).until(() -> bmcCommands(agent, Command.KindCase.SERVE_BMC_HOST).size() >= 2);
    var version = bmcCommands(agent, Command.KindCase.SERVE_BMC_HOST).get(0).getServeBmcHost().getConfigVersion();
    agent.serving(Map.of(uid, version));

    client.resources(BmcHost.class).inNamespace("lab").withName("r640").delete();

    await().atMost(Duration.ofSeconds(20)).until(() -> !bmcCommands(agent, Command.KindCase.RELEASE_BMC_HOST).isEmpty());
    assertThat(bmcCommands(agent, Command.KindCase.RELEASE_BMC_HOST).get(0).getReleaseBmcHost().getHostUid())
        .isEqualTo(uid);
  }
}
