package dev.anvil.agent.bmc.ipmi;

/**
 * What the agent needs from a Full Sensor Record (SDR type 01h, IPMI 2.0 table 43-1, whose 1-based byte numbers the
 * code uses).
 *
 * @param ownerId the controller that owns the sensor (0x20: the BMC itself)
 * @param thresholdAccess capabilities bits 3:2: 0 none, 1 readable, 2 readable and settable, 3 fixed (SDR only)
 * @param readableThresholds bit per threshold (0 LNC, 1 LC, 2 LNR, 3 UNC, 4 UC, 5 UNR) the BMC reports
 * @param sdrThresholds raw thresholds from the SDR, indexed as the readable mask bits
 */
record SensorRecord(int ownerId, int lun, int sensorNumber, int sensorType, int eventReadingType,
    int thresholdAccess, int readableThresholds, int baseUnit, boolean percentage, SensorReadingConverter converter,
    int[] sdrThresholds, String name) {

  static final int FULL_SENSOR_RECORD = 0x01;
  static final int THRESHOLD_EVENT_READING_TYPE = 0x01;
  private static final int MIN_LENGTH = 48;

  /** The sensor a raw SDR (header included) describes, or null when it is not a full sensor record. */
  static SensorRecord parse(byte[] sdr) {
    if (sdr.length < MIN_LENGTH || (sdr[3] & 0xff) != FULL_SENSOR_RECORD) {
      return null;
    }
    int units1 = u(sdr, 21);
    var converter = new SensorReadingConverter(
        SensorReadingConverter.signed(u(sdr, 25) | (u(sdr, 26) & 0xc0) << 2, 10),
        SensorReadingConverter.signed(u(sdr, 27) | (u(sdr, 28) & 0xc0) << 2, 10),
        SensorReadingConverter.signed(u(sdr, 30) & 0x0f, 4),
        SensorReadingConverter.signed(u(sdr, 30) >> 4, 4),
        units1 >> 6, u(sdr, 24) & 0x7f);
    // bytes 37-42 hold UNR, UC, UNC, LNR, LC, LNC; reorder them to the mask's bit order
    var thresholds = new int[] {u(sdr, 42), u(sdr, 41), u(sdr, 40), u(sdr, 39), u(sdr, 38), u(sdr, 37)};
    return new SensorRecord(u(sdr, 6), u(sdr, 7) & 0x03, u(sdr, 8), u(sdr, 13), u(sdr, 14),
        u(sdr, 12) >> 2 & 0x03, u(sdr, 19) & 0x3f, u(sdr, 22), (units1 & 0x01) != 0, converter, thresholds,
        IpmiText.sdrIdString(u(sdr, 48), sdr, 48));
  }

  /** The table's byte n (1-based) as an unsigned value. */
  private static int u(byte[] sdr, int n) {
    return sdr[n - 1] & 0xff;
  }
}
