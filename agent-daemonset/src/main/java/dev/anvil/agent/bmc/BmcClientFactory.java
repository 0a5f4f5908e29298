package dev.anvil.agent.bmc;

/** Opens a {@link BmcClient} for an endpoint: the agent's picks Redfish or IPMI, a test's hands out fakes. */
@FunctionalInterface
public interface BmcClientFactory {

  /** A client of {@code endpoint}; {@link BmcException.Kind#UNSUPPORTED} when this agent cannot speak its protocol. */
  BmcClient open(BmcEndpoint endpoint) throws BmcException;
}
