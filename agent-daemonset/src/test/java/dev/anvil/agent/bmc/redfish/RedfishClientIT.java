package dev.anvil.agent.bmc.redfish;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.tuple;

import dev.anvil.agent.bmc.BmcException;
import dev.anvil.agent.bmc.BmcException.Kind;
import dev.anvil.agent.bmc.BmcSnapshot.EventLog;
import dev.anvil.agent.bmc.BmcSnapshot.Health;
import dev.anvil.agent.bmc.BmcSnapshot.Inventory;
import dev.anvil.agent.bmc.BmcSnapshot.LogEntry;
import dev.anvil.agent.bmc.BmcSnapshot.Sensor;
import dev.anvil.agent.bmc.BootSettings;
import dev.anvil.agent.bmc.BootSettings.Mode;
import dev.anvil.agent.bmc.BootSettings.Persistence;
import dev.anvil.agent.bmc.BootSettings.Target;
import dev.anvil.agent.bmc.PowerStatus;
import dev.anvil.agent.bmc.ResetAction;
import dev.anvil.sim.redfish.Mockup;
import dev.anvil.sim.redfish.RedfishSimulator;
import java.util.EnumSet;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The Redfish client against simulated BMCs serving the DMTF mockups: what it reads and what it changes. */
class RedfishClientIT {

  private static final String RACK = "/redfish/v1/Systems/437XR1138R2";
  private static final String BLADE_2 = "/redfish/v1/Systems/529QB9451R6";

  private RedfishSimulator bmc;
  private RedfishClient client;

  @BeforeEach
  void start() throws Exception {
    bmc = RedfishSimulator.start(Mockup.PUBLIC_RACKMOUNT1);
    client = RedfishClient.create(Endpoints.of(bmc, ""));
  }

  @AfterEach
  void stop() {
    client.close();
    bmc.close();
  }

  @Test
  void readsEverythingTheRackServerReports() throws Exception {
    var snapshot = client.read();

    assertThat(snapshot.power()).isEqualTo(PowerStatus.On);
    assertThat(snapshot.health()).isEqualTo(Health.Warning);
    assertThat(snapshot.boot()).isEqualTo(new BootSettings(Target.Pxe, Persistence.Once, Mode.UEFI));
    assertThat(snapshot.supportedActions()).isEqualTo(EnumSet.of(ResetAction.On, ResetAction.ForceOff,
        ResetAction.GracefulShutdown, ResetAction.GracefulRestart, ResetAction.ForceRestart, ResetAction.Nmi,
        ResetAction.ForceOn, ResetAction.PushPowerButton));
    assertThat(snapshot.inventory()).isEqualTo(new Inventory("Contoso", "3500", "437XR1138R2",
        "38947555-7742-3448-3784-823347823834", "P79 v1.45 (12/06/2017)", "1.45.455b66-rev4", 2, 96));
    assertThat(snapshot.sensors()).hasSize(41)
        .contains(new Sensor("CPU #1 Temperature", "Temperature", 44.0, "Cel", Health.Warning, null, 42.0, 45.0))
        .filteredOn(sensor -> sensor.name().equals("CPU #1 Fan Speed")).extracting(Sensor::kind).containsExactly("Fan");
    assertThat(snapshot.eventLog()).isEqualTo(new EventLog(2, List.of(
        new LogEntry("2", "2012-03-07T14:45:00Z", Health.Critical, "Temperature threshold exceeded"),
        new LogEntry("1", "2012-03-07T14:44:00Z", Health.Critical, "Temperature threshold exceeded"))));
    assertThat(bmc.requestCount("GET", "/redfish/v1/Chassis/1U/Sensors")).as("one expanded request").isEqualTo(1);
    assertThat(bmc.requestCount("GET", "/redfish/v1/Chassis/1U/Sensors/CPU1Temp")).isZero();
  }

  @Test
  void readsTheBladeTheAddressNamesFromItsThermalAndItsManager() throws Exception {
    try (var blades = RedfishSimulator.start(Mockup.PUBLIC_BLADED);
        var blade = RedfishClient.create(Endpoints.of(blades, BLADE_2))) {
      var snapshot = blade.read();

      assertThat(snapshot.power()).isEqualTo(PowerStatus.On);
      assertThat(snapshot.health()).isEqualTo(Health.OK);
      assertThat(snapshot.boot()).isEqualTo(new BootSettings(Target.None, Persistence.Disabled, null));
      assertThat(snapshot.inventory()).isEqualTo(new Inventory("Contoso", "SX1000", "529QB9451R6", null,
          "P86 v1.58 (10/15/2015)", "1.00", 1, 64));
      assertThat(snapshot.sensors()).extracting(Sensor::name, Sensor::kind, Sensor::reading)
          .containsExactly(tuple("CPU Temp", "Temperature", 57.0),
              tuple("CPU Fan", "Fan", 5800.0));
      assertThat(snapshot.eventLog()).isEqualTo(new EventLog(0, List.of()));
      assertThat(blades.requestCount("GET", "/redfish/v1/Managers/Blade2BMC")).isEqualTo(1);
    }
  }

  @Test
  void aBmcWithSeveralSystemsNeedsTheAddressToNameOne() throws Exception {
    try (var blades = RedfishSimulator.start(Mockup.PUBLIC_BLADED);
        var unnamed = RedfishClient.create(Endpoints.of(blades, "/redfish/v1/"))) {
      assertThatThrownBy(unnamed::power).isInstanceOfSatisfying(BmcException.class,
          e -> assertThat(e.kind()).isEqualTo(Kind.REJECTED)).hasMessageContaining("4 ComputerSystems")
          .hasMessageContaining("/redfish/v1/Systems/529QB9453R6");
    }
  }

  @Test
  void powersOffOnAndRestartsAndTheOnceOverrideIsUsedUp() throws Exception {
    client.reset(ResetAction.ForceOff);
    assertThat(client.power()).isEqualTo(PowerStatus.Off);
    assertThat(bmc.powerState(RACK)).isEqualTo("Off");

    client.reset(ResetAction.On);
    assertThat(client.power()).isEqualTo(PowerStatus.On);
    assertThat(client.read().boot()).isEqualTo(new BootSettings(Target.None, Persistence.Disabled, Mode.UEFI));

    client.reset(ResetAction.ForceRestart);
    assertThat(bmc.powerState(RACK)).isEqualTo("On");
    assertThat(bmc.requestCount("POST", RACK + "/Actions/ComputerSystem.Reset")).isEqualTo(3);
  }

  @Test
  void anActionTheBmcDoesNotAdvertiseIsRefusedWithoutAsking() {
    assertThatThrownBy(() -> client.reset(ResetAction.PowerCycle)).isInstanceOfSatisfying(BmcException.class,
        e -> assertThat(e.kind()).isEqualTo(Kind.UNSUPPORTED)).hasMessageContaining("PowerCycle");
    assertThat(bmc.requestCount("POST", RACK + "/Actions/ComputerSystem.Reset")).isZero();
  }

  @Test
  void aRefusalCarriesTheBmcsMessage() throws Exception {
    client.reset(ResetAction.ForceOff);

    assertThatThrownBy(() -> client.reset(ResetAction.Nmi)).isInstanceOfSatisfying(BmcException.class,
        e -> assertThat(e.kind()).isEqualTo(Kind.REJECTED)).hasMessageContaining("HTTP 409")
        .hasMessageContaining("the resource is in standby");
  }

  @Test
  void setsAndClearsTheBootOverrideWithinTheAllowableValues() throws Exception {
    client.setBootOverride(new BootSettings(Target.Hdd, Persistence.Continuous, Mode.Legacy));
    assertThat(client.read().boot()).isEqualTo(new BootSettings(Target.Hdd, Persistence.Continuous, Mode.Legacy));
    assertThat(bmc.resource(RACK).at("/Boot/BootSourceOverrideTarget").asText()).isEqualTo("Hdd");

    assertThatThrownBy(() -> client.setBootOverride(new BootSettings(Target.UefiHttp, Persistence.Once, null)))
        .isInstanceOfSatisfying(BmcException.class, e -> assertThat(e.kind()).isEqualTo(Kind.UNSUPPORTED))
        .hasMessageContaining("UefiHttp");
    assertThat(bmc.requestCount("PATCH", RACK)).isEqualTo(1);

    client.setBootOverride(new BootSettings(Target.None, Persistence.Disabled, null));
    assertThat(bmc.resource(RACK).at("/Boot/BootSourceOverrideEnabled").asText()).isEqualTo("Disabled");
  }

  @Test
  void aBootOverrideRacingAnotherWriterIsRetriedOnce() throws Exception {
    bmc.changeBeforeNextPatch();

    client.setBootOverride(new BootSettings(Target.Cd, Persistence.Once, null));

    assertThat(bmc.requestCount("PATCH", RACK)).isEqualTo(2);
    assertThat(bmc.resource(RACK).at("/Boot/BootSourceOverrideTarget").asText()).isEqualTo("Cd");
  }

  @Test
  void aBootOverrideTheBmcRefusesIsRejectedWithItsMessage() {
    bmc.failNext("PATCH", 1, 400);

    assertThatThrownBy(() -> client.setBootOverride(new BootSettings(Target.Pxe, Persistence.Once, null)))
        .isInstanceOfSatisfying(BmcException.class, e -> assertThat(e.kind()).isEqualTo(Kind.REJECTED))
        .hasMessageContaining("HTTP 400").hasMessageContaining("A general error has occurred");
  }

  @Test
  void aLogOfThousandsIsSummarisedWithoutPagingThroughIt() throws Exception {
    var entries = RACK + "/LogServices/Log1/Entries";
    bmc.addLogEntries(entries, 3000);
    try (var paging = RedfishSimulator.builder(Mockup.PUBLIC_RACKMOUNT1).topSkipQuery(true).start();
        var pagingClient = RedfishClient.create(Endpoints.of(paging, ""))) {
      paging.addLogEntries(entries, 3000);

      var firstPageOnly = client.read().eventLog();
      var withTail = pagingClient.read().eventLog();

      assertThat(firstPageOnly.entries()).isEqualTo(3002);
      assertThat(firstPageOnly.latest()).extracting(LogEntry::id).containsExactly("50", "49", "48", "47", "46");
      assertThat(bmc.requestCount("GET", entries)).isEqualTo(1);
      assertThat(withTail.entries()).isEqualTo(3002);
      assertThat(withTail.latest()).extracting(LogEntry::id).containsExactly("3002", "3001", "3000", "2999", "2998");
      assertThat(paging.requestCount("GET", entries)).isEqualTo(2);
    }
  }

  @Test
  void printsHowLongAFullReadTakes() throws Exception {
    var started = System.nanoTime();
    client.read();
    var cold = (System.nanoTime() - started) / 1e6;
    var requestsCold = bmc.requestCount();
    var warm = Double.MAX_VALUE;
    for (var round = 0; round < 20; round++) {
      started = System.nanoTime();
      client.read();
      warm = Math.min(warm, (System.nanoTime() - started) / 1e6);
    }
    var requestsWarm = (bmc.requestCount() - requestsCold) / 20;

    System.out.printf("Redfish read() against the simulator (public-rackmount1, HTTPS, loopback): cold with "
        + "discovery and login %.1f ms (%d requests); warm best of 20 %.1f ms (%d requests)%n", cold, requestsCold,
        warm, requestsWarm);
    assertThat(bmc.loginCount()).isEqualTo(1);
    assertThat(requestsWarm).isLessThan(requestsCold);
  }
}
