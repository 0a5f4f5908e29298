package dev.anvil.agent.bmc.redfish;

import static dev.anvil.agent.bmc.redfish.MapSource.json;
import static org.assertj.core.api.Assertions.assertThat;

import dev.anvil.agent.bmc.BmcSnapshot.Health;
import dev.anvil.agent.bmc.BootSettings;
import dev.anvil.agent.bmc.BootSettings.Mode;
import dev.anvil.agent.bmc.BootSettings.Persistence;
import dev.anvil.agent.bmc.BootSettings.Target;
import dev.anvil.agent.bmc.PowerStatus;
import org.junit.jupiter.api.Test;

class SystemResourceTest {

  /** Shaped like an older vendor firmware: OEM everywhere, no rollup, a boot target outside the standard list. */
  private static final String VENDOR_SYSTEM = """
      {"@odata.id": "/redfish/v1/Systems/System.Embedded.1", "Id": "System.Embedded.1",
       "PowerState": "On", "Status": {"State": "Enabled", "Health": "Warning", "Oem": {"Dell": {"x": 1}}},
       "Boot": {"BootSourceOverrideEnabled": "Continuous", "BootSourceOverrideTarget": "UsbCd",
                "BootSourceOverrideMode": "Bios",
                "BootSourceOverrideTarget@Redfish.AllowableValues": ["None", "Pxe", "UsbCd", 4]},
       "Actions": {"#ComputerSystem.Reset": {"target": "/redfish/v1/Systems/System.Embedded.1/Actions/Reset"},
                   "Oem": {"#DellOemChassis.ExtendedReset": {"target": "/x"}}},
       "Links": {"Chassis": [{"@odata.id": "/redfish/v1/Chassis/System.Embedded.1"}],
                 "ManagedBy": [{"@odata.id": "/redfish/v1/Managers/iDRAC.Embedded.1"}],
                 "Oem": {"Dell": {"BootOrder": {"@odata.id": "/oem"}}}},
       "Oem": {"Dell": {"DellSystem": {"@odata.id": "/oem/system", "BIOSReleaseDate": "01/01/2020"}}}}
      """;

  private static SystemResource system(String json) {
    return new SystemResource("/redfish/v1/Systems/1", json(json));
  }

  @Test
  void readsWhatAVendorSystemSaysAndIgnoresItsOemParts() {
    var system = new SystemResource("/redfish/v1/Systems/System.Embedded.1", json(VENDOR_SYSTEM));

    assertThat(system.power()).isEqualTo(PowerStatus.On);
    assertThat(system.health()).isEqualTo(Health.Warning);
    assertThat(system.boot()).as("an active override to a target the client has no value for").isNull();
    assertThat(system.bootAllowable("BootSourceOverrideTarget")).containsExactly("None", "Pxe", "UsbCd");
    assertThat(system.bootAllowable("BootSourceOverrideMode")).isNull();
    assertThat(system.hasResetAction()).isTrue();
    assertThat(system.resetTarget()).isEqualTo("/redfish/v1/Systems/System.Embedded.1/Actions/Reset");
    assertThat(system.resetAllowable()).isNull();
    assertThat(system.chassis()).containsExactly("/redfish/v1/Chassis/System.Embedded.1");
    assertThat(system.managers()).containsExactly("/redfish/v1/Managers/iDRAC.Embedded.1");
  }

  @Test
  void aBareSystemReadsAsUnknownWithoutFailing() {
    var system = system("{\"PowerState\": null, \"Boot\": \"none\", \"Status\": 3, \"Actions\": []}");

    assertThat(system.power()).isEqualTo(PowerStatus.Unknown);
    assertThat(system.health()).isNull();
    assertThat(system.boot()).isNull();
    assertThat(system.hasResetAction()).isFalse();
    assertThat(system.resetTarget()).isEqualTo("/redfish/v1/Systems/1/Actions/ComputerSystem.Reset");
    assertThat(system.chassis()).isEmpty();
    assertThat(system.logServices()).isNull();
    assertThat(system.processors()).isNull();
  }

  @Test
  void healthPrefersTheRollupAndPowerKnowsTransitions() {
    var system = system("{\"PowerState\": \"PoweringOff\", \"Status\": {\"Health\": \"OK\", \"HealthRollup\": "
        + "\"Critical\"}}");

    assertThat(system.health()).isEqualTo(Health.Critical);
    assertThat(system.power()).isEqualTo(PowerStatus.PoweringOff);
    assertThat(system("{\"PowerState\": \"Standby\"}").power()).isEqualTo(PowerStatus.Unknown);
  }

  @Test
  void anInactiveOverrideReadsAsDisabledWhateverItsTarget() {
    assertThat(system("{\"Boot\": {\"BootSourceOverrideEnabled\": \"Disabled\", \"BootSourceOverrideTarget\": "
        + "\"Utilities\"}}").boot()).isEqualTo(new BootSettings(Target.None, Persistence.Disabled, null));
    assertThat(system("{\"Boot\": {\"BootSourceOverrideEnabled\": \"Once\", \"BootSourceOverrideTarget\": \"Pxe\", "
        + "\"BootSourceOverrideMode\": \"UEFI\"}}").boot())
        .isEqualTo(new BootSettings(Target.Pxe, Persistence.Once, Mode.UEFI));
    assertThat(system("{\"Boot\": {\"BootSourceOverrideTarget\": \"Pxe\"}}").boot()).isNull();
  }
}
