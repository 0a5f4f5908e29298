package dev.anvil.operator.agent;

import dev.anvil.crds.v1alpha1.JobPhase;
import dev.anvil.crds.v1alpha1.JobStatus;
import dev.anvil.operator.job.AgentOutcome;
import dev.anvil.operator.job.AgentReport;
import dev.anvil.protocol.AttemptId;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Reports received from {@code anvil:reports} and not yet acknowledged, by attempt: what the next reconcile applies,
 * the stream entry ids to acknowledge once the status holds their effect, and the acknowledgements that failed.
 */
final class ReportInbox {

  private static final class Pending {
    boolean started;
    AgentOutcome finished;
    final List<String> startedIds = new ArrayList<>();
    final List<String> finishedIds = new ArrayList<>();
  }

  private final Map<AttemptId, Pending> byAttempt = new HashMap<>();
  private final List<String> unacknowledged = new ArrayList<>();

  synchronized void started(AttemptId attempt, String entryId) {
    var p = byAttempt.computeIfAbsent(attempt, a -> new Pending());
    p.started = true;
    p.startedIds.add(entryId);
  }

  /** The first outcome of an attempt counts; a duplicate entry only waits for its ack. */
  synchronized void finished(AttemptId attempt, AgentOutcome outcome, String entryId) {
    var p = byAttempt.computeIfAbsent(attempt, a -> new Pending());
    if (p.finished == null) {
      p.finished = outcome;
    }
    p.finishedIds.add(entryId);
  }

  synchronized Map<Integer, AgentReport> reports(String jobUid) {
    var reports = new HashMap<Integer, AgentReport>();
    byAttempt.forEach((attempt, p) -> {
      if (attempt.jobUid().equals(jobUid)) {
        reports.put(attempt.attempt(), new AgentReport(p.started, p.finished));
      }
    });
    return reports;
  }

  /**
   * The entry ids whose effect {@code status} holds (the attempt finished, or it is recorded as Running), removed
   * from the inbox: they may be acknowledged.
   */
  synchronized List<String> settledBy(String jobUid, JobStatus status) {
    var settled = new ArrayList<String>();
    var attempts = status.getAttempts();
    var it = byAttempt.entrySet().iterator();
    while (it.hasNext()) {
      var e = it.next();
      var attempt = e.getKey();
      if (!attempt.jobUid().equals(jobUid) || attempt.attempt() > attempts.size()) {
        continue;
      }
      var p = e.getValue();
      if (attempts.get(attempt.attempt() - 1).finished()) {
        settled.addAll(p.startedIds);
        settled.addAll(p.finishedIds);
        it.remove();
      } else if (status.getPhase() == JobPhase.Running && Integer.valueOf(attempt.attempt()).equals(status.getAttempt())) {
        settled.addAll(p.startedIds);
        p.startedIds.clear();
      }
    }
    return settled;
  }

  /** Settled entries whose XACK failed: the consumer acknowledges them again, or they would stay pending forever. */
  synchronized void acknowledgeLater(List<String> entryIds) {
    unacknowledged.addAll(entryIds);
  }

  /** The entries {@link #acknowledgeLater} was given, handed over once. */
  synchronized List<String> takeUnacknowledged() {
    var ids = List.copyOf(unacknowledged);
    unacknowledged.clear();
    return ids;
  }

  /** Everything held for a Job that no longer exists. */
  synchronized List<String> drop(String jobUid) {
    var dropped = new ArrayList<String>();
    byAttempt.entrySet().removeIf(e -> {
      if (!e.getKey().jobUid().equals(jobUid)) {
        return false;
      }
      dropped.addAll(e.getValue().startedIds);
      dropped.addAll(e.getValue().finishedIds);
      return true;
    });
    return dropped;
  }
}
