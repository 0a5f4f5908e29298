package dev.anvil.agent.bmc.ipmi;

import static org.assertj.core.api.Assertions.assertThat;

import dev.anvil.agent.bmc.BootSettings;
import dev.anvil.agent.bmc.BootSettings.Mode;
import dev.anvil.agent.bmc.BootSettings.Persistence;
import dev.anvil.agent.bmc.BootSettings.Target;
import java.util.HexFormat;
import org.junit.jupiter.api.Test;

/** Boot flags (parameter 5) as IPMI 2.0 table 28-14 lays them out. */
class BootOptionsTest {

  @Test
  void overridesSetTheValidPersistentAndEfiBitsAndTheDeviceSelector() {
    // valid 80h + EFI 20h; PXE is selector 0001b in bits 5:2
    assertThat(BootOptions.encode(new BootSettings(Target.Pxe, Persistence.Once, Mode.UEFI)))
        .containsExactly(0xa0, 0x04, 0, 0, 0);
    // valid + persistent 40h, legacy; hard drive 0010b
    assertThat(BootOptions.encode(new BootSettings(Target.Hdd, Persistence.Continuous, Mode.Legacy)))
        .containsExactly(0xc0, 0x08, 0, 0, 0);
    assertThat(BootOptions.encode(new BootSettings(Target.BiosSetup, Persistence.Once, Mode.Legacy)))
        .containsExactly(0x80, 0x18, 0, 0, 0);
    assertThat(BootOptions.encode(new BootSettings(Target.Cd, Persistence.Disabled, Mode.UEFI)))
        .containsExactly(0, 0, 0, 0, 0);
  }

  @Test
  void flagsReadBackAsTheSettingsTheyEncode() {
    var hex = HexFormat.of();
    assertThat(BootOptions.decode(hex.parseHex("e014000000")))
        .isEqualTo(new BootSettings(Target.Cd, Persistence.Continuous, Mode.UEFI));
    assertThat(BootOptions.decode(hex.parseHex("0004000000"))).as("valid bit clear")
        .isEqualTo(new BootSettings(Target.Pxe, Persistence.Disabled, Mode.Legacy));
    assertThat(BootOptions.decode(hex.parseHex("802c000000"))).as("remote hard drive (1011b)")
        .isEqualTo(new BootSettings(Target.Hdd, Persistence.Once, Mode.Legacy));
    assertThat(BootOptions.decode(hex.parseHex("803c000000"))).as("floppy has no Redfish target").isNull();
  }
}
