package dev.anvil.agent.console;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.anvil.agent.bmc.ConsoleSettings;
import java.net.URI;
import org.junit.jupiter.api.Test;

/** Where a host's serial console and VNC are, from its address and console addresses. */
class ConsoleAddressesTest {

  static ConsoleSettings settings(String address, String serial, String vnc) {
    return new ConsoleSettings("uid-1", "lab/r640-17", address, serial, vnc, "root", "pw-Secret-7", null, false, 17,
        true);
  }

  @Test
  void anExplicitSerialAddressWinsAndKeepsTheHostsCredentialsAndIpmiSettings() throws Exception {
    var endpoint = ConsoleAddresses.sol(settings("redfish+https://10.1.2.17/redfish/v1/Systems/1",
        "ipmi://10.9.9.9:6230", ""));

    assertThat(endpoint.address()).isEqualTo(URI.create("ipmi://10.9.9.9:6230"));
    assertThat(endpoint.username()).isEqualTo("root");
    assertThat(endpoint.password()).isEqualTo("pw-Secret-7");
    assertThat(endpoint.cipherSuite()).isEqualTo(17);
    assertThat(endpoint.administrator()).isTrue();
  }

  @Test
  void anIpmiAddressServesItsOwnSerialConsole() throws Exception {
    assertThat(ConsoleAddresses.sol(settings("ipmi://10.1.2.17:1623", "", "")).address())
        .isEqualTo(URI.create("ipmi://10.1.2.17:1623"));
  }

  @Test
  void aRedfishAddressMeansTheSameHostsSolAtPort623() throws Exception {
    assertThat(ConsoleAddresses.sol(settings("redfish+https://bmc-17.lab:8443/redfish/v1/Systems/1", "", ""))
        .address()).isEqualTo(URI.create("ipmi://bmc-17.lab:623"));
    assertThat(ConsoleAddresses.sol(settings("redfish://[fd00::17]/redfish/v1", "", "")).address())
        .isEqualTo(URI.create("ipmi://[fd00::17]:623"));
  }

  @Test
  void aSerialAddressThatIsNotIpmiIsUnsupportedAndNamesNoCredential() {
    assertThatThrownBy(() -> ConsoleAddresses.sol(settings("ipmi://10.1.2.17", "telnet://root:pw-Secret-7@ts:23",
        ""))).isInstanceOfSatisfying(ConsoleException.class,
            e -> assertThat(e.reason()).isEqualTo(CloseReason.UNSUPPORTED))
        .hasMessageContaining("telnet://ts:23").hasMessageNotContaining("pw-Secret-7");
  }

  @Test
  void vncAddressesAreVncOrWebSocketAndAHostWithoutOneHasNoConsole() throws Exception {
    assertThat(ConsoleAddresses.vnc(settings("ipmi://h", "", "vnc://10.1.2.17"))).hasScheme("vnc");
    assertThat(ConsoleAddresses.vnc(settings("ipmi://h", "", "wss://10.1.2.17/kvm/ws"))).hasScheme("wss");
    assertThatThrownBy(() -> ConsoleAddresses.vnc(settings("ipmi://h", "", "")))
        .isInstanceOfSatisfying(ConsoleException.class, e -> assertThat(e.reason()).isEqualTo(CloseReason.NO_CONSOLE));
    assertThatThrownBy(() -> ConsoleAddresses.vnc(settings("ipmi://h", "", "http://10.1.2.17/")))
        .isInstanceOfSatisfying(ConsoleException.class,
            e -> assertThat(e.reason()).isEqualTo(CloseReason.UNSUPPORTED));
  }
}
