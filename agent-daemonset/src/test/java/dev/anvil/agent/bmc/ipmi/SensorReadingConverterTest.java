package dev.anvil.agent.bmc.ipmi;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import org.junit.jupiter.api.Test;

/** y = L[(M x + B 10^K1) 10^K2] (IPMI 2.0 section 36.3), worked by hand for each case. */
class SensorReadingConverterTest {

  private static SensorReadingConverter linear(int m, int b, int bExp, int rExp, int format) {
    return new SensorReadingConverter(m, b, bExp, rExp, format, 0);
  }

  @Test
  void unsignedReadingsScaleByMAndOffsetByBTimesItsExponent() {
    assertThat(linear(1, 0, 0, 0, 0).toUnits(0x19)).isEqualTo(25.0);
    assertThat(linear(50, 0, 0, 0, 0).toUnits(0x60)).isEqualTo(4800.0);
    // (6 x 192 + 5 x 10^1) x 10^-2 = (1152 + 50) / 100
    assertThat(linear(6, 5, 1, -2, 0).toUnits(0xc0)).isEqualTo(12.02);
    // negative M and B: (-2 x 10 + -3 x 10^0) x 10^1 = -230
    assertThat(linear(-2, -3, 0, 1, 0).toUnits(10)).isEqualTo(-230.0);
  }

  @Test
  void signedFormatsReadTheRawByteAsOnesOrTwosComplement() {
    assertThat(linear(1, 0, 0, 0, 2).toUnits(0xf6)).isEqualTo(-10.0);
    assertThat(linear(1, 0, 0, 0, 1).toUnits(0xf5)).isEqualTo(-10.0);
    assertThat(linear(1, 0, 0, 0, 1).toUnits(0xff)).as("one's complement negative zero").isEqualTo(0.0);
    assertThat(linear(1, 0, 0, 0, 2).toUnits(0x7f)).isEqualTo(127.0);
    assertThat(linear(1, 0, 0, 0, 0).toUnits(0xff)).isEqualTo(255.0);
  }

  @Test
  void linearisationFunctionsApplyToTheLinearValue() {
    assertThat(new SensorReadingConverter(1, 0, 0, 0, 0, 7).toUnits(4)).as("1/x").isEqualTo(0.25);
    assertThat(new SensorReadingConverter(1, 0, 0, 0, 0, 8).toUnits(4)).as("sqr").isEqualTo(16.0);
    assertThat(new SensorReadingConverter(1, 0, 0, 0, 0, 2).toUnits(100)).as("log10").isEqualTo(2.0);
    assertThat(new SensorReadingConverter(1, 0, 0, 0, 0, 6).toUnits(10)).as("exp2").isEqualTo(1024.0);
    assertThat(new SensorReadingConverter(1, 0, 0, 0, 0, 11).toUnits(27)).as("cube root")
        .isCloseTo(3.0, within(1e-12));
  }

  @Test
  void nonLinearSensorsAndSensorsWithoutAnalogReadingGiveNull() {
    assertThat(new SensorReadingConverter(1, 0, 0, 0, 0, 0x70).toUnits(10)).isNull();
    assertThat(new SensorReadingConverter(1, 0, 0, 0, 3, 0).toUnits(10)).isNull();
  }

  @Test
  void tenBitFactorsAreTwosComplement() {
    assertThat(SensorReadingConverter.signed(0x3fe, 10)).isEqualTo(-2);
    assertThat(SensorReadingConverter.signed(0x1ff, 10)).isEqualTo(511);
    assertThat(SensorReadingConverter.signed(0xe, 4)).isEqualTo(-2);
  }
}
