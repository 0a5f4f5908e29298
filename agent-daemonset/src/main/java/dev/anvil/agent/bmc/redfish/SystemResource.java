package dev.anvil.agent.bmc.redfish;

import com.fasterxml.jackson.databind.JsonNode;
import dev.anvil.agent.bmc.BmcSnapshot.Health;
import dev.anvil.agent.bmc.BootSettings;
import dev.anvil.agent.bmc.BootSettings.Mode;
import dev.anvil.agent.bmc.BootSettings.Persistence;
import dev.anvil.agent.bmc.BootSettings.Target;
import dev.anvil.agent.bmc.PowerStatus;
import java.util.List;

/** A ComputerSystem resource read tolerantly: power, health, boot override, its reset action and its links. */
final class SystemResource {

  private static final String RESET = "#ComputerSystem.Reset";

  private final String path;
  private final JsonNode json;

  SystemResource(String path, JsonNode json) {
    this.path = path;
    this.json = json;
  }

  String path() {
    return path;
  }

  JsonNode json() {
    return json;
  }

  /** {@code PowerState}; {@link PowerStatus#Unknown} when missing or a value this client does not know. */
  PowerStatus power() {
    var power = RedfishJson.enumValue(PowerStatus.class, RedfishJson.text(json, "PowerState"));
    return power == null ? PowerStatus.Unknown : power;
  }

  /** {@code Status.HealthRollup}, else {@code Status.Health}. */
  Health health() {
    var rollup = RedfishJson.enumValue(Health.class, RedfishJson.text(json.path("Status"), "HealthRollup"));
    return rollup != null ? rollup : RedfishJson.health(json);
  }

  /**
   * The boot override in effect; null when the BMC does not say, or names a target this client has no value for
   * while the override is active (an inactive one reads as {@code None/Disabled}).
   */
  BootSettings boot() {
    var boot = json.path("Boot");
    var persistence = RedfishJson.enumValue(Persistence.class, RedfishJson.text(boot, "BootSourceOverrideEnabled"));
    if (persistence == null) {
      return null;
    }
    var mode = RedfishJson.enumValue(Mode.class, RedfishJson.text(boot, "BootSourceOverrideMode"));
    var target = RedfishJson.enumValue(Target.class, RedfishJson.text(boot, "BootSourceOverrideTarget"));
    if (persistence == Persistence.Disabled) {
      return new BootSettings(target == null ? Target.None : target, persistence, mode);
    }
    return target == null ? null : new BootSettings(target, persistence, mode);
  }

  /** A {@code Boot} property's {@code @Redfish.AllowableValues}, or null when the BMC does not advertise them. */
  List<String> bootAllowable(String property) {
    return RedfishJson.strings(json.path("Boot"), property + "@Redfish.AllowableValues");
  }

  boolean hasResetAction() {
    return json.path("Actions").path(RESET).isObject();
  }

  /** Where to POST a reset: the action's {@code target}, else the standard path. */
  String resetTarget() {
    var target = RedfishJson.text(json.path("Actions").path(RESET), "target");
    return target != null ? target : path + "/Actions/ComputerSystem.Reset";
  }

  /** {@code ResetType@Redfish.AllowableValues} of the reset action, or null when not advertised there. */
  List<String> resetAllowable() {
    return RedfishJson.strings(json.path("Actions").path(RESET), "ResetType@Redfish.AllowableValues");
  }

  /** The reset action's {@code @Redfish.ActionInfo} resource, or null. */
  String resetActionInfo() {
    return RedfishJson.text(json.path("Actions").path(RESET), "@Redfish.ActionInfo");
  }

  List<String> chassis() {
    return RedfishJson.links(json.path("Links"), "Chassis");
  }

  List<String> managers() {
    return RedfishJson.links(json.path("Links"), "ManagedBy");
  }

  String logServices() {
    return RedfishJson.link(json, "LogServices");
  }

  String processors() {
    return RedfishJson.link(json, "Processors");
  }
}
