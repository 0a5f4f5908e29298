package dev.anvil.operator.job;

import static dev.anvil.operator.job.Attempts.describe;
import static dev.anvil.operator.job.JobStatusTransitions.failed;
import static dev.anvil.operator.status.Conditions.FALSE;
import static dev.anvil.operator.status.Conditions.UNKNOWN;

import dev.anvil.crds.v1alpha1.Attempt;
import dev.anvil.crds.v1alpha1.Job;
import dev.anvil.crds.v1alpha1.JobPhase;
import dev.anvil.crds.v1alpha1.JobStatus;
import dev.anvil.operator.status.Conditions;
import java.time.Duration;
import java.time.Instant;

/** After a failed attempt: fail the Job, wait out the backoff, or let the next attempt start now. */
final class RetryScheduling {

  private RetryScheduling() {
  }

  /** Returns true when the retry is due now; false when the Job failed or waits for its backoff. */
  static boolean retryDue(Job job, JobPlan plan, Attempt last, Instant now) {
    var status = plan.status();
    var rules = new RetryRules(job.getSpec().getRetry());
    long failures = status.getAttempts().stream().filter(a -> JobDecision.FAILURES.contains(a.getReason())).count();
    if (!rules.retriesKindOf(last)) {
      failed(job, plan, last.getReason(), "attempt " + last.getNumber() + " " + describe(last)
          + "; spec.retry does not retry this failure", now);
      return false;
    }
    if (failures > rules.limit()) {
      failed(job, plan, JobDecision.RETRY_LIMIT_EXCEEDED, failures + " attempt(s) failed, retry.limit is " + rules.limit()
          + "; last: attempt " + last.getNumber() + " " + describe(last), now);
      return false;
    }
    var due = Instant.parse(last.getFinishTime())
        .plus(rules.backoff((int) failures, job.getMetadata().getUid() + "/" + last.getNumber()));
    if (now.isBefore(due)) {
      if (!due.toString().equals(status.getNextAttemptTime())) {
        plan.normal("Retrying", "attempt " + (status.getAttempts().size() + 1) + " starts at " + due);
      }
      status.setNextAttemptTime(due.toString());
      status.setPhase(JobPhase.Retrying);
      Conditions.set(status.getConditions(), JobStatus.RUNNING, FALSE, "BackingOff",
          "waiting until " + due + " before the next attempt", job.getMetadata().getGeneration(), now);
      Conditions.set(status.getConditions(), JobStatus.SUCCEEDED, UNKNOWN, "BackingOff",
          "attempt " + last.getNumber() + " " + describe(last), job.getMetadata().getGeneration(), now);
      plan.requeueWithin(Duration.between(now, due));
      return false;
    }
    return true;
  }
}
