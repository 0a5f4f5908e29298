package dev.anvil.agent.bmc.ipmi;

import java.util.Map;

/** Names sensor kinds and units as the BmcHost status does, from IPMI sensor types and unit codes. */
final class SensorUnits {

  private static final Map<Integer, String> KINDS = Map.of(0x01, "Temperature", 0x02, "Voltage", 0x03, "Current",
      0x04, "Fan");
  private static final Map<Integer, String> UNITS = Map.ofEntries(
      Map.entry(1, "Cel"), Map.entry(2, "[degF]"), Map.entry(3, "K"), Map.entry(4, "V"), Map.entry(5, "A"),
      Map.entry(6, "W"), Map.entry(7, "J"), Map.entry(18, "RPM"), Map.entry(19, "Hz"), Map.entry(20, "us"),
      Map.entry(21, "ms"), Map.entry(22, "s"), Map.entry(23, "min"), Map.entry(24, "h"), Map.entry(41, "m"),
      Map.entry(70, "B"), Map.entry(71, "KiBy"), Map.entry(72, "MiBy"), Map.entry(73, "GiBy"));
  private static final int WATTS = 6;

  private SensorUnits() {
  }

  /** Temperature, Voltage, Current, Fan, Power (any sensor in watts) or Other. */
  static String kind(SensorRecord sensor) {
    var kind = KINDS.get(sensor.sensorType());
    return kind != null ? kind : sensor.baseUnit() == WATTS ? "Power" : "Other";
  }

  /** The unit symbol, "%" for percentage sensors, or null for units this table does not name. */
  static String units(SensorRecord sensor) {
    return sensor.percentage() ? "%" : UNITS.get(sensor.baseUnit());
  }
}
