package dev.anvil.agent.bmc.redfish;

import com.fasterxml.jackson.databind.JsonNode;
import dev.anvil.agent.bmc.BmcException;
import dev.anvil.agent.bmc.BmcSnapshot.Sensor;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The sensors of the chassis a system lives in: each chassis' {@code Sensors} collection when it has a non-empty one
 * (one request when the service expands collections, else one per sensor), else its {@code Thermal} and
 * {@code Power} resources. Bounded, so a BMC with thousands of sensors cannot stall a poll.
 */
final class SensorReader {

  static final int MAX_SENSORS = 128;
  static final int MAX_CHASSIS = 4;

  private SensorReader() {
  }

  static List<Sensor> read(List<String> chassisPaths, ServiceRoot root, ResourceSource source) throws BmcException {
    var sensors = new ArrayList<Sensor>();
    for (var path : chassisPaths.subList(0, Math.min(chassisPaths.size(), MAX_CHASSIS))) {
      var chassis = source.optional(path);
      if (chassis.isEmpty()) {
        continue;
      }
      if (!readCollection(RedfishJson.link(chassis.get(), "Sensors"), root, source, sensors)) {
        source.optional(RedfishJson.link(chassis.get(), "Thermal")).ifPresent(t -> sensors.addAll(
            SensorParser.thermal(t)));
        source.optional(RedfishJson.link(chassis.get(), "Power")).ifPresent(p -> sensors.addAll(
            SensorParser.power(p)));
      }
    }
    return sensors.size() > MAX_SENSORS ? sensors.subList(0, MAX_SENSORS) : sensors;
  }

  /** Reads a Sensors collection into the list; false when there is none or it is empty. */
  private static boolean readCollection(String path, ServiceRoot root, ResourceSource source, List<Sensor> sensors)
      throws BmcException {
    if (path == null) {
      return false;
    }
    var collection = root.expand() ? source.optional(path + "?$expand=.($levels=1)") : source.optional(path);
    if (collection.isEmpty() && root.expand()) {
      collection = source.optional(path);
    }
    if (collection.isEmpty()) {
      return false;
    }
    var members = RedfishJson.members(collection.get());
    for (var member : members) {
      if (sensors.size() >= MAX_SENSORS) {
        break;
      }
      var sensor = isInline(member) ? Optional.of(member)
          : source.optional(RedfishJson.text(member, "@odata.id"));
      sensor.ifPresent(json -> sensors.add(SensorParser.sensor(json)));
    }
    return !members.isEmpty();
  }

  private static boolean isInline(JsonNode member) {
    return member.has("Reading") || member.has("ReadingType") || member.has("ReadingUnits");
  }
}
