package dev.anvil.operator.job;

import dev.anvil.crds.v1alpha1.Job;
import dev.anvil.crds.v1alpha1.JobStatus;
import dev.anvil.operator.status.Conditions;
import java.util.Collection;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * When an agent attempt ends, which Jobs waiting for an agent ({@code NoEligibleAgent}) to wake at once rather than at
 * their next recheck: as many as that agent now has free slots, the oldest first, among those it could run.
 */
final class AgentWaiters {

  private static final Comparator<Job> OLDEST_FIRST = Comparator
      .comparing((Job j) -> j.getMetadata().getCreationTimestamp(), Comparator.nullsLast(Comparator.naturalOrder()))
      .thenComparing(j -> j.getMetadata().getNamespace())
      .thenComparing(j -> j.getMetadata().getName());

  private AgentWaiters() {
  }

  /**
   * The Jobs to wake because {@code written}, the status just recorded for {@code job}, ends the agent attempt that
   * {@code previous} had running; none when it ended nothing. {@code agents} is the view that reconcile placed with.
   */
  static List<Job> toWake(Job job, JobStatus previous, JobStatus written, AgentView agents, Collection<Job> jobs) {
    var before = previous == null ? null : Attempts.running(previous);
    var after = before == null || before.getAgent() == null ? null : written.getAttempts().stream()
        .filter(a -> a.getNumber() == before.getNumber() && a.finished()).findFirst().orElse(null);
    if (after == null) {
      return List.of();
    }
    var agent = agents.live().stream().filter(a -> a.agentId().equals(before.getAgent())).findFirst().orElse(null);
    if (agent == null) {
      return List.of();
    }
    // count as the woken Jobs' placement will, once this status is in the cache
    var id = job.getMetadata().getUid() + "/" + before.getNumber();
    var assigned = new HashSet<>(agents.assigned().getOrDefault(agent.agentId(), Set.of()));
    assigned.remove(id);
    var ended = new HashSet<>(agents.ended());
    if (AgentAttempts.endedOnAgent(after)) {
      ended.add(id);
    }
    int free = AgentPlacement.capacity(agent)
        - AgentPlacement.running(agent, Map.of(agent.agentId(), assigned), ended);
    if (free <= 0) {
      return List.of();
    }
    return jobs.stream()
        .filter(AgentWaiters::waitsForAgent)
        .filter(j -> AgentPlacement.fits(j.getSpec().getAgent(), agent))
        .sorted(OLDEST_FIRST)
        .limit(free)
        .toList();
  }

  private static boolean waitsForAgent(Job job) {
    var status = job.getStatus();
    if (status == null || job.getSpec() == null || job.getSpec().getAgent() == null || !JobDecision.isAgentJob(job)) {
      return false;
    }
    var running = Conditions.find(status.getConditions(), JobStatus.RUNNING);
    return running != null && JobStatusTransitions.NO_ELIGIBLE_AGENT.equals(running.getReason())
        && !JobDecision.isTerminal(status);
  }
}
