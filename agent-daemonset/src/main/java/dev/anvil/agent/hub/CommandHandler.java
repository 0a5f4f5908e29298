package dev.anvil.agent.hub;

import dev.anvil.protocol.agent.v1.BmcServing;
import dev.anvil.protocol.agent.v1.Command;
import java.util.List;

/** Executes the hub's commands on this agent, in command_seq order, and says how far it got. */
public interface CommandHandler {

  /**
   * Executes {@code command}, or skips it when its command_seq was already executed; returns the executed position
   * afterwards (every command up to it has its effect recorded in the spool).
   */
  long execute(Command command);

  /** Highest command_seq executed, surviving restarts where the local Redis does. */
  long executedCommandSeq();

  /** Attempt ids running right now, for heartbeats. */
  List<String> runningAttemptIds();

  /** What {@code Hello.features} lists: the command kinds this handler executes (see {@code Features}). */
  default List<String> features() {
    return List.of();
  }

  /** BmcHosts served right now with their config_version, for heartbeats. */
  default List<BmcServing> bmcHosts() {
    return List.of();
  }
}
