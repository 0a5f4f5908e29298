package dev.anvil.agent.bmc;

import dev.anvil.agent.bmc.ipmi.IpmiClient;
import dev.anvil.agent.bmc.redfish.RedfishClient;
import java.util.EnumMap;
import java.util.Map;

/** The agent's {@link BmcClientFactory}: the client constructors registered at wiring time, by protocol. */
public final class BmcClientsByProtocol implements BmcClientFactory {

  private final Map<BmcProtocol, BmcClientFactory> clients;

  /** The clients this agent build speaks: Redfish (HTTPS/HTTP) and IPMI 2.0 (RMCP+). */
  public static BmcClientsByProtocol standard() {
    return new BmcClientsByProtocol(Map.of(BmcProtocol.Redfish, RedfishClient::create,
        BmcProtocol.IPMI, IpmiClient::connect));
  }

  public BmcClientsByProtocol(Map<BmcProtocol, BmcClientFactory> clients) {
    this.clients = clients.isEmpty() ? Map.of() : new EnumMap<>(clients);
  }

  @Override
  public BmcClient open(BmcEndpoint endpoint) throws BmcException {
    var protocol = endpoint.protocol();
    var client = clients.get(protocol);
    if (client == null) {
      throw new BmcException(BmcException.Kind.UNSUPPORTED, "this agent has no " + protocol + " client (it speaks "
          + (clients.isEmpty() ? "no BMC protocol" : clients.keySet()) + "); serve the host from an agent that does");
    }
    return client.open(endpoint);
  }
}
