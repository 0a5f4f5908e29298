package dev.anvil.agent.bmc;

import com.google.protobuf.Timestamp;
import dev.anvil.protocol.agent.v1.BmcBootOverride;
import dev.anvil.protocol.agent.v1.BmcEventLogSummary;
import dev.anvil.protocol.agent.v1.BmcInventory;
import dev.anvil.protocol.agent.v1.BmcLogEntry;
import dev.anvil.protocol.agent.v1.BmcObservation;
import dev.anvil.protocol.agent.v1.BmcSensor;
import java.time.Instant;
import java.util.Comparator;
import java.util.Objects;
import java.util.function.Consumer;

/** Turns what a poll saw (a {@link BmcSnapshot} or a {@link BmcException}) into the BmcObservation to report. */
final class ObservationMapper {

  /** Event-log entries an observation carries at most, newest first. */
  static final int MAX_LOG_ENTRIES = 5;
  /** Characters of one event-log message at most. */
  static final int MAX_MESSAGE = 256;

  private ObservationMapper() {
  }

  /** A successful poll: every value the snapshot has, unknown ones left empty. */
  static BmcObservation observed(HostSettings settings, BmcProtocol protocol, BmcSnapshot snapshot, Instant time) {
    var observation = start(settings, time).setProtocol(protocol.name());
    set(snapshot.power(), p -> observation.setPowerState(p.name()));
    set(snapshot.health(), h -> observation.setHealth(h.name()));
    set(snapshot.boot(), b -> observation.setBootOverride(boot(b)));
    // sorted, so the same set always reads the same and change detection is not fooled by set order
    snapshot.supportedActions().stream().sorted(Comparator.naturalOrder())
        .forEach(a -> observation.addSupportedActions(a.name()));
    set(snapshot.inventory(), i -> observation.setInventory(inventory(i)));
    snapshot.sensors().forEach(s -> observation.addSensors(sensor(s)));
    set(snapshot.eventLog(), l -> observation.setEventLog(eventLog(l)));
    return observation.build();
  }

  /** A failed poll: why, and nothing else. */
  static BmcObservation failed(HostSettings settings, BmcException failure, Instant time) {
    return start(settings, time).setErrorKind(failure.kind().name())
        .setErrorMessage(Objects.toString(failure.getMessage(), "")).build();
  }

  /** A proto timestamp of {@code time}. */
  static Timestamp timestamp(Instant time) {
    return Timestamp.newBuilder().setSeconds(time.getEpochSecond()).setNanos(time.getNano()).build();
  }

  private static BmcObservation.Builder start(HostSettings settings, Instant time) {
    return BmcObservation.newBuilder().setHostUid(settings.hostUid()).setConfigVersion(settings.configVersion())
        .setObservedTime(timestamp(time));
  }

  private static BmcBootOverride boot(BootSettings boot) {
    var proto = BmcBootOverride.newBuilder().setTarget(boot.target().name()).setEnabled(boot.persistence().name());
    set(boot.mode(), m -> proto.setMode(m.name()));
    return proto.build();
  }

  private static BmcInventory inventory(BmcSnapshot.Inventory inventory) {
    var proto = BmcInventory.newBuilder();
    set(inventory.manufacturer(), proto::setManufacturer);
    set(inventory.model(), proto::setModel);
    set(inventory.serialNumber(), proto::setSerialNumber);
    set(inventory.uuid(), proto::setUuid);
    set(inventory.biosVersion(), proto::setBiosVersion);
    set(inventory.bmcFirmware(), proto::setBmcFirmware);
    set(inventory.cpus(), proto::setCpus);
    set(inventory.memoryGiB(), proto::setMemoryGib);
    return proto.build();
  }

  private static BmcSensor sensor(BmcSnapshot.Sensor sensor) {
    var proto = BmcSensor.newBuilder();
    set(sensor.name(), proto::setName);
    set(sensor.kind(), proto::setKind);
    set(sensor.reading(), proto::setReading);
    set(sensor.units(), proto::setUnits);
    set(sensor.status(), s -> proto.setStatus(s.name()));
    set(sensor.lowerCritical(), proto::setLowerCritical);
    set(sensor.upperCaution(), proto::setUpperCaution);
    set(sensor.upperCritical(), proto::setUpperCritical);
    return proto.build();
  }

  private static BmcEventLogSummary eventLog(BmcSnapshot.EventLog log) {
    var proto = BmcEventLogSummary.newBuilder().setEntries(log.entries());
    for (var entry : log.latest().subList(0, Math.min(MAX_LOG_ENTRIES, log.latest().size()))) {
      var line = BmcLogEntry.newBuilder();
      set(entry.id(), line::setId);
      set(entry.created(), line::setCreated);
      set(entry.severity(), s -> line.setSeverity(s.name()));
      set(entry.message(), m -> line.setMessage(m.length() > MAX_MESSAGE ? m.substring(0, MAX_MESSAGE) : m));
      proto.addLatest(line);
    }
    return proto.build();
  }

  /** Sets a value the BMC reported; a null (unknown) one stays unset. */
  private static <T> void set(T value, Consumer<T> setter) {
    if (value != null) {
      setter.accept(value);
    }
  }
}
