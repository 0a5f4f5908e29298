package dev.anvil.operator.job;

import static dev.anvil.operator.job.Attempts.describe;
import static dev.anvil.operator.job.Attempts.finishAttempt;
import static dev.anvil.operator.job.Attempts.overallDeadline;
import static dev.anvil.operator.job.Attempts.running;
import static dev.anvil.operator.job.JobStatusTransitions.active;
import static dev.anvil.operator.job.JobStatusTransitions.agentActive;

import dev.anvil.crds.v1alpha1.Attempt;
import dev.anvil.crds.v1alpha1.FailureReason;
import dev.anvil.crds.v1alpha1.Job;
import io.fabric8.kubernetes.api.model.Pod;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;

/** The running attempt: how it ended (its Pod, or its agent's reports and liveness), or its deadlines and suspension. */
final class RunningAttempts {

  private RunningAttempts() {
  }

  /** Updates the running attempt from its Pod; returns true when no attempt runs any more. */
  static boolean observe(Job job, Map<Integer, Pod> pods, AgentView agents, JobPlan plan,
      Instant now) {
    var status = plan.status();
    var current = running(status);
    if (current == null) {
      return true;
    }
    if (current.getAgent() != null) {
      var ended = AgentAttempts.outcome(current, agents);
      if (ended.isPresent()) {
        var o = ended.get();
        finishAttempt(current, o.reason(), o.exitCode(), o.message(), now);
        if (Attempt.COMPLETED.equals(o.reason())) {
          status.setResults(new java.util.LinkedHashMap<>(o.results()));
        } else {
          plan.warning("AttemptFailed", "attempt " + current.getNumber() + " " + describe(current));
        }
        if (FailureReason.AgentLost.name().equals(o.reason())) {
          stop(plan, current, FailureReason.AgentLost.name()); // should the agent come back, it must not run on
        }
        return true;
      }
    }
    var pod = current.getAgent() != null ? null : pods.get(current.getNumber());
    var outcome = current.getAgent() != null ? Optional.<PodOutcome>empty() : pod == null
        ? Optional.of(new PodOutcome(FailureReason.PodDeleted.name(), null, "the Pod disappeared while it ran"))
        : PodOutcome.of(pod);
    if (outcome.isPresent()) {
      var o = outcome.get();
      finishAttempt(current, o.reason(), o.exitCode(), o.message(), now);
      if (!Attempt.COMPLETED.equals(o.reason())) {
        plan.warning("AttemptFailed", "attempt " + current.getNumber() + " " + describe(current));
      }
      return true;
    }
    var spec = job.getSpec();
    var overallEnd = overallDeadline(job, status);
    var attemptEnd = spec.getAttemptDeadlineSeconds() == null ? null
        : Instant.parse(current.getStartTime()).plusSeconds(spec.getAttemptDeadlineSeconds());
    if (overallEnd != null && !now.isBefore(overallEnd)) {
      stop(plan, current, "ActiveDeadlineExceeded");
      finishAttempt(current, FailureReason.DeadlineExceeded.name(), null,
          "stopped: the Job ran past activeDeadlineSeconds (" + spec.getActiveDeadlineSeconds() + "s)", now);
      return true;
    }
    if (attemptEnd != null && !now.isBefore(attemptEnd)) {
      stop(plan, current, "AttemptDeadlineExceeded");
      finishAttempt(current, FailureReason.DeadlineExceeded.name(), null,
          "stopped: the attempt ran past attemptDeadlineSeconds (" + spec.getAttemptDeadlineSeconds() + "s)", now);
      plan.warning("AttemptFailed", "attempt " + current.getNumber() + " " + describe(current));
      return true;
    }
    if (Boolean.TRUE.equals(spec.getSuspend())) {
      stop(plan, current, "JobSuspended");
      finishAttempt(current, Attempt.SUSPENDED, null, "stopped because the Job was suspended", now);
      return true;
    }
    if (current.getAgent() != null) {
      var started = AgentAttempts.started(current, agents, status);
      agentActive(job, status, started, now);
      // sent again until it starts (the marker keeps it to once), but only to an agent the registry lists: after
      // the central Redis lost its data, a command written before the agent's hub re-registered it could be
      // numbered at or below what the agent already executed, and would never run
      if (!started && agents.isLive(current.getAgent())) {
        plan.run(current.getNumber(), current.getAgent(), spec.getAttemptDeadlineSeconds(), overallEnd);
      }
      plan.requeueWithin(agents.heartbeatTimeout()); // a lost agent sends no event: look again when it would be late
    } else {
      active(job, status, pod, now);
    }
    if (overallEnd != null) {
      plan.requeueWithin(Duration.between(now, overallEnd));
    }
    if (attemptEnd != null) {
      plan.requeueWithin(Duration.between(now, attemptEnd));
    }
    return false;
  }

  /** Ends a running attempt's execution: its Pod is deleted, or its agent told to cancel it. */
  static void stop(JobPlan plan, Attempt running, String why) {
    if (running.getAgent() != null) {
      plan.cancel(running.getNumber(), running.getAgent(), why);
    } else {
      plan.delete(running.getPod());
    }
  }
}
