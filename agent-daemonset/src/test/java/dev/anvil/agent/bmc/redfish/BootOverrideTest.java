package dev.anvil.agent.bmc.redfish;

import static dev.anvil.agent.bmc.redfish.MapSource.json;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.anvil.agent.bmc.BmcException;
import dev.anvil.agent.bmc.BmcException.Kind;
import dev.anvil.agent.bmc.BootSettings;
import dev.anvil.agent.bmc.BootSettings.Mode;
import dev.anvil.agent.bmc.BootSettings.Persistence;
import dev.anvil.agent.bmc.BootSettings.Target;
import org.junit.jupiter.api.Test;

class BootOverrideTest {

  private static final SystemResource ADVERTISING = new SystemResource("/redfish/v1/Systems/1", json("""
      {"Boot": {"BootSourceOverrideTarget@Redfish.AllowableValues": ["None", "Pxe", "Hdd"],
                "BootSourceOverrideEnabled@Redfish.AllowableValues": ["Once", "Disabled"]}}
      """));
  private static final SystemResource SILENT = new SystemResource("/redfish/v1/Systems/1", json("{}"));

  @Test
  void buildsThePatchOfTheBootProperties() throws Exception {
    var body = BootOverride.patchBody(ADVERTISING, new BootSettings(Target.Pxe, Persistence.Once, Mode.UEFI));

    assertThat(body).isEqualTo(json("{\"Boot\": {\"BootSourceOverrideEnabled\": \"Once\", "
        + "\"BootSourceOverrideTarget\": \"Pxe\", \"BootSourceOverrideMode\": \"UEFI\"}}"));
  }

  @Test
  void clearingSendsOnlyDisabled() throws Exception {
    var body = BootOverride.patchBody(ADVERTISING, new BootSettings(Target.UefiHttp, Persistence.Disabled, null));

    assertThat(body).isEqualTo(json("{\"Boot\": {\"BootSourceOverrideEnabled\": \"Disabled\"}}"));
  }

  @Test
  void refusesValuesTheBmcDoesNotAdvertiseAndNamesWhatItDoes() {
    assertThatThrownBy(() -> BootOverride.patchBody(ADVERTISING, new BootSettings(Target.Cd, Persistence.Once, null)))
        .isInstanceOfSatisfying(BmcException.class, e -> assertThat(e.kind()).isEqualTo(Kind.UNSUPPORTED))
        .hasMessageContaining("BootSourceOverrideTarget Cd").hasMessageContaining("None, Pxe, Hdd");
    assertThatThrownBy(() -> BootOverride.patchBody(ADVERTISING,
        new BootSettings(Target.Pxe, Persistence.Continuous, null)))
        .hasMessageContaining("BootSourceOverrideEnabled Continuous");
  }

  @Test
  void aBmcThatAdvertisesNothingGetsWhatIsAsked() throws Exception {
    var body = BootOverride.patchBody(SILENT, new BootSettings(Target.UefiHttp, Persistence.Continuous, Mode.Legacy));

    assertThat(body.at("/Boot/BootSourceOverrideTarget").asText()).isEqualTo("UefiHttp");
    assertThat(body.at("/Boot/BootSourceOverrideMode").asText()).isEqualTo("Legacy");
  }
}
