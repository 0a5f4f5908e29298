package dev.anvil.agent.bmc.ipmi;

import ch.qos.logback.classic.Level;
import dev.anvil.agent.CapturedLogs;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import dev.anvil.agent.bmc.BmcEndpoint;
import dev.anvil.agent.bmc.BmcException;
import dev.anvil.agent.bmc.BmcException.Kind;
import dev.anvil.agent.bmc.BmcSnapshot.Health;
import dev.anvil.agent.bmc.BootSettings;
import dev.anvil.agent.bmc.BootSettings.Mode;
import dev.anvil.agent.bmc.BootSettings.Persistence;
import dev.anvil.agent.bmc.BootSettings.Target;
import dev.anvil.agent.bmc.PowerStatus;
import dev.anvil.agent.bmc.ResetAction;
import dev.anvil.sim.ipmi.IpmiSimulator;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** IpmiClient against a real BMC (ipmi_sim), every answer cross-checked with ipmitool on the same BMC. */
class IpmiClientIT {

  private static final Duration TIMEOUT = Duration.ofSeconds(2);
  private static IpmiSimulator sim;

  @BeforeAll
  static void startBmc() {
    sim = IpmiSimulator.start();
  }

  @AfterAll
  static void stopBmc() {
    sim.close();
  }

  private static IpmiClient connect() throws BmcException {
    return IpmiClient.connect(IpmiEndpoints.of(sim, IpmiSimulator.USER, IpmiSimulator.PASSWORD, TIMEOUT));
  }

  @Test
  void sensorsMatchIpmitoolIncludingConversionThresholdsAndStatus() throws Exception {
    try (var client = connect()) {
      var sensors = client.read().sensors();
      var ipmitool = table(sim.ipmitool("sensor"));

      assertThat(sensors).extracting(s -> s.name()).containsExactlyElementsOf(ipmitool.keySet());
      for (var sensor : sensors) {
        var row = ipmitool.get(sensor.name());
        assertThat(sensor.reading()).as(sensor.name()).isEqualTo(number(row[1]));
        if (sensor.reading() != null) {
          assertThat(sensor.status()).as(sensor.name()).isEqualTo(health(row[3]));
        }
        if (number(row[7]) != null) {
          assertThat(sensor.upperCaution()).as(sensor.name() + " unc").isEqualTo(number(row[7]));
          assertThat(sensor.upperCritical()).as(sensor.name() + " ucr").isEqualTo(number(row[8]));
        }
      }
      // values worked out in bmc.emu: B and both exponents, one's and two's complement, watts, non-linear
      assertThat(sensors).extracting(s -> s.name() + "=" + s.reading() + " " + s.units()).containsExactly(
          "Inlet Temp=25.0 Cel", "Fan 1=4800.0 RPM", "CPU Temp=75.0 Cel", "12V Rail=12.02 V", "Ambient=-10.0 Cel",
          "PSU Power=300.0 W", "Airflow=null null");
      // Fan 1's thresholds are fixed in its SDR (ipmitool's `sensor` only asks Get Sensor Thresholds): 10 x 50
      assertThat(sensors.get(1).lowerCritical()).isEqualTo(500.0);
      assertThat(sensors.get(3).kind()).isEqualTo("Voltage");
      assertThat(sensors.get(5).kind()).isEqualTo("Power");
    }
  }

  @Test
  void sdrReadInPartialReadsIsTheSameAsReadWhole() throws Exception {
    var address = new InetSocketAddress("127.0.0.1", sim.port());
    try (var session = new IpmiSession(new UdpLink(address, TIMEOUT), CipherSuite.SUITE_3, IpmiSimulator.USER,
        IpmiSimulator.PASSWORD, true)) {
      var whole = SdrRepository.readAll(session);
      var parts = SdrRepository.readAllInParts(session);

      assertThat(whole).hasSize(8).hasSameSizeAs(parts);
      for (int i = 0; i < whole.size(); i++) {
        assertThat(parts.get(i)).isEqualTo(whole.get(i));
      }
      assertThat(SdrRepository.stamp(session).records()).isEqualTo(8);
    }
  }

  @Test
  void snapshotMatchesIpmitoolForPowerHealthEventLogAndInventory() throws Exception {
    try (var client = connect()) {
      var snapshot = client.read();

      assertThat(sim.ipmitool("chassis", "power", "status"))
          .contains(snapshot.power() == PowerStatus.On ? "Chassis Power is on" : "Chassis Power is off");
      assertThat(snapshot.health()).as("CPU Temp above its upper non-critical threshold").isEqualTo(Health.Warning);

      var sel = sim.ipmitool("sel", "list").strip().lines().map(l -> l.split("\\|")).toList();
      assertThat(snapshot.eventLog().entries()).isEqualTo(sel.size()).isEqualTo(12);
      var newest = sel.subList(sel.size() - 5, sel.size());
      for (int i = 0; i < 5; i++) {
        var row = newest.get(4 - i);
        var entry = snapshot.eventLog().latest().get(i);
        assertThat(Integer.parseInt(entry.id())).isEqualTo(Integer.parseInt(row[0].strip(), 16));
        assertThat(entry.message()).contains(row[4].strip())
            .endsWith("Asserted".equals(row[5].strip()) ? "(asserted)" : "(deasserted)");
      }
      assertThat(snapshot.eventLog().latest().get(1).severity()).as("upper non-recoverable").isEqualTo(
          Health.Critical);

      var fru = fields(sim.ipmitool("fru", "print", "0"));
      assertThat(snapshot.inventory().manufacturer()).isEqualTo(fru.get("Product Manufacturer")).isNotNull();
      assertThat(snapshot.inventory().model()).isEqualTo(fru.get("Product Name")).isEqualTo("ANVIL R1");
      assertThat(snapshot.inventory().serialNumber()).isEqualTo(fru.get("Product Serial")).isNotNull();
      assertThat(snapshot.inventory().bmcFirmware()).isEqualTo(fields(sim.ipmitool("mc", "info"))
          .get("Firmware Revision"));
      assertThat(snapshot.supportedActions()).doesNotContain(ResetAction.GracefulRestart);
    }
  }

  @Test
  void powerActionsReachTheChassisOnceEachAndIpmitoolSeesTheirEffect() throws Exception {
    try (var client = connect()) {
      client.reset(ResetAction.On);
      assertThat(client.power()).isEqualTo(PowerStatus.On);
      assertThat(sim.ipmitool("chassis", "power", "status")).contains("is on");

      long offs = sim.chassisCalls("set power 0");
      client.reset(ResetAction.ForceOff);
      assertThat(client.power()).isEqualTo(PowerStatus.Off);
      assertThat(sim.ipmitool("chassis", "power", "status")).contains("is off");
      assertThat(sim.chassisCalls("set power 0")).isEqualTo(offs + 1);

      client.reset(ResetAction.On);
      long ons = sim.chassisCalls("set power 1");
      long resets = sim.chassisCalls("set reset 1");
      client.reset(ResetAction.ForceRestart);
      assertThat(sim.chassisCalls("set reset 1")).isEqualTo(resets + 1);

      // ipmi_sim cycles by powering off, then on again a second later
      client.reset(ResetAction.PowerCycle);
      assertThat(sim.chassisCalls("set power 0")).isEqualTo(offs + 2);
      await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> {
        assertThat(sim.chassisCalls("set power 1")).isEqualTo(ons + 1);
        assertThat(client.power()).isEqualTo(PowerStatus.On);
      });

      long softOffs = sim.chassisCalls("set shutdown 1");
      client.reset(ResetAction.GracefulShutdown);
      assertThat(sim.chassisCalls("set shutdown 1")).isEqualTo(softOffs + 1);
      assertThat(client.power()).isEqualTo(PowerStatus.Off);
      assertThat(sim.ipmitool("chassis", "power", "status")).contains("is off");
    }
  }

  @Test
  void actionsTheBmcOrIpmiLackFailWithTheirReason() throws Exception {
    try (var client = connect()) {
      assertFails(() -> client.reset(ResetAction.GracefulRestart), Kind.UNSUPPORTED, "IPMI has no GracefulRestart");
      assertFails(() -> client.reset(ResetAction.PushPowerButton), Kind.UNSUPPORTED, "PushPowerButton");
      // ipmi_sim does not implement the diagnostic interrupt and says so with completion code CCh
      assertFails(() -> client.reset(ResetAction.Nmi), Kind.REJECTED, "0xCC (invalid data field in request)");
      assertFails(() -> client.setBootOverride(new BootSettings(Target.UefiShell, Persistence.Once, Mode.UEFI)),
          Kind.UNSUPPORTED, "no UefiShell boot target");
    }
  }

  @Test
  void bootOverrideIsWhatIpmitoolReadsBack() throws Exception {
    try (var client = connect()) {
      client.setBootOverride(new BootSettings(Target.Pxe, Persistence.Once, Mode.UEFI));
      assertThat(sim.ipmitool("chassis", "bootparam", "get", "5")).contains("Boot Device Selector : Force PXE");
      assertThat(client.read().boot().target()).isEqualTo(Target.Pxe);

      client.setBootOverride(new BootSettings(Target.Cd, Persistence.Continuous, null));
      assertThat(sim.ipmitool("chassis", "bootparam", "get", "5")).contains("Force Boot from CD/DVD");
      client.setBootOverride(new BootSettings(Target.BiosSetup, Persistence.Once, Mode.Legacy));
      assertThat(sim.ipmitool("chassis", "bootparam", "get", "5")).contains("Force Boot into BIOS Setup");
      assertThat(client.read().boot().target()).isEqualTo(Target.BiosSetup);
    }
  }

  @Test
  void wrongCredentialsFailQuicklyAsAuthFailedWithoutTheSecretInMessagesOrLogs() {
    var wrong = "Wr0ng-S3cret";
    try (var logs = new CapturedLogs(IpmiClient.class.getPackageName(), Level.DEBUG)) {
      long started = System.nanoTime();
      assertFails(() -> IpmiClient.connect(IpmiEndpoints.of(sim, IpmiSimulator.USER, wrong, TIMEOUT)).close(),
          Kind.AUTH_FAILED, "wrong password for IPMI user 'admin'");
      assertThat(Duration.ofNanos(System.nanoTime() - started)).isLessThan(TIMEOUT);
      assertFails(() -> IpmiClient.connect(IpmiEndpoints.of(sim, "nobody", IpmiSimulator.PASSWORD, TIMEOUT)).close(),
          Kind.AUTH_FAILED, "does not know user 'nobody'");

      assertThat(logs.lines()).noneMatch(line -> line != null && (line.contains(wrong)
          || line.contains(IpmiSimulator.PASSWORD)));
    }
  }

  @Test
  void aCipherSuiteWithoutEncryptionIsRefusedBeforeAnythingIsSent() {
    var plain = new BmcEndpoint(IpmiEndpoints.of(sim, IpmiSimulator.USER, IpmiSimulator.PASSWORD, TIMEOUT).address(),
        IpmiSimulator.USER, IpmiSimulator.PASSWORD, null, false, 2, true, TIMEOUT);
    assertFails(() -> IpmiClient.connect(plain).close(), Kind.UNSUPPORTED, "cipher suite 2 is refused");
  }

  static void assertFails(org.assertj.core.api.ThrowableAssert.ThrowingCallable call, Kind kind, String text) {
    assertThatThrownBy(call).isInstanceOf(BmcException.class).hasMessageContaining(text)
        .hasMessageNotContaining(IpmiSimulator.PASSWORD).extracting(e -> ((BmcException) e).kind()).isEqualTo(kind);
  }

  /** ipmitool's `sensor` rows by name: name, value, unit, status, lnr, lcr, lnc, unc, ucr, unr. */
  private static Map<String, String[]> table(String out) {
    var rows = new LinkedHashMap<String, String[]>();
    out.strip().lines().map(line -> line.split("\\|")).forEach(cells -> {
      for (int i = 0; i < cells.length; i++) {
        cells[i] = cells[i].strip();
      }
      rows.put(cells[0], cells);
    });
    return rows;
  }

  /** "Key : value" lines. */
  private static Map<String, String> fields(String out) {
    var fields = new HashMap<String, String>();
    out.lines().filter(line -> line.contains(" : ")).forEach(line -> {
      var at = line.indexOf(" : ");
      fields.putIfAbsent(line.substring(0, at).strip(), line.substring(at + 3).strip());
    });
    return fields;
  }

  private static Double number(String cell) {
    return "na".equals(cell) ? null : Double.valueOf(cell);
  }

  private static Health health(String status) {
    return switch (status) {
      case "ok" -> Health.OK;
      case "nc" -> Health.Warning;
      default -> Health.Critical;
    };
  }
}
