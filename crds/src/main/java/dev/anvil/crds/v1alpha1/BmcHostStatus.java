package dev.anvil.crds.v1alpha1;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Size;
import java.util.ArrayList;
import java.util.List;

/** Observed state of a BMC and its server, written only by the operator and only when something changed. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public class BmcHostStatus extends ObservedStatus {

  /** True while the serving agent reaches the BMC. */
  public static final String REACHABLE = "Reachable";
  /** True once the BMC accepted the credentials; False on a rejected login (then logins back off to spare lockouts). */
  public static final String CREDENTIALS_VALID = "CredentialsValid";
  /** True when the observed power state and boot override match the spec (or the spec asks for none). */
  public static final String POWER_SYNCED = "PowerSynced";
  /** True when Reachable, CredentialsValid and PowerSynced all are. */
  public static final String READY = "Ready";

  /** Most sensors kept in `sensors`. */
  public static final int MAX_SENSORS = 64;
  /** Most annotation requests kept in `requests`. */
  public static final int MAX_REQUESTS = 8;

  @JsonPropertyDescription("Protocol in use, from the address: Redfish or IPMI.")
  private String protocol;

  @JsonPropertyDescription("Observed power state: On, Off, PoweringOn, PoweringOff, Paused or Unknown.")
  private PowerState powerState;

  @JsonPropertyDescription("Health rollup of the server: OK, Warning or Critical.")
  private Health health;

  @JsonPropertyDescription("Boot override currently set on the BMC, if any.")
  private BootOverride bootOverride;

  @JsonPropertyDescription("Power actions the BMC accepts (Redfish ResetType allowable values; fixed set for IPMI).")
  private List<PowerAction> supportedActions;

  @JsonPropertyDescription("Vendor, model, serial, firmware, CPUs and memory.")
  private BmcInventory inventory;

  @JsonPropertyDescription("Latest readings of the most relevant sensors (those not OK first), at most 64.")
  @Size(max = MAX_SENSORS)
  private List<SensorReading> sensors = new ArrayList<>();

  @JsonPropertyDescription("Event log size and newest entries.")
  private BmcEventLog eventLog;

  @JsonPropertyDescription("Name of the agent serving the host (reaching the BMC for the operator).")
  private String agent;

  @JsonPropertyDescription("The last power or boot action and how it ended.")
  private BmcActionRecord lastAction;

  @JsonPropertyDescription("When the agent last polled the BMC successfully (RFC 3339); refreshed at most once a "
      + "minute, so that polling does not rewrite the object.")
  private String lastPollTime;

  @JsonPropertyDescription("The anvil.dev/power-action annotation value last carried out (or refused): the operator "
      + "acts on the annotation whenever its value differs from this, so each value runs exactly once.")
  private String lastPowerRequest;

  @JsonPropertyDescription("The anvil.dev/boot-override annotation value last carried out (or refused); each value "
      + "runs exactly once, as for lastPowerRequest.")
  private String lastBootRequest;

  @JsonPropertyDescription("The latest actions asked for by annotation (power-action or boot-override), newest first, "
      + "at most 8, each with the annotation value it carries out; lastAction may meanwhile show a later action. A "
      + "value listed here is not carried out again.")
  @Size(max = MAX_REQUESTS)
  private List<BmcActionRecord> requests;

  @JsonPropertyDescription("Fingerprint of the spec.bootOverride last applied to the BMC: a Once override is applied "
      + "again only when spec.bootOverride changes.")
  private String bootOverrideApplied;

  public String getProtocol() {
    return protocol;
  }

  public void setProtocol(String protocol) {
    this.protocol = protocol;
  }

  public PowerState getPowerState() {
    return powerState;
  }

  public void setPowerState(PowerState powerState) {
    this.powerState = powerState;
  }

  public Health getHealth() {
    return health;
  }

  public void setHealth(Health health) {
    this.health = health;
  }

  public BootOverride getBootOverride() {
    return bootOverride;
  }

  public void setBootOverride(BootOverride bootOverride) {
    this.bootOverride = bootOverride;
  }

  public List<PowerAction> getSupportedActions() {
    return supportedActions;
  }

  public void setSupportedActions(List<PowerAction> supportedActions) {
    this.supportedActions = supportedActions;
  }

  public BmcInventory getInventory() {
    return inventory;
  }

  public void setInventory(BmcInventory inventory) {
    this.inventory = inventory;
  }

  public List<SensorReading> getSensors() {
    return sensors;
  }

  public void setSensors(List<SensorReading> sensors) {
    this.sensors = sensors;
  }

  public BmcEventLog getEventLog() {
    return eventLog;
  }

  public void setEventLog(BmcEventLog eventLog) {
    this.eventLog = eventLog;
  }

  public String getAgent() {
    return agent;
  }

  public void setAgent(String agent) {
    this.agent = agent;
  }

  public BmcActionRecord getLastAction() {
    return lastAction;
  }

  public void setLastAction(BmcActionRecord lastAction) {
    this.lastAction = lastAction;
  }

  public String getLastPollTime() {
    return lastPollTime;
  }

  public void setLastPollTime(String lastPollTime) {
    this.lastPollTime = lastPollTime;
  }

  public String getLastPowerRequest() {
    return lastPowerRequest;
  }

  public void setLastPowerRequest(String lastPowerRequest) {
    this.lastPowerRequest = lastPowerRequest;
  }

  public String getBootOverrideApplied() {
    return bootOverrideApplied;
  }

  public void setBootOverrideApplied(String bootOverrideApplied) {
    this.bootOverrideApplied = bootOverrideApplied;
  }

  public String getLastBootRequest() {
    return lastBootRequest;
  }

  public void setLastBootRequest(String lastBootRequest) {
    this.lastBootRequest = lastBootRequest;
  }

  public List<BmcActionRecord> getRequests() {
    return requests;
  }

  public void setRequests(List<BmcActionRecord> requests) {
    this.requests = requests;
  }
}
