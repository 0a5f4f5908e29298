package dev.anvil.operator.job;

import java.util.Map;

/**
 * How an agent attempt ended, as the agent (or the hub) reported it, already in the attempt's terms.
 *
 * @param reason the attempt reason: Completed or a failure reason
 * @param results the small key/values the process wrote; kept only when it completed
 */
public record AgentOutcome(String reason, Integer exitCode, String message, Map<String, String> results) {

  public AgentOutcome {
    results = results == null ? Map.of() : Map.copyOf(results);
  }
}
