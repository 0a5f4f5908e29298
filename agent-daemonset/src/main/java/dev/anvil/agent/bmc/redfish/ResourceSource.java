package dev.anvil.agent.bmc.redfish;

import com.fasterxml.jackson.databind.JsonNode;
import dev.anvil.agent.bmc.BmcException;
import dev.anvil.agent.bmc.BmcException.Kind;
import java.util.Optional;

/** Where the readers get Redfish resources from: the BMC in production, a map of JSON documents in unit tests. */
interface ResourceSource {

  /**
   * The JSON object at a path (which may carry a query string): {@link Kind#REJECTED} when the BMC has none or
   * refuses, {@link Kind#PROTOCOL} when the answer is not a JSON object.
   */
  JsonNode get(String path) throws BmcException;

  /**
   * An optional part of a poll (a sensor, a log): empty when the path is null or the BMC refuses or garbles it, so
   * one broken resource does not hide the rest; an unreachable BMC or refused credentials still throw.
   */
  default Optional<JsonNode> optional(String path) throws BmcException {
    if (path == null) {
      return Optional.empty();
    }
    try {
      return Optional.of(get(path));
    } catch (BmcException e) {
      if (e.kind() == Kind.REJECTED || e.kind() == Kind.PROTOCOL) {
        return Optional.empty();
      }
      throw e;
    }
  }
}
