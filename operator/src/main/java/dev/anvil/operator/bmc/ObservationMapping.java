package dev.anvil.operator.bmc;

import dev.anvil.crds.v1alpha1.BmcEventLog;
import dev.anvil.crds.v1alpha1.BmcHostStatus;
import dev.anvil.crds.v1alpha1.BmcInventory;
import dev.anvil.crds.v1alpha1.BmcLogEntry;
import dev.anvil.crds.v1alpha1.BootOverride;
import dev.anvil.crds.v1alpha1.BootTarget;
import dev.anvil.crds.v1alpha1.Health;
import dev.anvil.crds.v1alpha1.PowerAction;
import dev.anvil.crds.v1alpha1.PowerState;
import dev.anvil.crds.v1alpha1.SensorReading;
import dev.anvil.protocol.agent.v1.BmcBootOverride;
import dev.anvil.protocol.agent.v1.BmcObservation;
import dev.anvil.protocol.agent.v1.BmcSensor;
import java.util.Comparator;
import java.util.List;
import java.util.Objects;

/**
 * Copies what a successful poll saw into a BmcHost's status. Values the agent sends as strings are read tolerantly:
 * one this operator does not know becomes Unknown (power) or is left out, never an error.
 */
final class ObservationMapping {

  private static final int MAX_MESSAGE = 256;

  private ObservationMapping() {
  }

  static void apply(BmcObservation seen, BmcHostStatus status) {
    status.setProtocol(emptyToNull(seen.getProtocol()));
    status.setPowerState(enumOr(PowerState.class, seen.getPowerState(), PowerState.Unknown));
    status.setHealth(enumOr(Health.class, seen.getHealth(), null));
    status.setBootOverride(seen.hasBootOverride() ? bootOverride(seen.getBootOverride()) : null);
    var actions = seen.getSupportedActionsList().stream().map(a -> enumOr(PowerAction.class, a, null))
        .filter(Objects::nonNull).distinct().sorted().toList();
    status.setSupportedActions(actions.isEmpty() ? null : actions);
    status.setInventory(seen.hasInventory() ? inventory(seen) : null);
    status.setSensors(sensors(seen.getSensorsList()));
    status.setEventLog(seen.hasEventLog() ? eventLog(seen) : null);
  }

  /** The boot override as the CRD names it, or null when the target is not one the CRD knows. */
  static BootOverride bootOverride(BmcBootOverride boot) {
    var target = enumOr(BootTarget.class, boot.getTarget(), null);
    if (target == null) {
      return null;
    }
    var override = new BootOverride();
    override.setTarget(target);
    override.setEnabled(enumOr(BootOverride.Enabled.class, boot.getEnabled(), null));
    override.setMode(enumOr(BootOverride.Mode.class, boot.getMode(), null));
    return override;
  }

  private static BmcInventory inventory(BmcObservation seen) {
    var in = seen.getInventory();
    var inventory = new BmcInventory();
    inventory.setManufacturer(emptyToNull(in.getManufacturer()));
    inventory.setModel(emptyToNull(in.getModel()));
    inventory.setSerialNumber(emptyToNull(in.getSerialNumber()));
    inventory.setUuid(emptyToNull(in.getUuid()));
    inventory.setBiosVersion(emptyToNull(in.getBiosVersion()));
    inventory.setBmcFirmware(emptyToNull(in.getBmcFirmware()));
    inventory.setCpus(in.hasCpus() ? in.getCpus() : null);
    inventory.setMemoryGiB(in.hasMemoryGib() ? in.getMemoryGib() : null);
    return inventory;
  }

  /** At most MAX_SENSORS, the ones in trouble first (Critical, then Warning), else in the BMC's order. */
  private static List<SensorReading> sensors(List<BmcSensor> sensors) {
    return sensors.stream().map(ObservationMapping::sensor)
        .sorted(Comparator.comparingInt(ObservationMapping::trouble))
        .limit(BmcHostStatus.MAX_SENSORS)
        .toList();
  }

  private static int trouble(SensorReading sensor) {
    return sensor.getStatus() == Health.Critical ? 0 : sensor.getStatus() == Health.Warning ? 1 : 2;
  }

  private static SensorReading sensor(BmcSensor in) {
    var sensor = new SensorReading(in.getName(), in.hasReading() ? in.getReading() : null,
        emptyToNull(in.getUnits()), enumOr(Health.class, in.getStatus(), null));
    sensor.setKind(emptyToNull(in.getKind()));
    sensor.setLowerCritical(in.hasLowerCritical() ? in.getLowerCritical() : null);
    sensor.setUpperCaution(in.hasUpperCaution() ? in.getUpperCaution() : null);
    sensor.setUpperCritical(in.hasUpperCritical() ? in.getUpperCritical() : null);
    return sensor;
  }

  private static BmcEventLog eventLog(BmcObservation seen) {
    var log = new BmcEventLog();
    log.setEntries(seen.getEventLog().getEntries());
    log.setLatest(seen.getEventLog().getLatestList().stream().limit(BmcEventLog.MAX_LATEST).map(in -> {
      var entry = new BmcLogEntry();
      entry.setId(emptyToNull(in.getId()));
      entry.setCreated(emptyToNull(in.getCreated()));
      entry.setSeverity(enumOr(Health.class, in.getSeverity(), null));
      var message = in.getMessage();
      entry.setMessage(message.length() > MAX_MESSAGE ? message.substring(0, MAX_MESSAGE) : emptyToNull(message));
      return entry;
    }).toList());
    return log;
  }

  static <E extends Enum<E>> E enumOr(Class<E> type, String name, E fallback) {
    if (name == null || name.isEmpty()) {
      return fallback;
    }
    for (var constant : type.getEnumConstants()) {
      if (constant.name().equals(name)) {
        return constant;
      }
    }
    return fallback;
  }

  private static String emptyToNull(String value) {
    return value == null || value.isEmpty() ? null : value;
  }
}
