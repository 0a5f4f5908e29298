package dev.anvil.operator.job;

import dev.anvil.crds.v1alpha1.Job;
import dev.anvil.protocol.AttemptId;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Function;

/**
 * Attempts this operator placed on agents whose status write the Job informer's cache may not show yet (it lags the
 * write by a watch event), so that the next placement still counts them against the agent's capacity.
 */
final class PlacedAttempts {

  private record Placed(String jobUid, int attempt, String agent) {
    String attemptId() {
      return new AttemptId(jobUid, attempt).toString();
    }
  }

  private final Map<String, Placed> placed = new ConcurrentHashMap<>();

  /** The status holding the attempt was written. */
  void placed(String jobUid, int attempt, String agent) {
    var entry = new Placed(jobUid, attempt, agent);
    placed.put(entry.attemptId(), entry);
  }

  /**
   * Adds to {@code assigned} (agent → attempt ids) the placements the cache does not show yet, and forgets those it
   * shows (from then on the cache counts them) or whose Job is gone.
   */
  void addUnseen(Map<String, Set<String>> assigned, Function<String, Job> cachedJobByUid) {
    placed.values().removeIf(p -> {
      var cached = cachedJobByUid.apply(p.jobUid());
      return cached == null || cached.getStatus() != null && cached.getStatus().getAttempts().size() >= p.attempt();
    });
    placed.values().forEach(p -> assigned.computeIfAbsent(p.agent(), a -> new HashSet<>()).add(p.attemptId()));
  }
}
