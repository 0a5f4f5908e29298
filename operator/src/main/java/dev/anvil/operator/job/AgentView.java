package dev.anvil.operator.job;

import dev.anvil.protocol.bus.LiveAgent;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * What the Agent executor observed for one reconcile of an Agent Job, so the decision stays a pure function.
 *
 * @param live agents that heartbeated within the heartbeat timeout
 * @param assigned attempt ids the statuses of all Jobs have running on each agent (the heartbeat may not list them yet)
 * @param ended attempt ids the statuses record as ended by their agent (a heartbeat from before may still list them)
 * @param reports unapplied reports about this Job's attempts, by attempt number
 * @param heartbeatTimeout how long an agent may stay silent before its attempts count as lost
 * @param registry how far {@code live} can be trusted
 */
public record AgentView(List<LiveAgent> live, Map<String, Set<String>> assigned, Set<String> ended,
    Map<Integer, AgentReport> reports, Duration heartbeatTimeout, Registry registry) {

  /** How far the registry read for this reconcile can be trusted. */
  public enum Registry {
    /** Read, and the bus has worked for a heartbeat timeout: an agent missing from it has been silent that long. */
    CURRENT,
    /** Read, but the bus failed within the last heartbeat timeout: agents may not have heartbeated since. */
    SETTLING,
    /** Not readable (the central Redis is away): nothing is placed or sent, and no agent is lost. */
    UNREADABLE
  }

  public AgentView {
    live = List.copyOf(live);
    assigned = Map.copyOf(assigned);
    ended = Set.copyOf(ended);
    reports = Map.copyOf(reports);
  }

  /** A view read from a registry that can be trusted. */
  public AgentView(List<LiveAgent> live, Map<String, Set<String>> assigned, Set<String> ended,
      Map<Integer, AgentReport> reports, Duration heartbeatTimeout) {
    this(live, assigned, ended, reports, heartbeatTimeout, Registry.CURRENT);
  }

  public boolean isLive(String agentId) {
    return live.stream().anyMatch(a -> a.agentId().equals(agentId));
  }

  /** Whether an agent missing from {@code live} may count as lost. */
  public boolean judgesLiveness() {
    return registry == Registry.CURRENT;
  }

  public AgentReport report(int attempt) {
    return reports.getOrDefault(attempt, new AgentReport(false, null));
  }
}
