package dev.anvil.operator.job;

import static dev.anvil.operator.status.Conditions.FALSE;
import static dev.anvil.operator.status.Conditions.TRUE;
import static dev.anvil.operator.status.Conditions.UNKNOWN;

import dev.anvil.crds.v1alpha1.Job;
import dev.anvil.crds.v1alpha1.JobPhase;
import dev.anvil.crds.v1alpha1.JobStatus;
import dev.anvil.operator.scheduling.Admission;
import dev.anvil.operator.status.Conditions;
import java.time.Duration;
import java.time.Instant;

/** Records the namespace quota's answer: the Job takes its slot, or waits Queued saying why. */
final class AdmissionStep {

  private AdmissionStep() {
  }

  /** Returns true when the Job holds a slot now. */
  static boolean admit(Job job, JobPlan plan, Admission admission, Instant now) {
    var status = plan.status();
    var generation = job.getMetadata().getGeneration();
    if (admission == null) {
      plan.requeueWithin(Duration.ofSeconds(1)); // the quota was not asked in this pass: ask it in the next
      return false;
    }
    if (!admission.admitted()) {
      if (status.getPhase() != JobPhase.Queued) {
        plan.normal("Queued", admission.message());
      }
      status.setPhase(JobPhase.Queued);
      Conditions.set(status.getConditions(), JobStatus.QUEUED, TRUE, "QuotaExhausted", admission.message(), generation,
          now);
      Conditions.set(status.getConditions(), JobStatus.SUCCEEDED, UNKNOWN, "Queued", admission.message(), generation,
          now);
      plan.requeueWithin(Admission.RECHECK);
      return false;
    }
    if (Conditions.isTrue(status.getConditions(), JobStatus.QUEUED)) {
      Conditions.set(status.getConditions(), JobStatus.QUEUED, FALSE, "Admitted", "a quota slot became free",
          generation, now);
      plan.normal("Admitted", "a slot of the namespace's concurrency quota became free");
    }
    status.setAdmittedTime(now.toString());
    return true;
  }
}
