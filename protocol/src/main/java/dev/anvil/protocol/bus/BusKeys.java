package dev.anvil.protocol.bus;

import dev.anvil.protocol.AttemptId;

/** The Redis key names of the agent bus, in one place so the hub and the operator never disagree. */
public final class BusKeys {

  /** Sorted set of agent ids scored by their last heartbeat (epoch ms): the live-agent index. */
  public static final String AGENTS = "anvil:agents";

  /** The global report stream the operator consumes with a consumer group. */
  public static final String REPORTS = "anvil:reports";

  private BusKeys() {
  }

  /** Registry hash of one agent (expires unless heartbeats refresh it). */
  public static String agent(String agentId) {
    return "anvil:agent:" + agentId;
  }

  /** Which session (and replica) holds the agent's stream: {@code <session id> <replica id>}. */
  public static String session(String agentId) {
    return agent(agentId) + ":session";
  }

  /** Highest report_seq stored for the agent. */
  public static String reportSeq(String agentId) {
    return agent(agentId) + ":report-seq";
  }

  /** The agent's command stream; entry ids are {@code <command_seq>-0}. */
  public static String commands(String agentId) {
    return agent(agentId) + ":commands";
  }

  /** Counter that hands out command_seq values. */
  public static String commandSeq(String agentId) {
    return agent(agentId) + ":command-seq";
  }

  /**
   * Marker set (with the agent id) in the same step as the attempt's RunAttempt is appended: an operator that finds
   * it never sends the attempt again, one that does not (it crashed before) sends it.
   */
  public static String attemptSent(AttemptId attempt) {
    return "anvil:attempt:" + attempt.jobUid() + ":" + attempt.attempt() + ":sent";
  }

  /** Consumer group of the operator on {@link #REPORTS}. */
  public static final String OPERATOR_GROUP = "operator";

  /** Log stream of one attempt; entry ids are {@code <line_seq>-0}. */
  public static String log(AttemptId attempt) {
    return "anvil:log:" + attempt.jobUid() + ":" + attempt.attempt();
  }

  /** Marker holding the attempt's last line_seq once its AttemptFinished is stored: the log is complete. */
  public static String logDone(AttemptId attempt) {
    return log(attempt) + ":done";
  }

  /**
   * The latest observation of a BmcHost, a hash: {@code agent} (who polled), {@code observed} (observed_time, epoch
   * ms) and {@code payload} (the serialized {@code BmcObservation}). The hub replaces it only with a newer
   * observation, so a late report of the host's previous agent never overwrites its current one.
   */
  public static String bmcObservation(String hostUid) {
    return "anvil:bmc:" + hostUid + ":observation";
  }

  /**
   * A BmcHost's recent history for charts, a stream capped at {@link #BMC_HISTORY_LENGTH} entries (one per stored
   * observation, so about one a minute) with field {@code entry}: compact JSON {@code {"t":<epoch ms>,"up":1,
   * "power":"On","health":"OK","sensors":{"<name>":<reading>,...}}}, or {@code {"t":..,"up":0,"error":"<kind>"}}.
   */
  public static String bmcHistory(String hostUid) {
    return "anvil:bmc:" + hostUid + ":history";
  }

  /** Entries kept in {@link #bmcHistory}: six hours at one observation a minute. */
  public static final int BMC_HISTORY_LENGTH = 360;

  /** Results of a BmcHost's one-shot actions, a hash: action id → serialized {@code BmcActionResult}. */
  public static String bmcActionResults(String hostUid) {
    return "anvil:bmc:" + hostUid + ":actions";
  }

  /** Marker set in the same step as a BmcAction is appended to an agent's command stream: sent at most once. */
  public static String bmcActionSent(String hostUid, String actionId) {
    return "anvil:bmc:" + hostUid + ":action:" + actionId + ":sent";
  }

  /**
   * Pub/sub channel of the console frames for one agent ({@code ConsoleRequest}, serialized): the replica holding
   * the agent's stream subscribes while it holds it, so a PUBLISH that reaches nobody means the agent is not
   * connected.
   */
  public static String consoleToAgent(String agentId) {
    return "anvil:console:agent:" + agentId;
  }

  /**
   * Pub/sub channel of the console frames for one stream ({@code ConsoleEvent}, serialized): the replica holding the
   * viewer's WebSocket subscribes while it is open, so a PUBLISH that reaches nobody means the viewer left.
   */
  public static String consoleToViewer(String streamId) {
    return "anvil:console:stream:" + streamId;
  }
}
