package dev.anvil.agent.bmc.redfish;

import static dev.anvil.agent.bmc.redfish.MapSource.json;
import static org.assertj.core.api.Assertions.assertThat;

import dev.anvil.agent.bmc.ResetAction;
import java.util.EnumSet;
import org.junit.jupiter.api.Test;

class PowerActionsTest {

  private static final String PATH = "/redfish/v1/Systems/1";

  private static SystemResource system(String action) {
    return new SystemResource(PATH, json("{\"Actions\": {\"#ComputerSystem.Reset\": " + action + "}}"));
  }

  @Test
  void offersWhatTheActionAdvertisesIgnoringValuesTheClientDoesNotKnow() throws Exception {
    var system = system("{\"target\": \"/r\", \"ResetType@Redfish.AllowableValues\": [\"On\", \"ForceOff\", "
        + "\"Suspend\", \"SoftOff\"]}");

    assertThat(PowerActions.supported(system, new MapSource()))
        .containsExactlyInAnyOrder(ResetAction.On, ResetAction.ForceOff);
  }

  @Test
  void withoutAdvertisedValuesTheActionInfoDecides() throws Exception {
    var source = new MapSource().put("/redfish/v1/Systems/1/ResetActionInfo", """
        {"Parameters": [{"Name": "Other", "AllowableValues": ["x"]},
                        {"Name": "ResetType", "Required": true, "AllowableValues": ["GracefulShutdown", "On"]}]}
        """);
    var system = system("{\"@Redfish.ActionInfo\": \"/redfish/v1/Systems/1/ResetActionInfo\"}");

    assertThat(PowerActions.supported(system, source))
        .containsExactlyInAnyOrder(ResetAction.GracefulShutdown, ResetAction.On);
  }

  @Test
  void aBmcThatSaysNothingGetsTheStandardOnes() throws Exception {
    var missingInfo = system("{\"@Redfish.ActionInfo\": \"/redfish/v1/Systems/1/Gone\"}");

    assertThat(PowerActions.supported(system("{}"), new MapSource())).isEqualTo(EnumSet.allOf(ResetAction.class));
    assertThat(PowerActions.supported(missingInfo, new MapSource())).isEqualTo(EnumSet.allOf(ResetAction.class));
  }

  @Test
  void aSystemWithoutAResetActionOffersNothing() throws Exception {
    assertThat(PowerActions.supported(new SystemResource(PATH, json("{}")), new MapSource())).isEmpty();
  }
}
