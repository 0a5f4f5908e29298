package dev.anvil.agent.bmc.ipmi;

import static dev.anvil.agent.bmc.ipmi.MalformedBytes.PROTOCOL_OR_REFUSED;
import static dev.anvil.agent.bmc.ipmi.MalformedBytes.assertEachDecodesOrFails;
import static org.assertj.core.api.Assertions.assertThat;

import dev.anvil.agent.bmc.BmcSnapshot.Sensor;
import java.util.HexFormat;
import java.util.List;
import java.util.Objects;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** Get Sensor Reading and Get Sensor Thresholds answers cut, changed or junk give a finite sensor or fail readably. */
@Timeout(60)
class SensorReaderMalformedInputTest {

  private static final int GARBAGE = 2000;
  private static final ScriptedBmc BMC = ScriptedBmc.start();
  /** Completion code, thresholds mask (all six readable), LNC, LC, LNR, UNC, UC, UNR. */
  private static final byte[] THRESHOLDS = HexFormat.of().parseHex("00" + "3f" + "0a0500465a50");
  /** Completion code, reading 28, scanning, UNC and UC crossed. */
  private static final byte[] READING = HexFormat.of().parseHex("00" + "1c" + "40" + "18" + "80");

  @AfterAll
  static void stop() {
    BMC.close();
  }

  @Test
  void thresholds() {
    assertEachDecodesOrFails(MalformedBytes.answers(THRESHOLDS, GARBAGE), PROTOCOL_OR_REFUSED, answer -> {
      BMC.script((netFn, command, data) -> answer);
      var described = SensorReader.describe(BMC.session(), List.of(SdrSamples.FULL)).get(0);
      assertFinite(Stream.of(described.lowerCritical(), described.upperCaution(), described.upperCritical()));
      return described;
    });
  }

  @Test
  void readings() throws Exception {
    BMC.script((netFn, command, data) -> THRESHOLDS);
    var sensor = SensorReader.describe(BMC.session(), List.of(SdrSamples.FULL)).get(0);
    assertEachDecodesOrFails(MalformedBytes.answers(READING, GARBAGE), PROTOCOL_OR_REFUSED, answer -> {
      BMC.script((netFn, command, data) -> answer);
      Sensor read = SensorReader.read(BMC.session(), sensor);
      assertFinite(Stream.of(read.reading()));
      return read;
    });
  }

  private static void assertFinite(Stream<Double> values) {
    assertThat(values.filter(Objects::nonNull)).allMatch(Double::isFinite);
  }
}
