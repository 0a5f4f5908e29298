package dev.anvil.operator.agent;

import dev.anvil.operator.job.AgentPlacement;
import dev.anvil.protocol.AttemptId;
import dev.anvil.protocol.bus.LiveAgent;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Predicate;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Cancels attempts that agents still run although no Job wants them: the Job was deleted (no finalizer holds an
 * Agent Job, so the operator may not even have seen the deletion), or its status ended the attempt and the
 * CancelAttempt sent then was lost with an operator that crashed before sending it. Driven by the agents' own
 * heartbeats, so it needs no API write and catches what happened while the operator was down.
 */
final class OrphanedAttempts {

  private static final Logger LOG = LoggerFactory.getLogger(OrphanedAttempts.class);

  /** Sends a CancelAttempt to an agent. */
  interface Canceller {
    void cancel(String agentId, AttemptId attempt, String reason);
  }

  private final Predicate<AttemptId> shouldRun;
  private final Canceller canceller;
  private final Duration resendAfter;
  private final Clock clock;
  private final Map<String, Instant> cancelled = new HashMap<>();

  /** {@code resendAfter}: an attempt still listed this long after its cancel is cancelled again. */
  OrphanedAttempts(Predicate<AttemptId> shouldRun, Canceller canceller, Duration resendAfter, Clock clock) {
    this.shouldRun = shouldRun;
    this.canceller = canceller;
    this.resendAfter = resendAfter;
    this.clock = clock;
  }

  /** One pass over the live agents' running attempts; returns how many cancels it sent. */
  synchronized int sweep(List<LiveAgent> live) {
    var now = clock.instant();
    cancelled.values().removeIf(sent -> sent.plus(resendAfter.multipliedBy(4)).isBefore(now));
    int sent = 0;
    for (var agent : live) {
      for (var id : AgentPlacement.runningAttemptIds(agent)) {
        AttemptId attempt;
        try {
          attempt = AttemptId.parse(id);
        } catch (IllegalArgumentException e) {
          continue; // not an attempt this operator placed
        }
        if (shouldRun.test(attempt) || recentlyCancelled(id, now)) {
          continue;
        }
        LOG.info("agent {} still runs attempt {}, which no Job wants any more: cancelling it", agent.agentId(), id);
        canceller.cancel(agent.agentId(), attempt, "OrphanedAttempt");
        cancelled.put(id, now);
        sent++;
      }
    }
    return sent;
  }

  private boolean recentlyCancelled(String id, Instant now) {
    var sent = cancelled.get(id);
    return sent != null && sent.plus(resendAfter).isAfter(now);
  }
}
