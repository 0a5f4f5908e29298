package dev.anvil.operator.bmc;

import dev.anvil.protocol.agent.v1.BmcObservation;

/** An observation of a BmcHost as the hub stored it, with the agent that made it. */
public record StoredObservation(String agent, BmcObservation observation) {
}
