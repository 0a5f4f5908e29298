package dev.anvil.operator.job;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.anvil.crds.v1alpha1.AgentTask;
import dev.anvil.protocol.Features;
import dev.anvil.protocol.bus.LiveAgent;
import java.util.Comparator;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * Picks the agent for an attempt: live, offering run-attempt, on the wanted node and datacenter, matching the selector,
 * with a free slot; the least loaded wins, ties go to the smallest agent id so every replica picks the same one.
 */
public final class AgentPlacement {

  /** The chosen agent, or null with {@code whyNone} saying what did not match. */
  public record Choice(String agentId, String whyNone) {
  }

  private static final ObjectMapper JSON = new ObjectMapper();

  private AgentPlacement() {
  }

  /**
   * {@code assigned}: attempt ids that Job statuses hold running on each agent; {@code ended}: attempt ids they record
   * as ended by their agent.
   */
  public static Choice choose(AgentTask task, List<LiveAgent> live, Map<String, Set<String>> assigned,
      Set<String> ended) {
    if (live.isEmpty()) {
      return new Choice(null, "no live agent: none has sent a heartbeat within the heartbeat timeout");
    }
    var rejections = new LinkedHashMap<String, Integer>();
    LiveAgent best = null;
    int bestLoad = 0;
    for (var agent : live.stream().sorted(Comparator.comparing(LiveAgent::agentId)).toList()) {
      int load = running(agent, assigned, ended);
      var why = rejection(task, agent, load);
      if (why != null) {
        rejections.merge(why, 1, Integer::sum);
      } else if (best == null || load < bestLoad) {
        best = agent;
        bestLoad = load;
      }
    }
    if (best != null) {
      return new Choice(best.agentId(), null);
    }
    var reasons = rejections.entrySet().stream().map(e -> e.getValue() + " " + e.getKey())
        .collect(Collectors.joining(", "));
    return new Choice(null, live.size() + " live agent(s), none eligible: " + reasons);
  }

  /** Whether the agent could run the task once it has a free slot: features, node, datacenter and selector match. */
  static boolean fits(AgentTask task, LiveAgent agent) {
    return rejection(task, agent, 0) == null;
  }

  /** Why the agent cannot take the attempt, or null when it can. */
  private static String rejection(AgentTask task, LiveAgent agent, int load) {
    if (!agent.features().contains(Features.RUN_ATTEMPT)) {
      return "without the " + Features.RUN_ATTEMPT + " feature";
    }
    if (task.getNodeName() != null && !task.getNodeName().equals(agent.node())) {
      return "not on node " + task.getNodeName();
    }
    if (task.getDatacenter() != null && !task.getDatacenter().equals(agent.datacenter())) {
      return "not in datacenter " + task.getDatacenter();
    }
    if (!AgentSelector.matches(task.getSelector(), agent.labels())) {
      return "not matching spec.agent.selector";
    }
    if (load >= capacity(agent)) {
      return "at capacity";
    }
    return null;
  }

  /**
   * Attempts the agent runs: what its last heartbeat listed, less what statuses recorded as ended by the agent since,
   * plus what statuses assigned to it since. Up to 5s old, the heartbeat would otherwise keep a slot taken by every
   * attempt it caught running, long after the attempt ended.
   */
  static int running(LiveAgent agent, Map<String, Set<String>> assigned, Set<String> ended) {
    var ids = new HashSet<String>(runningAttemptIds(agent));
    ids.removeAll(ended);
    ids.addAll(assigned.getOrDefault(agent.agentId(), Set.of()));
    return ids.size();
  }

  /** The attempt ids the agent's last heartbeat listed as running. */
  public static List<String> runningAttemptIds(LiveAgent agent) {
    return read(agent.fields().get("running"), new TypeReference<List<String>>() { }, List.of());
  }

  /** The agent's declared maxConcurrentAttempts; an agent that declares none (0) runs one attempt at a time. */
  static int capacity(LiveAgent agent) {
    Map<String, Object> capacity = read(agent.fields().get("capacity"), new TypeReference<>() { }, Map.of());
    var max = capacity.get("maxConcurrentAttempts");
    int value = max instanceof Number n ? n.intValue() : 0;
    return value <= 0 ? 1 : value;
  }

  private static <T> T read(String json, TypeReference<T> type, T fallback) {
    if (json == null || json.isBlank()) {
      return fallback;
    }
    try {
      return JSON.readValue(json, type);
    } catch (java.io.IOException e) {
      return fallback; // a registry field this operator cannot read must not stop placement on the other agents
    }
  }
}
