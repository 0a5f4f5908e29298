package dev.anvil.operator.agent;

import dev.anvil.protocol.AttemptId;

/** What the agent bus asks of the reconcilers: wake-ups for stored reports, and what is still wanted. */
public interface BusListener {

  /** Reconciles the Job of this uid soon; false when no such Job exists (it was deleted). */
  boolean wakeJob(String jobUid);

  /** Whether an attempt an agent runs is still wanted by its Job. */
  boolean attemptWanted(AttemptId attempt);

  /** Reconciles the BmcHost of this uid soon. */
  void wakeBmcHost(String hostUid);

  /** Whether a BmcHost of this uid exists. */
  boolean bmcHostExists(String hostUid);

  /** The agent the BmcHost of this uid is assigned to, or null when it has none or does not exist. */
  String bmcHostAgent(String hostUid);
}
