package dev.anvil.agent.bmc.ipmi;

import static dev.anvil.agent.bmc.ipmi.MalformedBytes.PROTOCOL_OR_REFUSED;
import static dev.anvil.agent.bmc.ipmi.MalformedBytes.assertEachDecodesOrFails;

import java.util.HexFormat;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** Get Device ID, Get Chassis Status and boot flags answers that are cut, changed or junk decode or fail readably. */
@Timeout(60)
class ChassisDeviceAndBootMalformedInputTest {

  private static final HexFormat HEX = HexFormat.of();
  private static final int GARBAGE = 2000;
  private static final ScriptedBmc BMC = ScriptedBmc.start();

  @AfterAll
  static void stop() {
    BMC.close();
  }

  @Test
  void deviceId() {
    assertEachDecodesOrFails(answers("00" + "2001090802" + "9f911200020f"), PROTOCOL_OR_REFUSED, answer -> {
      BMC.script((netFn, command, data) -> answer);
      return DeviceId.read(BMC.session());
    });
  }

  @Test
  void chassisStatus() {
    assertEachDecodesOrFails(answers("00" + "41" + "00" + "00" + "00"), PROTOCOL_OR_REFUSED, answer -> {
      BMC.script((netFn, command, data) -> answer);
      return ChassisPower.read(BMC.session());
    });
  }

  @Test
  void bootFlagsParameter() {
    assertEachDecodesOrFails(answers("00" + "01" + "05" + "e014000000"), PROTOCOL_OR_REFUSED, answer -> {
      BMC.script((netFn, command, data) -> answer);
      return BootOptions.read(BMC.session());
    });
  }

  private static List<byte[]> answers(String sampleHex) {
    return MalformedBytes.answers(HEX.parseHex(sampleHex), GARBAGE);
  }
}
