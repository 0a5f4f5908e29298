package dev.anvil.agent.bmc.ipmi;

import java.nio.charset.StandardCharsets;
import java.util.HexFormat;

/** Decodes the text of IPMI type/length fields (FRU specification 1.0 section 13, IPMI 2.0 section 43.15). */
final class IpmiText {

  /** The "end of fields" type/length byte of FRU areas. */
  static final int END_OF_FIELDS = 0xc1;
  private static final String BCD_PLUS = "0123456789 -.???";
  /** FRU language codes 0 and 25 mean English. */
  private static final int ENGLISH = 25;

  private IpmiText() {
  }

  /** Bytes a type/length byte says follow it. */
  static int length(int typeLength) {
    return typeLength & 0x3f;
  }

  /**
   * Decodes a FRU field: type bits 7:6 are 00 binary (as hex), 01 BCD plus, 10 6-bit ASCII, 11 Latin-1 in English
   * areas and UCS-2 little-endian otherwise. Trailing spaces and NULs are dropped; an empty field is null.
   */
  static String fruField(int typeLength, byte[] data, int offset, int language) {
    int length = length(typeLength);
    var text = switch (typeLength >> 6 & 0x03) {
      case 0 -> HexFormat.of().formatHex(data, offset, offset + length);
      case 1 -> bcdPlus(data, offset, length);
      case 2 -> sixBitAscii(data, offset, length);
      default -> new String(data, offset, length, language == 0 || language == ENGLISH
          ? StandardCharsets.ISO_8859_1 : StandardCharsets.UTF_16LE);
    };
    var trimmed = text.replaceAll("[\\s\\x00]+$", "");
    return trimmed.isEmpty() ? null : trimmed;
  }

  /** Decodes an SDR id string, whose type 00 is Unicode that BMCs fill with ASCII in practice. */
  static String sdrIdString(int typeLength, byte[] data, int offset) {
    int length = Math.min(typeLength & 0x1f, data.length - offset);
    var text = switch (typeLength >> 6 & 0x03) {
      case 1 -> bcdPlus(data, offset, length);
      case 2 -> sixBitAscii(data, offset, length);
      default -> new String(data, offset, length, StandardCharsets.ISO_8859_1);
    };
    return text.replaceAll("[\\s\\x00]+$", "");
  }

  /** Two digits per byte, high nibble first: 0-9, space, dash, period. */
  static String bcdPlus(byte[] data, int offset, int length) {
    var out = new StringBuilder(length * 2);
    for (int i = offset; i < offset + length; i++) {
      out.append(BCD_PLUS.charAt(data[i] >> 4 & 0x0f)).append(BCD_PLUS.charAt(data[i] & 0x0f));
    }
    return out.toString();
  }

  /** Four characters per three bytes, read as a little-endian bit stream six bits at a time, each + 0x20. */
  static String sixBitAscii(byte[] data, int offset, int length) {
    var out = new StringBuilder(length * 4 / 3);
    int bits = 0;
    int buffered = 0;
    for (int i = offset; i < offset + length; i++) {
      bits |= (data[i] & 0xff) << buffered;
      buffered += 8;
      while (buffered >= 6) {
        out.append((char) ((bits & 0x3f) + 0x20));
        bits >>= 6;
        buffered -= 6;
      }
    }
    return out.toString();
  }
}
