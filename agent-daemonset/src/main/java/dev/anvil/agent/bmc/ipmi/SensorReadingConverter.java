package dev.anvil.agent.bmc.ipmi;

import java.math.BigDecimal;

/**
 * Converts raw sensor bytes to values in the sensor's units with the SDR's factors: y = L[(M x + B 10^K1) 10^K2]
 * (IPMI 2.0 section 36.3), K1 being the B exponent and K2 the result exponent.
 *
 * @param analogFormat 0 unsigned, 1 one's complement, 2 two's complement, 3 no analog reading
 * @param linearization the L function: 0 linear, 1 ln, 2 log10, 3 log2, 4 e, 5 exp10, 6 exp2, 7 1/x, 8 sqr, 9 cube,
 *     10 sqrt, 11 cube root; 70h-7Fh non-linear
 */
record SensorReadingConverter(int m, int b, int bExponent, int resultExponent, int analogFormat, int linearization) {

  /**
   * The value for a raw reading or threshold byte, or null when this sensor's readings cannot be converted or the
   * SDR's factors make it infinite or not a number (a logarithm of zero, 1/x of zero).
   */
  Double toUnits(int raw) {
    if (analogFormat == 3 || linearization > 0x0b) {
      return null;
    }
    int x = switch (analogFormat) {
      case 1 -> (raw & 0x80) != 0 ? -(~raw & 0x7f) : raw & 0x7f;
      case 2 -> (byte) raw;
      default -> raw & 0xff;
    };
    var y = BigDecimal.valueOf((long) m * x).add(BigDecimal.valueOf(b).scaleByPowerOfTen(bExponent))
        .scaleByPowerOfTen(resultExponent).doubleValue();
    double value = switch (linearization) {
      case 1 -> Math.log(y);
      case 2 -> Math.log10(y);
      case 3 -> Math.log(y) / Math.log(2);
      case 4 -> Math.exp(y);
      case 5 -> Math.pow(10, y);
      case 6 -> Math.pow(2, y);
      case 7 -> 1 / y;
      case 8 -> y * y;
      case 9 -> y * y * y;
      case 10 -> Math.sqrt(y);
      case 11 -> Math.cbrt(y);
      default -> y;
    };
    return Double.isFinite(value) ? value : null;
  }

  /** A signed value of the given bit width from its two's complement bits. */
  static int signed(int bits, int width) {
    return bits << (32 - width) >> (32 - width);
  }
}
