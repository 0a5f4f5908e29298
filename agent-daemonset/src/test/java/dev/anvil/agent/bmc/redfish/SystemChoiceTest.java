package dev.anvil.agent.bmc.redfish;

import static dev.anvil.agent.bmc.redfish.MapSource.json;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.anvil.agent.bmc.BmcException;
import dev.anvil.agent.bmc.BmcException.Kind;
import org.junit.jupiter.api.Test;

class SystemChoiceTest {

  @Test
  void theOnlySystemIsChosenWhateverElseTheCollectionSays() throws Exception {
    var collection = json("""
        {"Members@odata.count": "1", "Members": [{"@odata.id": "/redfish/v1/Systems/System.Embedded.1"}, null],
         "Oem": {"Vendor": {"Hidden": [{"@odata.id": "/redfish/v1/Systems/Oem"}]}}}
        """);

    assertThat(SystemChoice.onlySystem("bmc:443", collection)).isEqualTo("/redfish/v1/Systems/System.Embedded.1");
  }

  @Test
  void severalSystemsMustBeNamedInTheAddress() {
    var collection = json("{\"Members\": [{\"@odata.id\": \"/redfish/v1/Systems/Node1\"}, "
        + "{\"@odata.id\": \"/redfish/v1/Systems/Node2\"}]}");

    assertThatThrownBy(() -> SystemChoice.onlySystem("bmc:443", collection))
        .isInstanceOfSatisfying(BmcException.class, e -> assertThat(e.kind()).isEqualTo(Kind.REJECTED))
        .hasMessageContaining("2 ComputerSystems").hasMessageContaining("/redfish/v1/Systems/Node2");
  }

  @Test
  void noSystemIsUnsupported() {
    assertThatThrownBy(() -> SystemChoice.onlySystem("bmc:443", json("{\"Members\": \"none\"}")))
        .isInstanceOfSatisfying(BmcException.class, e -> assertThat(e.kind()).isEqualTo(Kind.UNSUPPORTED));
  }
}
