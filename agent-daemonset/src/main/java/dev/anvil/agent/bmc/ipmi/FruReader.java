package dev.anvil.agent.bmc.ipmi;

import dev.anvil.agent.bmc.BmcException;
import dev.anvil.agent.bmc.BmcException.Kind;
import java.util.Set;

/** Reads the header, board and product areas of the BMC's FRU device 0 in chunks (IPMI 2.0 sections 34.1-34.2). */
final class FruReader {

  private static final int GET_AREA_INFO = 0x10;
  private static final int READ_DATA = 0x11;
  private static final int DEVICE = 0;
  private static final int FIRST_CHUNK = 32;
  private static final int MIN_CHUNK = 4;
  private static final Set<Integer> TOO_MANY_BYTES = Set.of(CompletionCode.CANNOT_RETURN_REQUESTED_BYTES,
      CompletionCode.REQUEST_DATA_LENGTH_INVALID, CompletionCode.REQUEST_DATA_TOO_LONG, CompletionCode.UNSPECIFIED);

  private final IpmiSession session;
  private final byte[] image;
  private final int unit;
  private int chunk = FIRST_CHUNK;

  private FruReader(IpmiSession session, int size, int unit) {
    this.session = session;
    this.image = new byte[size];
    this.unit = unit;
  }

  /** The board and product fields, or null when the BMC has no FRU device 0. */
  static FruInventory read(IpmiSession session) throws BmcException {
    var answer = session.call(IpmiRequest.of("Get FRU Inventory Area Info", IpmiRequest.NETFN_STORAGE,
        GET_AREA_INFO, DEVICE));
    if (answer.completionCode() != CompletionCode.OK) {
      return null;
    }
    var info = answer.require(3);
    int size = (info[0] & 0xff) | (info[1] & 0xff) << 8;
    var reader = new FruReader(session, size, (info[2] & 0x01) != 0 ? 2 : 1);
    return reader.readAreas();
  }

  private FruInventory readAreas() throws BmcException {
    if (image.length < FruInventory.HEADER_LENGTH) {
      return FruInventory.parse(image);
    }
    fill(0, FruInventory.HEADER_LENGTH);
    readArea((image[FruInventory.BOARD_OFFSET_BYTE] & 0xff) * 8);
    readArea((image[FruInventory.PRODUCT_OFFSET_BYTE] & 0xff) * 8);
    return FruInventory.parse(image);
  }

  /** An area's version and length bytes, then the rest of it. */
  private void readArea(int offset) throws BmcException {
    if (offset == 0 || offset + 2 > image.length) {
      return;
    }
    fill(offset, 2);
    fill(offset + 2, Math.min((image[offset + 1] & 0xff) * 8, image.length - offset) - 2);
  }

  /** Reads length bytes at offset into the image, halving the chunk when the BMC cannot return that many. */
  private void fill(int offset, int length) throws BmcException {
    int end = offset + length;
    while (offset < end) {
      int count = Math.min(chunk, end - offset);
      // word-addressed FRUs take offsets and counts in words; align the start down to a word
      int start = offset / unit;
      var answer = session.call(IpmiRequest.of("Read FRU Data", IpmiRequest.NETFN_STORAGE, READ_DATA, DEVICE, start,
          start >> 8, (count + unit - 1) / unit));
      if (TOO_MANY_BYTES.contains(answer.completionCode()) && chunk > MIN_CHUNK) {
        chunk /= 2;
        continue;
      }
      var data = answer.require(2);
      int got = Math.min((data[0] & 0xff) * unit, data.length - 1);
      int skip = offset - start * unit;
      if (got <= skip) {
        throw new BmcException(Kind.PROTOCOL, "the BMC returned no FRU data at offset " + offset);
      }
      int copy = Math.min(got - skip, end - offset);
      System.arraycopy(data, 1 + skip, image, offset, copy);
      offset += copy;
    }
  }
}
