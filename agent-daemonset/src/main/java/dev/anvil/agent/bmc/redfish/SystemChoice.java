package dev.anvil.agent.bmc.redfish;

import com.fasterxml.jackson.databind.JsonNode;
import dev.anvil.agent.bmc.BmcException;
import dev.anvil.agent.bmc.BmcException.Kind;

/** Which ComputerSystem a client manages when the address names none: the service's only one, or an error. */
final class SystemChoice {

  private SystemChoice() {
  }

  /**
   * The only member of the Systems collection; {@link Kind#REJECTED} naming the systems when there are several (the
   * BmcHost address must say which), {@link Kind#UNSUPPORTED} when there is none.
   */
  static String onlySystem(String bmc, JsonNode systemsCollection) throws BmcException {
    var systems = RedfishJson.links(systemsCollection, "Members");
    if (systems.size() == 1) {
      return systems.get(0);
    }
    if (systems.isEmpty()) {
      throw new BmcException(Kind.UNSUPPORTED, "Redfish " + bmc + ": the BMC lists no ComputerSystem");
    }
    throw new BmcException(Kind.REJECTED, "Redfish " + bmc + ": the BMC has " + systems.size() + " ComputerSystems "
        + systems + "; the BmcHost address must name one, e.g. .../redfish/v1/Systems/<id>");
  }
}
