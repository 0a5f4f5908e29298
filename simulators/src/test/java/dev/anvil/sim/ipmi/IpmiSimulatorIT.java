package dev.anvil.sim.ipmi;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The simulated IPMI BMC as ipmitool sees it; the agent's IPMI ITs check the details through IpmiClient. */
class IpmiSimulatorIT {

  private static IpmiSimulator bmc;

  @BeforeAll
  static void start() {
    bmc = IpmiSimulator.start();
  }

  @AfterAll
  static void stop() {
    bmc.close();
  }

  @Test
  void powerGoesThroughTheChassisHookWhichKeepsTheState() {
    bmc.ipmitool("chassis", "power", "off");
    assertThat(bmc.poweredOn()).isFalse();
    assertThat(bmc.ipmitool("chassis", "power", "on")).contains("Up/On");
    assertThat(bmc.poweredOn()).isTrue();
    assertThat(bmc.ipmitool("chassis", "power", "status")).contains("Chassis Power is on");
    assertThat(bmc.chassisCalls("set power 1")).isEqualTo(1);
  }

  @Test
  void sensorsEventLogAndInventoryAreServed() {
    assertThat(bmc.ipmitool("sdr", "list").lines()).hasSize(7).anyMatch(l -> l.startsWith("Fan 1"));
    assertThat(bmc.ipmitool("sel", "list").lines()).hasSize(12);
    assertThat(bmc.ipmitool("fru", "print", "0")).contains("Product Name          : ANVIL R1")
        .contains("Board Part Number     : AV1-MB");
  }

  @Test
  void execRunsAFileOfCommandsInOneSession() throws Exception {
    var commands = Files.createTempFile("ipmitool-", ".txt");
    try {
      Files.writeString(commands, "chassis power status\n".repeat(3));
      assertThat(bmc.ipmitool("exec", commands.toString()).lines()).hasSize(3).allMatch(l -> l.startsWith("Chassis"));
    } finally {
      Files.delete(commands);
    }
  }

  @Test
  void aSensorFaultInjectedThroughTheConsoleShowsInTheSdr() {
    try {
      bmc.console("sensor_set_value 0x20 0 1 0x55 0");

      assertThat(bmc.ipmitool("sdr", "get", "Inlet Temp")).contains("85 (+/- 0) degrees C");
    } finally {
      bmc.console("sensor_set_value 0x20 0 1 0x19 0");
    }
  }
}
