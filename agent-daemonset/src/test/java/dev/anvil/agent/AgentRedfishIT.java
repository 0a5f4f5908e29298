package dev.anvil.agent;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.anvil.agent.bmc.BmcClientsByProtocol;
import dev.anvil.agent.bmc.BmcProtocol;
import dev.anvil.agent.bmc.redfish.RedfishClient;
import dev.anvil.protocol.agent.v1.BmcAction;
import dev.anvil.protocol.agent.v1.BmcActionResult;
import dev.anvil.protocol.agent.v1.BmcCredentials;
import dev.anvil.protocol.agent.v1.BmcHostRef;
import dev.anvil.protocol.agent.v1.BmcObservation;
import dev.anvil.protocol.agent.v1.BmcTlsSettings;
import dev.anvil.protocol.agent.v1.Command;
import dev.anvil.protocol.agent.v1.ServeBmcHost;
import dev.anvil.protocol.bus.AgentCommands;
import dev.anvil.protocol.bus.BusKeys;
import dev.anvil.sim.redfish.Mockup;
import dev.anvil.sim.redfish.RedfishSimulator;
import io.fabric8.kubernetes.api.model.SecretBuilder;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A Redfish BmcHost through the whole chain with the real client: credentials and the BMC's CA from Secrets, resolved
 * by the hub; the agent's RedfishClient polls a simulated BMC and powers it off.
 */
class AgentRedfishIT {

  private static final String AGENT = "agent-redfish";
  private static final String HOST_UID = "5b0f7f0e-2f4c-4d59-9a67-0d8a3c1e7b21";
  private static final String SYSTEM = "/redfish/v1/Systems/437XR1138R2";
  private static AgentFixture fixture;

  @TempDir
  Path work;

  @BeforeAll
  static void start() {
    fixture = new AgentFixture();
  }

  @AfterAll
  static void stop() {
    fixture.close();
  }

  @Test
  void aSimulatedBmcIsObservedAndPoweredOffThroughTheHub() throws Exception {
    try (var bmc = RedfishSimulator.builder(Mockup.PUBLIC_RACKMOUNT1).credentials("root", "Redfish-pw-55x").start();
        var logs = new CapturedLogs();
        var agent = fixture.connected(AGENT, work,
            new BmcClientsByProtocol(Map.of(BmcProtocol.Redfish, RedfishClient::create)))) {
      var secrets = fixture.central.kubernetes.secrets().inNamespace("lab");
      secrets.resource(new SecretBuilder().withNewMetadata().withName("rack-bmc").withNamespace("lab").endMetadata()
          .withStringData(Map.of("username", bmc.username(), "password", bmc.password())).build()).create();
      secrets.resource(new SecretBuilder().withNewMetadata().withName("bmc-ca").withNamespace("lab").endMetadata()
          .withStringData(Map.of("ca.crt", bmc.caPem())).build()).create();
      var central = fixture.central.bytes.sync();

      send(Command.newBuilder().setServeBmcHost(ServeBmcHost.newBuilder()
          .setHost(BmcHostRef.newBuilder().setNamespace("lab").setName("rack-1").setUid(HOST_UID))
          .setConfigVersion("v1").setAddress("redfish+https://127.0.0.1:" + bmc.httpsUri().getPort() + SYSTEM)
          .setCredentials(BmcCredentials.newBuilder().setSecretRef("lab/rack-bmc"))
          .setTls(BmcTlsSettings.newBuilder().setCaSecretRef("lab/bmc-ca/ca.crt"))));

      await().atMost(Duration.ofSeconds(20)).until(() -> central.exists(BusKeys.bmcObservation(HOST_UID)) == 1);
      var observation = BmcObservation.parseFrom(central.hget(BusKeys.bmcObservation(HOST_UID), "payload"));
      assertThat(observation.getErrorKind()).isEmpty();
      assertThat(observation.getPowerState()).isEqualTo("On");
      assertThat(observation.getHealth()).isEqualTo("Warning");
      assertThat(observation.getInventory().getSerialNumber()).isEqualTo("437XR1138R2");
      assertThat(observation.getInventory().getBmcFirmware()).isEqualTo("1.45.455b66-rev4");

      send(Command.newBuilder().setBmcAction(BmcAction.newBuilder().setHostUid(HOST_UID).setActionId("off-1")
          .setPower("ForceOff")));
      await().atMost(Duration.ofSeconds(20))
          .until(() -> central.hexists(BusKeys.bmcActionResults(HOST_UID), "off-1"));
      var result = BmcActionResult.parseFrom(central.hget(BusKeys.bmcActionResults(HOST_UID), "off-1"));
      assertThat(result.getSucceeded()).as(result.getMessage()).isTrue();
      assertThat(result.getPowerState()).isEqualTo("Off");
      assertThat(bmc.powerState(SYSTEM)).isEqualTo("Off");
      assertThat(logs.lines()).noneMatch(line -> line.contains(bmc.password()));
    }
  }

  private static void send(Command.Builder command) throws Exception {
    new AgentCommands(fixture.central.bytes.async()).send(AGENT, command).toCompletableFuture()
        .get(5, TimeUnit.SECONDS);
  }
}
