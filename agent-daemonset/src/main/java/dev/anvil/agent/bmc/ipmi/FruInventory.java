package dev.anvil.agent.bmc.ipmi;

/**
 * The board and product fields of a FRU inventory image (FRU Information Storage Definition 1.0, sections 8, 11, 12).
 */
record FruInventory(String boardManufacturer, String boardProduct, String boardSerial, String productManufacturer,
    String productName, String productModel, String productSerial) {

  /** The common header's byte giving the board area offset in multiples of 8; the product area's follows it. */
  static final int BOARD_OFFSET_BYTE = 3;
  static final int PRODUCT_OFFSET_BYTE = 4;
  static final int HEADER_LENGTH = 8;
  /** Fields before the first type/length byte: version, length, language (and the board's 3-byte date). */
  private static final int BOARD_FIELDS_AT = 6;
  private static final int PRODUCT_FIELDS_AT = 3;

  /**
   * Parses an image in which at least the common header and the areas it points to have been read; an area that is
   * absent or fails its checksum leaves its fields null.
   */
  static FruInventory parse(byte[] image) {
    if (image.length < HEADER_LENGTH || image[0] != 0x01 || !sumsToZero(image, 0, HEADER_LENGTH)) {
      return new FruInventory(null, null, null, null, null, null, null);
    }
    var board = fields(image, (image[BOARD_OFFSET_BYTE] & 0xff) * 8, BOARD_FIELDS_AT, 3);
    var product = fields(image, (image[PRODUCT_OFFSET_BYTE] & 0xff) * 8, PRODUCT_FIELDS_AT, 5);
    return new FruInventory(board[0], board[1], board[2], product[0], product[1], product[2], product[4]);
  }

  /** The first count fields of the area at the offset (all null when absent, truncated or failing its checksum). */
  private static String[] fields(byte[] image, int offset, int fieldsAt, int count) {
    var out = new String[count];
    if (offset == 0 || offset + 2 > image.length) {
      return out;
    }
    int length = (image[offset + 1] & 0xff) * 8;
    if (length == 0 || offset + length > image.length || !sumsToZero(image, offset, length)) {
      return out;
    }
    int language = image[offset + 2] & 0xff;
    int at = offset + fieldsAt;
    for (int i = 0; i < count && at < offset + length; i++) {
      int typeLength = image[at] & 0xff;
      int end = at + 1 + IpmiText.length(typeLength);
      if (typeLength == IpmiText.END_OF_FIELDS || end > offset + length) {
        break;
      }
      out[i] = IpmiText.fruField(typeLength, image, at + 1, language);
      at = end;
    }
    return out;
  }

  private static boolean sumsToZero(byte[] bytes, int offset, int length) {
    int sum = 0;
    for (int i = offset; i < offset + length; i++) {
      sum += bytes[i];
    }
    return (sum & 0xff) == 0;
  }
}
