package dev.anvil.agent.bmc.redfish;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.anvil.agent.bmc.BmcException;
import dev.anvil.agent.bmc.BmcException.Kind;
import dev.anvil.agent.bmc.ResetAction;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;

/**
 * The power actions a ComputerSystem offers, and carrying one out. Offered means advertised: the action's
 * {@code ResetType@Redfish.AllowableValues}, else its ActionInfo's, else (a BMC that says nothing) every standard one.
 */
final class PowerActions {

  private PowerActions() {
  }

  static Set<ResetAction> supported(SystemResource system, ResourceSource source) throws BmcException {
    if (!system.hasResetAction()) {
      return Set.of();
    }
    var values = system.resetAllowable();
    if (values == null) {
      values = fromActionInfo(system.resetActionInfo(), source);
    }
    if (values == null) {
      return EnumSet.allOf(ResetAction.class);
    }
    var actions = EnumSet.noneOf(ResetAction.class);
    for (var value : values) {
      var action = RedfishJson.enumValue(ResetAction.class, value);
      if (action != null) {
        actions.add(action);
      }
    }
    return actions;
  }

  private static List<String> fromActionInfo(String path, ResourceSource source) throws BmcException {
    var info = source.optional(path);
    if (info.isEmpty()) {
      return null;
    }
    for (var parameter : info.get().path("Parameters")) {
      if ("ResetType".equals(RedfishJson.text(parameter, "Name"))) {
        return RedfishJson.strings(parameter, "AllowableValues");
      }
    }
    return null;
  }

  /** POSTs the reset; {@link Kind#UNSUPPORTED} without asking the BMC when it does not offer the action. */
  static void reset(SystemResource system, ResetAction action, RedfishService service) throws BmcException {
    var supported = supported(system, service);
    if (!supported.contains(action)) {
      throw new BmcException(Kind.UNSUPPORTED, "Redfish " + system.path() + ": the BMC does not offer " + action
          + (supported.isEmpty() ? " (it offers no reset action)" : " (it offers " + supported + ")"));
    }
    service.post(system.resetTarget(), new ObjectMapper().createObjectNode().put("ResetType", action.name()));
  }
}
