package dev.anvil.sim.ipmi;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;

/**
 * Builds FRU inventory images for simulated BMCs and tests, following the FRU Information Storage Definition 1.0: a
 * common header, a board info area and a product info area, each field a type/length byte and its bytes.
 */
public final class FruImage {

  /** The type/length byte that ends an area's fields. */
  private static final int END_OF_FIELDS = 0xc1;

  private FruImage() {
  }

  /** Header, board area (English, no manufacturing date) and product area (English), with valid checksums. */
  public static byte[] of(List<byte[]> boardFields, List<byte[]> productFields) {
    var board = area(new byte[] {0, 0, 0}, boardFields);
    var product = area(new byte[0], productFields);
    var header = new byte[] {1, 0, 0, 1, (byte) (1 + board.length / 8), 0, 0, 0};
    header[7] = checksum(header, 0, 7);
    var out = new ByteArrayOutputStream();
    out.writeBytes(header);
    out.writeBytes(board);
    out.writeBytes(product);
    return out.toByteArray();
  }

  /** An 8-bit ASCII field (type 11b). */
  public static byte[] latin1(String text) {
    return field(0xc0, text.getBytes(StandardCharsets.ISO_8859_1));
  }

  /** A 6-bit packed ASCII field (type 10b): characters 0x20-0x5F, four in three bytes, least significant first. */
  public static byte[] sixBit(String text) {
    var packed = new byte[(text.length() * 6 + 7) / 8];
    for (int i = 0; i < text.length(); i++) {
      int code = text.charAt(i) - 0x20;
      for (int bit = 0; bit < 6; bit++) {
        if ((code & 1 << bit) != 0) {
          int at = i * 6 + bit;
          packed[at / 8] |= (byte) (1 << at % 8);
        }
      }
    }
    return field(0x80, packed);
  }

  /** A BCD plus field (type 01b): digits, space, dash and period, two per byte, high nibble first. */
  public static byte[] bcdPlus(String text) {
    var packed = new byte[(text.length() + 1) / 2];
    if (text.length() % 2 != 0) {
      packed[packed.length - 1] = 0x0a; // an odd length ends in a space, which readers trim
    }
    for (int i = 0; i < text.length(); i++) {
      int nibble = "0123456789 -.".indexOf(text.charAt(i));
      packed[i / 2] |= (byte) (i % 2 == 0 ? nibble << 4 : nibble);
    }
    return field(0x40, packed);
  }

  private static byte[] field(int type, byte[] data) {
    var out = new byte[data.length + 1];
    out[0] = (byte) (type | data.length);
    System.arraycopy(data, 0, out, 1, data.length);
    return out;
  }

  /** Version 1, length, language English, the extra bytes, the fields, C1h, padding and the zero checksum. */
  private static byte[] area(byte[] extra, List<byte[]> fields) {
    var body = new ByteArrayOutputStream();
    body.writeBytes(new byte[] {1, 0, 0});
    body.writeBytes(extra);
    fields.forEach(body::writeBytes);
    body.write(END_OF_FIELDS);
    int length = (body.size() + 1 + 7) / 8 * 8;
    var area = new byte[length];
    System.arraycopy(body.toByteArray(), 0, area, 0, body.size());
    area[1] = (byte) (length / 8);
    area[length - 1] = checksum(area, 0, length - 1);
    return area;
  }

  /** The zero checksum of IPMI: the byte that makes the sum of the range and itself 0 modulo 256. */
  private static byte checksum(byte[] bytes, int offset, int length) {
    int sum = 0;
    for (int i = offset; i < offset + length; i++) {
      sum += bytes[i];
    }
    return (byte) -sum;
  }
}
