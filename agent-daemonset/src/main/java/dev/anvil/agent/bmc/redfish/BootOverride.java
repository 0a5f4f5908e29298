package dev.anvil.agent.bmc.redfish;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.anvil.agent.bmc.BmcException;
import dev.anvil.agent.bmc.BmcException.Kind;
import dev.anvil.agent.bmc.BootSettings;
import dev.anvil.agent.bmc.BootSettings.Persistence;

/**
 * Setting a ComputerSystem's boot override: each value checked against what the BMC advertises, then a PATCH of
 * {@code Boot} guarded by the ETag the BMC gave; when someone changed the system in between (412), read it again
 * and try once more.
 */
final class BootOverride {

  private static final ObjectMapper JSON = new ObjectMapper();

  private BootOverride() {
  }

  static void apply(String systemPath, BootSettings boot, RedfishService service) throws BmcException {
    for (var attempt = 1; ; attempt++) {
      var resource = service.fetch(systemPath);
      var body = patchBody(new SystemResource(systemPath, resource.json()), boot);
      if (service.patch(systemPath, body, resource.etag())) {
        return;
      }
      if (attempt == 2) {
        throw new BmcException(Kind.REJECTED, "Redfish " + systemPath
            + ": the system kept changing under the boot override (HTTP 412 twice)");
      }
    }
  }

  /** The PATCH body for the settings; {@link Kind#UNSUPPORTED} when a value is not among the advertised ones. */
  static ObjectNode patchBody(SystemResource system, BootSettings boot) throws BmcException {
    var body = JSON.createObjectNode();
    var properties = body.putObject("Boot");
    put(system, properties, "BootSourceOverrideEnabled", boot.persistence().name());
    if (boot.persistence() != Persistence.Disabled) {
      put(system, properties, "BootSourceOverrideTarget", boot.target().name());
    }
    if (boot.mode() != null) {
      put(system, properties, "BootSourceOverrideMode", boot.mode().name());
    }
    return body;
  }

  private static void put(SystemResource system, ObjectNode properties, String property, String value)
      throws BmcException {
    var allowed = system.bootAllowable(property);
    if (allowed != null && !allowed.contains(value)) {
      throw new BmcException(Kind.UNSUPPORTED, "Redfish " + system.path() + ": the BMC does not offer " + property
          + " " + value + " (it offers " + String.join(", ", allowed) + ")");
    }
    properties.put(property, value);
  }
}
