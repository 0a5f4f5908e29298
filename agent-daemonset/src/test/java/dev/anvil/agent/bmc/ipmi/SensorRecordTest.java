package dev.anvil.agent.bmc.ipmi;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.HexFormat;
import org.junit.jupiter.api.Test;

/** A Full Sensor Record written out byte by byte from IPMI 2.0 table 43-1. */
class SensorRecordTest {

  private static final byte[] FULL = HexFormat.of().parseHex(String.join("",
      "0400", "51", "01", "34", // record id 4, SDR version 1.5, full sensor record, 52 bytes follow
      "20", "01", "30", // owner 20h, LUN 1, sensor 30h
      "03", "01", "7f", "0c", // entity processor 1, init, capabilities: thresholds fixed (bits 3:2 = 11b)
      "01", "01", // temperature, threshold event/reading type
      "0000", "0000", "12", "00", // masks: LC (bit 1) and UC (bit 4) readable
      "80", "01", "00", "00", // units 1: two's complement; degrees C; no modifier; linear
      "fe", "c5", // M = 3FEh = -2 (10-bit two's complement), tolerance 5
      "2c", "40", "00", // B = 12Ch = 300, accuracy 0
      "f2", // R exponent -1, B exponent 2
      "00", "00", "00", "00", "ff", "00", // flags, nominal, normal max/min, sensor max/min
      "10", "20", "30", "40", "50", "60", // UNR, UC, UNC, LNR, LC, LNC
      "00", "00", "0000", "00", // hysteresis, reserved, OEM
      "c9", "43505531205465" + "6d70")); // 8-bit ASCII, 9 characters: "CPU1 Temp"

  @Test
  void fullRecordGivesSensorConversionThresholdsAndName() {
    var sensor = SensorRecord.parse(FULL);

    assertThat(sensor.ownerId()).isEqualTo(0x20);
    assertThat(sensor.lun()).isEqualTo(1);
    assertThat(sensor.sensorNumber()).isEqualTo(0x30);
    assertThat(sensor.sensorType()).isEqualTo(1);
    assertThat(sensor.thresholdAccess()).isEqualTo(3);
    assertThat(sensor.readableThresholds()).isEqualTo(0x12);
    assertThat(sensor.baseUnit()).isEqualTo(1);
    assertThat(sensor.converter()).isEqualTo(new SensorReadingConverter(-2, 300, 2, -1, 2, 0));
    assertThat(sensor.sdrThresholds()).containsExactly(0x60, 0x50, 0x40, 0x30, 0x20, 0x10);
    assertThat(sensor.name()).isEqualTo("CPU1 Temp");
    // (-2 x 5 + 300 x 10^2) x 10^-1
    assertThat(sensor.converter().toUnits(5)).isEqualTo(2999.0);
  }

  @Test
  void otherRecordTypesAreNotSensorsToConvert() {
    var compact = FULL.clone();
    compact[3] = 0x02;
    assertThat(SensorRecord.parse(compact)).isNull();
    assertThat(SensorRecord.parse(new byte[] {4, 0, 0x51, 0x01, 0})).isNull();
  }
}
