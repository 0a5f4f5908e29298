package dev.anvil.agent.bmc.ipmi;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.anvil.agent.bmc.BmcException;
import dev.anvil.agent.bmc.BmcException.Kind;
import dev.anvil.agent.bmc.BmcSnapshot.Health;
import dev.anvil.agent.bmc.BmcSnapshot.Sensor;
import dev.anvil.agent.bmc.PowerStatus;
import dev.anvil.agent.bmc.ResetAction;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import org.junit.jupiter.api.Test;

class ChassisAndDeviceTest {

  @Test
  void powerStateIsBitZeroOfTheChassisStatus() {
    assertThat(ChassisPower.parse(new byte[] {0x41, 0, 0})).isEqualTo(PowerStatus.On);
    assertThat(ChassisPower.parse(new byte[] {0x40, 0, 0})).isEqualTo(PowerStatus.Off);
  }

  @Test
  void ipmiHasNoGracefulRestartNorPowerButtonPush() {
    assertThat(ChassisPower.SUPPORTED).doesNotContain(ResetAction.GracefulRestart, ResetAction.PushPowerButton)
        .contains(ResetAction.PowerCycle, ResetAction.Nmi, ResetAction.GracefulShutdown);
    for (var action : List.of(ResetAction.GracefulRestart, ResetAction.PushPowerButton)) {
      assertThatThrownBy(() -> ChassisPower.control(null, action)).isInstanceOf(BmcException.class)
          .extracting(e -> ((BmcException) e).kind()).isEqualTo(Kind.UNSUPPORTED);
    }
  }

  @Test
  void firmwareRevisionIsMajorDotBcdMinor() {
    // device 20h rev 01, firmware 9 (device available bit clear) . 08h, IPMI 2.0, support 9Fh, IANA 4753, product F02h
    var id = DeviceId.parse(HexFormat.of().parseHex("2001" + "09" + "08" + "02" + "9f" + "911200" + "020f"));
    assertThat(id).isEqualTo(new DeviceId("9.08", 4753, 0xf02));
    assertThat(DeviceId.parse(HexFormat.of().parseHex("2001" + "82" + "15" + "02" + "9f" + "000000" + "0000"))
        .firmwareRevision()).isEqualTo("2.15");
  }

  @Test
  void healthIsTheWorstSensorStatus() {
    assertThat(IpmiClient.rollup(sensors(Health.OK, null, Health.Warning))).isEqualTo(Health.Warning);
    assertThat(IpmiClient.rollup(sensors(Health.Warning, Health.Critical, Health.OK))).isEqualTo(Health.Critical);
    assertThat(IpmiClient.rollup(sensors(Health.OK, null))).isEqualTo(Health.OK);
    assertThat(IpmiClient.rollup(List.of())).isEqualTo(Health.OK);
  }

  private static List<Sensor> sensors(Health... statuses) {
    return Arrays.stream(statuses).map(s -> new Sensor("s", "Temperature", 1.0, "Cel", s, null, null, null))
        .toList();
  }
}
