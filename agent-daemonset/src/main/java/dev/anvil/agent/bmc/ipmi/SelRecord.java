package dev.anvil.agent.bmc.ipmi;

import dev.anvil.agent.bmc.BmcSnapshot.Health;
import dev.anvil.agent.bmc.BmcSnapshot.LogEntry;
import java.time.Instant;
import java.util.List;
import java.util.function.IntFunction;

/** Turns one 16-byte System Event Log record (IPMI 2.0 table 32-1) into a named and rated log entry. */
final class SelRecord {

  static final int LENGTH = 16;
  /** Timestamps at or below this count seconds since the BMC started, not since 1970 (IPMI 2.0 section 37). */
  private static final long LAST_PRE_INIT_TIMESTAMP = 0x20000000L;
  private static final int SYSTEM_EVENT = 0x02;
  private static final int THRESHOLD = 0x01;
  private static final List<String> THRESHOLD_EVENTS = List.of(
      "Lower Non-critical going low", "Lower Non-critical going high", "Lower Critical going low",
      "Lower Critical going high", "Lower Non-recoverable going low", "Lower Non-recoverable going high",
      "Upper Non-critical going low", "Upper Non-critical going high", "Upper Critical going low",
      "Upper Critical going high", "Upper Non-recoverable going low", "Upper Non-recoverable going high");
  private static final List<String> SENSOR_TYPES = List.of("Reserved", "Temperature", "Voltage", "Current", "Fan",
      "Physical Security", "Platform Security", "Processor", "Power Supply", "Power Unit", "Cooling Device",
      "Other Units-based Sensor", "Memory", "Drive Slot", "POST Memory Resize", "System Firmware Progress",
      "Event Logging Disabled", "Watchdog 1", "System Event", "Critical Interrupt", "Button / Switch",
      "Module / Board", "Microcontroller / Coprocessor", "Add-in Card", "Chassis", "Chip Set", "Other FRU",
      "Cable / Interconnect", "Terminator", "System Boot / Restart Initiated", "Boot Error",
      "Base OS Boot / Installation Status", "OS Stop / Shutdown", "Slot / Connector", "System ACPI Power State",
      "Watchdog 2", "Platform Alert", "Entity Presence", "Monitor ASIC / IC", "LAN", "Management Subsystem Health",
      "Battery", "Session Audit", "Version Change", "FRU State");

  private SelRecord() {
  }

  /** The record id (bytes 1-2). */
  static int id(byte[] record) {
    return (record[0] & 0xff) | (record[1] & 0xff) << 8;
  }

  /**
   * The entry for a record; sensorNames gives the SDR name of a BMC sensor number, or null. Threshold events are
   * named and rated (non-critical: Warning, critical or non-recoverable: Critical, deassertions: OK); other events
   * are named by sensor type and offset and rated OK, as their severity is sensor-specific.
   */
  static LogEntry toEntry(byte[] record, IntFunction<String> sensorNames) {
    var id = Integer.toString(id(record));
    int type = record[2] & 0xff;
    if (type >= 0xe0) {
      return new LogEntry(id, null, Health.OK, String.format("OEM record type 0x%02X", type));
    }
    long timestamp = (record[3] & 0xff) | (record[4] & 0xff) << 8 | (record[5] & 0xff) << 16
        | (record[6] & 0xffL) << 24;
    var created = timestamp <= LAST_PRE_INIT_TIMESTAMP ? null : Instant.ofEpochSecond(timestamp).toString();
    if (type != SYSTEM_EVENT) {
      return new LogEntry(id, created, Health.OK, String.format("OEM record type 0x%02X", type));
    }
    int sensorType = record[10] & 0xff;
    int sensorNumber = record[11] & 0xff;
    boolean deasserted = (record[12] & 0x80) != 0;
    int eventType = record[12] & 0x7f;
    int offset = record[13] & 0x0f;
    var sensorName = (record[7] & 0xff) == IpmiMessage.BMC_ADDRESS ? sensorNames.apply(sensorNumber) : null;
    var sensor = sensorName != null ? sensorName : String.format("%s #0x%02x",
        sensorType < SENSOR_TYPES.size() ? SENSOR_TYPES.get(sensorType) : "Sensor type 0x" + Integer.toHexString(
            sensorType), sensorNumber);
    String event;
    Health severity = Health.OK;
    if (eventType == THRESHOLD && offset < THRESHOLD_EVENTS.size()) {
      event = THRESHOLD_EVENTS.get(offset);
      if (!deasserted) {
        severity = offset == 0 || offset == 1 || offset == 6 || offset == 7 ? Health.Warning : Health.Critical;
      }
    } else {
      event = String.format("event type 0x%02x offset %d", eventType, offset);
    }
    return new LogEntry(id, created, severity, sensor + ": " + event + (deasserted ? " (deasserted)" : " (asserted)"));
  }
}
