package dev.anvil.agent.bmc.ipmi;

import java.nio.charset.StandardCharsets;
import java.util.HexFormat;
import java.util.List;

/** One Sensor Data Record of each type a BMC's repository holds (IPMI 2.0 section 43), as valid samples to garble. */
final class SdrSamples {

  /** Full sensor record 01h: BMC-owned temperature sensor 1, unsigned, M = 1, readable thresholds, "Inlet Temp". */
  static final byte[] FULL = record(1, 0x01, "20" + "00" + "01" + "0701" + "7f" + "44" + "01" + "01"
      + "0000" + "0000" + "3f00" + "00" + "01" + "00" + "00" + "0100" + "0000" + "00" + "00" + "00"
      + "00" + "00" + "00" + "ff" + "00" + "5a5046000a05" + "0000" + "0000" + "00" + name("Inlet Temp"));
  /** Compact sensor record 02h: a discrete power supply sensor. */
  static final byte[] COMPACT = record(2, 0x02, "2000020a017f40086f" + "0000" + "0000" + "0000" + "000000"
      + "0000" + "0000" + "000000" + "00" + name("PSU1 Status"));
  /** Event-only record 03h. */
  static final byte[] EVENT_ONLY = record(3, 0x03, "200003" + "0701" + "12" + "6f" + "0000" + "00" + "00"
      + name("Sys Event"));
  /** FRU device locator 11h. */
  static final byte[] FRU_LOCATOR = record(4, 0x11, "20" + "00" + "00" + "00" + "10" + "00" + "00" + "0701"
      + "00" + name("Board FRU"));
  /** Management controller locator 12h. */
  static final byte[] MC_LOCATOR = record(5, 0x12, "20" + "00" + "00" + "bf" + "000000" + "00" + "2001"
      + "00" + name("Anvil BMC"));
  /** OEM record C0h: a manufacturer id and opaque data. */
  static final byte[] OEM = record(6, 0xc0, "a2020001020304");
  static final List<byte[]> ALL = List.of(FULL, COMPACT, EVENT_ONLY, FRU_LOCATOR, MC_LOCATOR, OEM);

  private SdrSamples() {
  }

  /** Record id, SDR version 1.5, the type, the length of what follows and the body. */
  private static byte[] record(int id, int type, String bodyHex) {
    var body = HexFormat.of().parseHex(bodyHex);
    var out = new byte[5 + body.length];
    out[0] = (byte) id;
    out[2] = 0x51;
    out[3] = (byte) type;
    out[4] = (byte) body.length;
    System.arraycopy(body, 0, out, 5, body.length);
    return out;
  }

  /** An 8-bit ASCII id string: its type/length byte and its bytes. */
  private static String name(String text) {
    return HexFormat.of().formatHex(new byte[] {(byte) (0xc0 | text.length())})
        + HexFormat.of().formatHex(text.getBytes(StandardCharsets.ISO_8859_1));
  }
}
