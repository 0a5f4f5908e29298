package dev.anvil.agent.bmc.ipmi;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.anvil.agent.bmc.BmcException;
import dev.anvil.agent.bmc.BmcException.Kind;
import java.util.HexFormat;
import org.junit.jupiter.api.Test;

class IpmiMessageTest {

  private static final HexFormat HEX = HexFormat.of();
  private static final IpmiRequest GET_DEVICE_ID = IpmiRequest.of("Get Device ID", IpmiRequest.NETFN_APP, 0x01);

  @Test
  void requestCarriesAddressesSequenceAndTwoZeroSumChecksums() {
    // rsAddr 20, netFn App 06 << 2 = 18, chk -(20+18) = c8; rqAddr 81, rqSeq 5 << 2 = 14, cmd 01, chk -(81+14+01) = 6a
    assertThat(HEX.formatHex(IpmiMessage.encodeRequest(GET_DEVICE_ID, 5))).isEqualTo("2018c88114016a");
    // LUN 1 goes in the low bits of the netFn byte: 04 << 2 | 1 = 11
    var reading = IpmiRequest.of("Get Sensor Reading", IpmiRequest.NETFN_SENSOR, 0x2d, 7).onLun(1);
    assertThat(HEX.formatHex(IpmiMessage.encodeRequest(reading, 63))).isEqualTo("2011cf81fc2d07" + "4f");
  }

  @Test
  void responseGivesCompletionCodeAndData() throws Exception {
    var response = response("811c63" + "2014" + "01" + "00" + "aabb");
    var decoded = IpmiMessage.decodeResponse(response, GET_DEVICE_ID);

    assertThat(IpmiMessage.responseSequence(response)).isEqualTo(5);
    assertThat(decoded.completionCode()).isZero();
    assertThat(decoded.require(2)).containsExactly(0xaa, 0xbb);
    assertThatThrownBy(() -> decoded.require(3)).isInstanceOf(BmcException.class)
        .extracting(e -> ((BmcException) e).kind()).isEqualTo(Kind.PROTOCOL);
  }

  @Test
  void aNonZeroCompletionCodeIsNamedInTheFailure() throws Exception {
    var decoded = IpmiMessage.decodeResponse(response("811c63" + "2014" + "01" + "d4"), GET_DEVICE_ID);
    assertThatThrownBy(() -> decoded.require(0)).isInstanceOf(BmcException.class)
        .hasMessage("the BMC refused Get Device ID: completion code 0xD4 (insufficient privilege level)")
        .extracting(e -> ((BmcException) e).kind()).isEqualTo(Kind.REJECTED);
  }

  @Test
  void badChecksumsAndForeignCommandsAreProtocolFailures() {
    var good = response("811c63" + "2014" + "01" + "00");
    var bad = good.clone();
    bad[bad.length - 1]++;
    assertThatThrownBy(() -> IpmiMessage.decodeResponse(bad, GET_DEVICE_ID)).hasMessageContaining("checksum");
    var chassis = IpmiRequest.of("Get Chassis Status", IpmiRequest.NETFN_CHASSIS, 0x01);
    assertThatThrownBy(() -> IpmiMessage.decodeResponse(good, chassis)).hasMessageContaining("netFn 0x7");
  }

  /** The hex bytes followed by the checksum over everything after the first checksum. */
  private static byte[] response(String hex) {
    var bytes = HEX.parseHex(hex + "00");
    bytes[bytes.length - 1] = IpmiMessage.checksum(bytes, 3, bytes.length - 4);
    return bytes;
  }
}
