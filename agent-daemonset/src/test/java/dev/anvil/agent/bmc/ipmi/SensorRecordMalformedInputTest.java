package dev.anvil.agent.bmc.ipmi;

import static org.assertj.core.api.Assertions.assertThat;

import dev.anvil.agent.bmc.BmcException.Kind;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * Sensor Data Records of every type, cut, changed or junk, parse as a sensor or as no sensor, and what they convert
 * to is a finite number or nothing: a non-finite reading must never reach a BmcHost status.
 */
class SensorRecordMalformedInputTest {

  @Test
  void everyRecordTypeCutChangedOrJunk() {
    for (var sample : SdrSamples.ALL) {
      MalformedBytes.assertEachDecodesOrFails(MalformedBytes.variants(sample, 2000), Set.of(Kind.PROTOCOL), sdr -> {
        var record = SensorRecord.parse(sdr);
        if (record != null) {
          assertThat(record.name()).isNotNull();
          for (int raw = 0; raw < 256; raw++) {
            var value = record.converter().toUnits(raw);
            assertThat(value == null || Double.isFinite(value)).as("raw %d converts to %s", raw, value).isTrue();
          }
        }
        return record;
      });
    }
  }
}
