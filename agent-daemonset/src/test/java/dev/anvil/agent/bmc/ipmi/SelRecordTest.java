package dev.anvil.agent.bmc.ipmi;

import static org.assertj.core.api.Assertions.assertThat;

import dev.anvil.agent.bmc.BmcSnapshot.Health;
import dev.anvil.agent.bmc.BmcSnapshot.LogEntry;
import java.util.HexFormat;
import java.util.function.IntFunction;
import org.junit.jupiter.api.Test;

/** SEL records written out from IPMI 2.0 table 32-1. */
class SelRecordTest {

  private static final IntFunction<String> NAMES = number -> number == 3 ? "CPU Temp" : null;

  private static LogEntry entry(String hex) {
    return SelRecord.toEntry(HexFormat.of().parseHex(hex), NAMES);
  }

  @Test
  void thresholdEventsAreNamedAndRatedBySeverity() {
    // id 0102h, system event, 2024-01-01T00:00:00Z = 65920080h, from the BMC (20h), EvM 04, temperature sensor 3,
    // threshold event asserted, offset 9 (upper critical going high) with trigger reading and threshold
    assertThat(entry("0201" + "02" + "80009265" + "2000" + "04" + "01" + "03" + "01" + "595655")).isEqualTo(
        new LogEntry("258", "2024-01-01T00:00:00Z", Health.Critical, "CPU Temp: Upper Critical going high (asserted)"));
    assertThat(entry("0301" + "02" + "80009265" + "2000" + "04" + "01" + "03" + "01" + "575655").severity())
        .as("upper non-critical going high, asserted").isEqualTo(Health.Warning);
  }

  @Test
  void deassertionsAreOkAndPreInitTimestampsUnknown() {
    assertThat(entry("0400" + "02" + "00100000" + "2000" + "04" + "01" + "03" + "81" + "595655")).isEqualTo(
        new LogEntry("4", null, Health.OK, "CPU Temp: Upper Critical going high (deasserted)"));
  }

  @Test
  void sensorsWithoutAnSdrNameAreNamedByTypeAndNumber() {
    assertThat(entry("0500" + "02" + "80009265" + "2000" + "04" + "08" + "10" + "6f" + "01ffff").message())
        .isEqualTo("Power Supply #0x10: event type 0x6f offset 1 (asserted)");
    assertThat(entry("0600" + "02" + "80009265" + "3300" + "04" + "01" + "03" + "01" + "595655").message())
        .as("sensor 3 of another generator is not the BMC's CPU Temp")
        .isEqualTo("Temperature #0x03: Upper Critical going high (asserted)");
  }

  @Test
  void oemRecordsAreShownByType() {
    assertThat(entry("0700" + "e0" + "00".repeat(13)))
        .isEqualTo(new LogEntry("7", null, Health.OK, "OEM record type 0xE0"));
    assertThat(entry("0800" + "c1" + "80009265" + "00".repeat(9)).created()).isEqualTo("2024-01-01T00:00:00Z");
  }
}
