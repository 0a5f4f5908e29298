package dev.anvil.agent.bmc.ipmi;

import static dev.anvil.agent.bmc.ipmi.MalformedBytes.assertEachDecodesOrFails;

import dev.anvil.agent.bmc.BmcException.Kind;
import java.util.HexFormat;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** IPMI response messages that are cut, changed or junk decode or fail as PROTOCOL, or as their completion code. */
class IpmiMessageMalformedInputTest {

  private static final IpmiRequest GET_DEVICE_ID = DeviceId.REQUEST;
  /** rqAddr 81h, netFn App response, rsAddr 20h, rqSeq 5, Get Device ID, completion 00h, 11 data bytes. */
  private static final byte[] SAMPLE = withChecksums(HexFormat.of().parseHex(
      "811c63" + "2014" + "01" + "00" + "2001090802" + "9f911200020f" + "00"));

  @Test
  void withTheirChecksumsAsChanged() {
    var inputs = MalformedBytes.variants(SAMPLE, 3000);

    assertEachDecodesOrFails(inputs, Set.of(Kind.PROTOCOL), m -> IpmiMessage.decodeResponse(m, GET_DEVICE_ID));
    assertEachDecodesOrFails(inputs, Set.of(Kind.PROTOCOL), IpmiMessage::responseSequence);
  }

  /** Checksums recomputed, so the length, netFn, command and completion code checks see the change. */
  @Test
  void withValidChecksumsAroundMalformedContent() {
    var inputs = MalformedBytes.variants(SAMPLE, 3000).stream().map(IpmiMessageMalformedInputTest::withChecksums)
        .toList();

    assertEachDecodesOrFails(inputs, MalformedBytes.PROTOCOL_OR_REFUSED,
        m -> IpmiMessage.decodeResponse(m, GET_DEVICE_ID).require(11));
  }

  /** Both checksums made right where the message is long enough to have them. */
  private static byte[] withChecksums(byte[] message) {
    var out = message.clone();
    if (out.length >= 3) {
      out[2] = IpmiMessage.checksum(out, 0, 2);
    }
    if (out.length >= 5) {
      out[out.length - 1] = IpmiMessage.checksum(out, 3, out.length - 4);
    }
    return out;
  }
}
