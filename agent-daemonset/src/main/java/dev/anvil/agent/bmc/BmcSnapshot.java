package dev.anvil.agent.bmc;

import java.util.List;
import java.util.Set;

/**
 * What one poll of a BMC saw. Fields the BMC does not report are null (or empty), never guessed.
 *
 * @param boot the boot override in effect, or null when the BMC does not say
 * @param sensors every sensor read, in the BMC's order (the operator picks the few the status keeps)
 * @param eventLog the event log summary, or null when the BMC has no log the client can read
 */
public record BmcSnapshot(PowerStatus power, Health health, BootSettings boot, Set<ResetAction> supportedActions,
    Inventory inventory, List<Sensor> sensors, EventLog eventLog) {

  public BmcSnapshot {
    supportedActions = Set.copyOf(supportedActions);
    sensors = List.copyOf(sensors);
  }

  /** Health rollup, as Redfish's {@code Status.Health}. */
  public enum Health {
    OK,
    Warning,
    Critical
  }

  /** What the server is: Redfish ComputerSystem and Manager, IPMI FRU and device id. Unknown fields are null. */
  public record Inventory(String manufacturer, String model, String serialNumber, String uuid, String biosVersion,
      String bmcFirmware, Integer cpus, Integer memoryGiB) {
  }

  /**
   * One sensor's reading in its units, with the thresholds the BMC reports (null when not).
   *
   * @param kind Temperature, Fan, Voltage, Power, Current or Other
   * @param units UCUM-style units as Redfish writes them: Cel, RPM, V, W, A, %
   */
  public record Sensor(String name, String kind, Double reading, String units, Health status, Double lowerCritical,
      Double upperCaution, Double upperCritical) {
  }

  /** The event log's size and newest entries, newest first. */
  public record EventLog(int entries, List<LogEntry> latest) {
    public EventLog {
      latest = List.copyOf(latest);
    }
  }

  /**
   * One event-log entry.
   *
   * @param created when the BMC recorded it, as the BMC's clock says (RFC 3339), or null
   */
  public record LogEntry(String id, String created, Health severity, String message) {
  }
}
