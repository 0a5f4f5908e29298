package dev.anvil.agent.bmc.redfish;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.URI;
import org.junit.jupiter.api.Test;

class RedfishAddressTest {

  @Test
  void theSchemeChoosesHttpsUnlessItSaysHttp() {
    assertThat(RedfishAddress.of(URI.create("redfish://bmc.lab")).origin().toString()).isEqualTo("https://bmc.lab/");
    assertThat(RedfishAddress.of(URI.create("redfish+https://10.1.2.17:8443")).display()).isEqualTo("10.1.2.17:8443");
    assertThat(RedfishAddress.of(URI.create("redfish+http://127.0.0.1:8000")).origin().toString())
        .isEqualTo("http://127.0.0.1:8000/");
  }

  @Test
  void thePathNamesTheSystemUnlessItIsTheServiceRoot() {
    assertThat(RedfishAddress.of(URI.create("redfish+https://h/redfish/v1/Systems/System.Embedded.1/")).systemPath())
        .isEqualTo("/redfish/v1/Systems/System.Embedded.1");
    assertThat(RedfishAddress.of(URI.create("redfish+https://h/redfish/v1/")).systemPath()).isNull();
    assertThat(RedfishAddress.of(URI.create("redfish+https://h")).systemPath()).isNull();
  }

  @Test
  void userinfoInTheAddressIsDropped() {
    var address = RedfishAddress.of(URI.create("redfish+https://root:calvin@10.0.0.9/redfish/v1/Systems/1"));

    assertThat(address.origin().toString()).isEqualTo("https://10.0.0.9/").doesNotContain("calvin");
    assertThat(address.display()).doesNotContain("calvin");
  }

  @Test
  void aLocationOnAnotherHostStaysOnTheBmc() throws Exception {
    var address = RedfishAddress.of(URI.create("redfish+https://10.0.0.9"));

    assertThat(address.resolve("https://elsewhere.example/redfish/v1/SessionService/Sessions/7?x=1").toString())
        .isEqualTo("https://10.0.0.9/redfish/v1/SessionService/Sessions/7?x=1");
    assertThat(address.resolve("/redfish/v1/Chassis/1U/Thermal#/Fans/0").encodedPath())
        .isEqualTo("/redfish/v1/Chassis/1U/Thermal");
  }

  @Test
  void otherAddressesAreRefused() {
    assertThatThrownBy(() -> RedfishAddress.of(URI.create("ipmi://10.0.0.9:623")))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> RedfishAddress.of(URI.create("redfish+https:///redfish/v1")))
        .isInstanceOf(IllegalArgumentException.class);
  }
}
