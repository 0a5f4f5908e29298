package dev.anvil.agent.bmc.redfish;

import com.fasterxml.jackson.databind.JsonNode;
import dev.anvil.agent.bmc.BmcSnapshot.Sensor;
import java.util.ArrayList;
import java.util.List;

/**
 * Sensor readings from the two shapes Redfish has had: the {@code Sensor} resource of a Chassis' {@code Sensors}
 * collection, and the older {@code Thermal} ({@code Temperatures}, {@code Fans}) and {@code Power}
 * ({@code Voltages}, {@code PowerControl}) resources.
 */
final class SensorParser {

  private SensorParser() {
  }

  /** One {@code Sensor} resource; its kind from {@code ReadingType}, else from its units. */
  static Sensor sensor(JsonNode json) {
    var thresholds = json.path("Thresholds");
    var units = RedfishJson.text(json, "ReadingUnits");
    return new Sensor(name(json), kind(RedfishJson.text(json, "ReadingType"), units, json.has("SpeedRPM")),
        RedfishJson.number(json, "Reading"), units, RedfishJson.health(json),
        RedfishJson.number(thresholds.path("LowerCritical"), "Reading"),
        RedfishJson.number(thresholds.path("UpperCaution"), "Reading"),
        RedfishJson.number(thresholds.path("UpperCritical"), "Reading"));
  }

  private static String kind(String readingType, String units, boolean hasFanSpeed) {
    if (readingType != null) {
      return switch (readingType) {
        case "Temperature", "Voltage", "Power", "Current" -> readingType;
        case "Rotational" -> "Fan";
        // the schema gives SpeedRPM only to fan sensors that read in percent
        case "Percent" -> hasFanSpeed ? "Fan" : "Other";
        default -> "Other";
      };
    }
    return switch (units == null ? "" : units) {
      case "Cel" -> "Temperature";
      case "RPM" -> "Fan";
      case "V" -> "Voltage";
      case "W" -> "Power";
      case "A" -> "Current";
      default -> "Other";
    };
  }

  /** The {@code Temperatures} and {@code Fans} of a {@code Thermal} resource. */
  static List<Sensor> thermal(JsonNode json) {
    var sensors = new ArrayList<Sensor>();
    for (var temperature : json.path("Temperatures")) {
      sensors.add(legacy(temperature, "Temperature", "ReadingCelsius", "Cel"));
    }
    for (var fan : json.path("Fans")) {
      var rpm = fan.has("ReadingRPM");
      var units = rpm ? "RPM" : RedfishJson.text(fan, "ReadingUnits");
      sensors.add(legacy(fan, "Fan", rpm ? "ReadingRPM" : "Reading",
          "Percent".equals(units) ? "%" : units == null ? "RPM" : units));
    }
    return sensors;
  }

  /** The {@code Voltages} and {@code PowerControl} of a {@code Power} resource. */
  static List<Sensor> power(JsonNode json) {
    var sensors = new ArrayList<Sensor>();
    for (var voltage : json.path("Voltages")) {
      sensors.add(legacy(voltage, "Voltage", "ReadingVolts", "V"));
    }
    for (var control : json.path("PowerControl")) {
      sensors.add(new Sensor(name(control), "Power", RedfishJson.number(control, "PowerConsumedWatts"), "W",
          RedfishJson.health(control), null, null, null));
    }
    return sensors;
  }

  private static Sensor legacy(JsonNode json, String kind, String readingProperty, String units) {
    return new Sensor(name(json), kind, RedfishJson.number(json, readingProperty), units, RedfishJson.health(json),
        RedfishJson.number(json, "LowerThresholdCritical"), RedfishJson.number(json, "UpperThresholdNonCritical"),
        RedfishJson.number(json, "UpperThresholdCritical"));
  }

  private static String name(JsonNode json) {
    var name = RedfishJson.text(json, "Name");
    if (name == null) {
      name = RedfishJson.text(json, "FanName");
    }
    if (name == null) {
      name = RedfishJson.text(json, "Id");
    }
    return name != null ? name : RedfishJson.text(json, "MemberId");
  }
}
