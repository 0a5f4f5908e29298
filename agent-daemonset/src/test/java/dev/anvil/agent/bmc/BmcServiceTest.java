package dev.anvil.agent.bmc;

import static dev.anvil.agent.bmc.BmcRig.PASSWORD;
import static dev.anvil.agent.bmc.BmcRig.release;
import static dev.anvil.agent.bmc.BmcRig.serve;
import static org.assertj.core.api.Assertions.assertThat;

import dev.anvil.protocol.agent.v1.BmcServing;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** Serving, re-serving and releasing BmcHosts, and the credentials that come with them. */
class BmcServiceTest {

  private final BmcRig rig = new BmcRig();

  @AfterEach
  void close() {
    rig.close();
  }

  @Test
  void servingOpensAClientWithTheCommandsSettingsAndReportsAFirstObservationAtOnce() {
    rig.service.execute(serve("h1", "v1"));

    var endpoint = rig.clients.last().endpoint;
    assertThat(endpoint.address()).hasToString("redfish+https://10.1.2.17/redfish/v1/Systems/1");
    assertThat(endpoint.username()).isEqualTo("root");
    assertThat(endpoint.password()).isEqualTo(PASSWORD + "v1");
    assertThat(endpoint.caBundlePem()).isEqualTo("PEM");
    assertThat(endpoint.cipherSuite()).as("0 means the default").isEqualTo(3);
    assertThat(endpoint.timeout()).isEqualTo(Duration.ofSeconds(10));
    var observation = rig.observations().get(0);
    assertThat(observation.getHostUid()).isEqualTo("h1");
    assertThat(observation.getConfigVersion()).isEqualTo("v1");
    assertThat(observation.getProtocol()).isEqualTo("Redfish");
    assertThat(observation.getPowerState()).isEqualTo("On");
    assertThat(observation.getSupportedActionsList()).containsExactly("On", "ForceOff", "GracefulShutdown",
        "ForceRestart");
    assertThat(observation.getInventory().getModel()).isEqualTo("PowerEdge R640");
    assertThat(observation.getInventory().getUuid()).as("unknown: left empty").isEmpty();
    assertThat(observation.getInventory().getCpus()).isEqualTo(2);
    assertThat(observation.getSensors(0).getReading()).isEqualTo(21.5);
    assertThat(observation.getBootOverride().getMode()).isEmpty();
    assertThat(rig.service.served()).containsExactly(serving("h1", "v1"));
    assertThat(rig.timer.pendingDelay()).isEqualTo(Duration.ofSeconds(30));
    assertThat(rig.spool.after(0, 100)).noneMatch(r -> new String(r.payload(), StandardCharsets.ISO_8859_1)
        .contains(PASSWORD));
  }

  @Test
  void theSameConfigVersionAgainChangesNothing() {
    rig.service.execute(serve("h1", "v1"));
    rig.service.execute(serve("h1", "v1"));

    assertThat(rig.clients.opened).hasSize(1);
    assertThat(rig.observations()).hasSize(1);
    assertThat(rig.timer.pending()).isEqualTo(1);
  }

  @Test
  void aNewConfigVersionLogsInAgainWithTheNewSettingsAndPollsAtOnce() {
    rig.service.execute(serve("h1", "v1"));
    rig.service.execute(serve("h1", "v2"));

    assertThat(rig.clients.opened).hasSize(2);
    assertThat(rig.clients.opened.get(0).closed).isTrue();
    assertThat(rig.clients.last().endpoint.password()).isEqualTo(PASSWORD + "v2");
    assertThat(rig.observations()).extracting(o -> o.getConfigVersion()).containsExactly("v1", "v2");
    assertThat(rig.service.served()).containsExactly(serving("h1", "v2"));
    assertThat(rig.timer.pending()).as("the v1 poll chain ended").isEqualTo(1);
  }

  @Test
  void releasingStopsPollingAndLogsOut() {
    rig.service.execute(serve("h1", "v1"));
    rig.service.execute(serve("h2", "v1"));
    rig.service.execute(release("h1"));

    assertThat(rig.clients.opened.get(0).closed).isTrue();
    assertThat(rig.clients.opened.get(1).closed).isFalse();
    assertThat(rig.service.served()).containsExactly(serving("h2", "v1"));
    assertThat(rig.timer.pending()).as("only h2 polls on").isEqualTo(1);
    rig.service.execute(release("h1"));
    assertThat(rig.observations()).hasSize(2);
  }

  @Test
  void aHostOfAProtocolThisAgentHasNoClientForIsObservedUnsupported() {
    try (var rig = new BmcRig(Runnable::run, new BmcClientsByProtocol(Map.of()))) {
      rig.service.execute(serve("h1", "v1"));

      var observation = rig.observations().get(0);
      assertThat(observation.getErrorKind()).isEqualTo("UNSUPPORTED");
      assertThat(observation.getErrorMessage()).contains("no Redfish client");
      assertThat(observation.getPowerState()).isEmpty();
      assertThat(rig.service.served()).as("served all the same: the operator sees why")
          .containsExactly(serving("h1", "v1"));
    }
  }

  @Test
  void anAddressThatIsNoBmcAddressIsObservedUnsupportedWithoutItsUserInfo() {
    var command = serve("h1", "v1").toBuilder();
    command.getServeBmcHostBuilder().setAddress("https://admin:" + PASSWORD + "@10.1.2.17/");
    rig.service.execute(command.build());

    assertThat(rig.clients.opened).isEmpty();
    assertThat(rig.observations().get(0).getErrorKind()).isEqualTo("UNSUPPORTED");
    assertThat(rig.observations().get(0).getErrorMessage()).contains("not a BMC address").doesNotContain(PASSWORD);
  }

  @Test
  void settingsNeverShowTheirPassword() {
    var settings = HostSettings.of(serve("h1", "v1").getServeBmcHost());

    assertThat(settings.toString()).contains("lab/host-h1", "root").doesNotContain(PASSWORD);
  }

  @Test
  void pollIntervalsBelowFiveSecondsAreRaisedAndUnsetOnesAreThirty() {
    var fast = serve("h1", "v1").getServeBmcHost().toBuilder();
    fast.getPollIntervalBuilder().setSeconds(1);
    assertThat(HostSettings.of(fast.build()).pollInterval()).isEqualTo(Duration.ofSeconds(5));
    assertThat(HostSettings.of(fast.clearPollInterval().build()).pollInterval()).isEqualTo(Duration.ofSeconds(30));
  }

  @Test
  void closingReleasesEveryHost() {
    rig.service.execute(serve("h1", "v1"));
    rig.close();

    assertThat(rig.clients.last().closed).isTrue();
    assertThat(rig.service.served()).isEmpty();
  }

  private static BmcServing serving(String uid, String version) {
    return BmcServing.newBuilder().setHostUid(uid).setConfigVersion(version).build();
  }
}
