package dev.anvil.agent;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.anvil.agent.bmc.FakeBmcClients;
import dev.anvil.agent.bmc.ResetAction;
import dev.anvil.protocol.agent.v1.BmcAction;
import dev.anvil.protocol.agent.v1.BmcActionResult;
import dev.anvil.protocol.agent.v1.BmcCredentials;
import dev.anvil.protocol.agent.v1.BmcHostRef;
import dev.anvil.protocol.agent.v1.BmcObservation;
import dev.anvil.protocol.agent.v1.Command;
import dev.anvil.protocol.agent.v1.ServeBmcHost;
import dev.anvil.protocol.bus.AgentCommands;
import dev.anvil.protocol.bus.BusKeys;
import dev.anvil.protocol.bus.ReportEntry;
import io.fabric8.kubernetes.api.model.SecretBuilder;
import io.lettuce.core.Range;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A BmcHost through the whole chain: a ServeBmcHost with a Secret reference on the bus, credentials resolved by the
 * hub, polled by the agent (fake BMC clients), its observation, action result and served-hosts registry entry in
 * the central Redis, and the password nowhere but in the agent's memory.
 */
class AgentBmcIT {

  private static final String AGENT = "agent-bmc";
  private static final String HOST_UID = "0c9a4e51-7d2b-4f3a-8e61-5a2f9b7c3d10";
  private static final String PASSWORD = "r640-Bmc-pw-93ka";
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
  void aServedHostIsObservedAndActedOnWithCredentialsFromItsSecret() throws Exception {
    fixture.central.kubernetes.secrets().inNamespace("lab").resource(new SecretBuilder().withNewMetadata()
        .withName("r640-17-bmc").withNamespace("lab").endMetadata()
        .withStringData(Map.of("username", "root", "password", PASSWORD)).build()).create();
    var clients = new FakeBmcClients();
    var central = fixture.central.bytes.sync();
    var logs = new CapturedLogs();
    try (logs; var agent = fixture.connected(AGENT, work, clients)) {
      send(Command.newBuilder().setServeBmcHost(ServeBmcHost.newBuilder()
          .setHost(BmcHostRef.newBuilder().setNamespace("lab").setName("r640-17").setUid(HOST_UID))
          .setConfigVersion("v1").setAddress("redfish+https://10.1.2.17/redfish/v1/Systems/1")
          .setCredentials(BmcCredentials.newBuilder().setSecretRef("lab/r640-17-bmc"))));

      await().atMost(Duration.ofSeconds(15)).until(() -> central.exists(BusKeys.bmcObservation(HOST_UID)) == 1);
      assertThat(clients.last().endpoint.username()).isEqualTo("root");
      assertThat(clients.last().endpoint.password()).isEqualTo(PASSWORD);
      var stored = fixture.central.strings.sync().hgetall(BusKeys.bmcObservation(HOST_UID));
      assertThat(stored).containsEntry("agent", AGENT);
      var observation = BmcObservation.parseFrom(central.hget(BusKeys.bmcObservation(HOST_UID), "payload"));
      assertThat(observation.getPowerState()).isEqualTo("On");
      assertThat(observation.getConfigVersion()).isEqualTo("v1");
      assertThat(entryTypes()).contains(ReportEntry.BMC_OBSERVATION);
      await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> assertThat(
          fixture.central.strings.sync().hget(BusKeys.agent(AGENT), "bmcHosts"))
          .isEqualTo("{\"" + HOST_UID + "\":\"v1\"}"));
      assertThat(fixture.central.strings.sync().hget(BusKeys.agent(AGENT), "features")).contains("\"bmc\"");

      send(Command.newBuilder().setBmcAction(BmcAction.newBuilder().setHostUid(HOST_UID).setActionId("act-1")
          .setPower("ForceOff")));
      await().atMost(Duration.ofSeconds(15))
          .until(() -> central.hexists(BusKeys.bmcActionResults(HOST_UID), "act-1"));
      var result = BmcActionResult.parseFrom(central.hget(BusKeys.bmcActionResults(HOST_UID), "act-1"));
      assertThat(result.getSucceeded()).isTrue();
      assertThat(result.getPowerState()).isEqualTo("Off");
      assertThat(clients.last().resets).containsExactly(ResetAction.ForceOff);
      assertThat(entryTypes()).contains(ReportEntry.BMC_ACTION_RESULT);
    }
    assertThat(logs.lines()).isNotEmpty().noneMatch(line -> line.contains(PASSWORD));
    fixture.assertNoRedisHolds(PASSWORD);
  }

  private static void send(Command.Builder command) throws Exception {
    new AgentCommands(fixture.central.bytes.async()).send(AGENT, command).toCompletableFuture()
        .get(5, TimeUnit.SECONDS);
  }

  private static java.util.List<String> entryTypes() {
    return fixture.central.strings.sync().xrange(BusKeys.REPORTS, Range.create("-", "+")).stream()
        .filter(m -> HOST_UID.equals(m.getBody().get(ReportEntry.HOST)))
        .map(m -> m.getBody().get(ReportEntry.TYPE)).toList();
  }
}
