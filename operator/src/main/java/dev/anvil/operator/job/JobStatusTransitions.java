package dev.anvil.operator.job;

import static dev.anvil.operator.status.Conditions.FALSE;
import static dev.anvil.operator.status.Conditions.TRUE;
import static dev.anvil.operator.status.Conditions.UNKNOWN;

import dev.anvil.crds.v1alpha1.Attempt;
import dev.anvil.crds.v1alpha1.Job;
import dev.anvil.crds.v1alpha1.JobPhase;
import dev.anvil.crds.v1alpha1.JobStatus;
import dev.anvil.operator.status.Conditions;
import io.fabric8.kubernetes.api.model.Pod;
import java.time.Duration;
import java.time.Instant;

/** Records where a Job now is: its phase, its conditions and the Event that says so, in one step each. */
final class JobStatusTransitions {

  /** How soon a Job whose Pod could not be created tries again. */
  static final Duration BLOCKED_RECHECK = Duration.ofSeconds(15);

  private JobStatusTransitions() {
  }

  /**
   * Records the current attempt as Running once its Pod runs, else as Pending with what holds the Pod back
   * (unschedulable, image pull errors), so a stuck Job says why.
   */
  static void active(Job job, JobStatus status, Pod pod, Instant now) {
    var generation = job.getMetadata().getGeneration();
    var current = status.getAttempts().get(status.getAttempts().size() - 1);
    status.setAttempt(current.getNumber());
    var running = pod != null && pod.getStatus() != null && "Running".equals(pod.getStatus().getPhase());
    if (running) {
      var message = "attempt " + current.getNumber() + " runs as Pod " + current.getPod();
      status.setPhase(JobPhase.Running);
      Conditions.set(status.getConditions(), JobStatus.RUNNING, TRUE, "AttemptRunning", message, generation, now);
      Conditions.set(status.getConditions(), JobStatus.SUCCEEDED, UNKNOWN, "AttemptRunning", message, generation, now);
      return;
    }
    var waiting = PodWaiting.describe(pod);
    var message = "attempt " + current.getNumber() + ": Pod " + current.getPod() + " is pending"
        + (waiting == null ? "" : ": " + waiting);
    status.setPhase(JobPhase.Pending);
    Conditions.set(status.getConditions(), JobStatus.RUNNING, FALSE, "PodPending", message, generation, now);
    Conditions.set(status.getConditions(), JobStatus.SUCCEEDED, UNKNOWN, "PodPending", message, generation, now);
  }

  static void suspended(Job job, JobPlan plan, Instant now) {
    var status = plan.status();
    var generation = job.getMetadata().getGeneration();
    if (status.getPhase() != JobPhase.Suspended) {
      plan.normal("Suspended", "the Job was suspended; no attempt runs until spec.suspend is false");
    }
    status.setPhase(JobPhase.Suspended);
    status.setAdmittedTime(null); // a suspended Job gives its quota slot back
    status.setNextAttemptTime(null);
    Conditions.set(status.getConditions(), JobStatus.SUSPENDED, TRUE, "Suspended", "spec.suspend is true", generation,
        now);
    Conditions.set(status.getConditions(), JobStatus.RUNNING, FALSE, "Suspended", "spec.suspend is true", generation,
        now);
    Conditions.set(status.getConditions(), JobStatus.SUCCEEDED, UNKNOWN, "Suspended", "spec.suspend is true",
        generation, now);
  }

  static void succeeded(Job job, JobPlan plan, Attempt last, Instant now) {
    var status = plan.status();
    var generation = job.getMetadata().getGeneration();
    var message = "attempt " + last.getNumber() + " succeeded";
    status.setPhase(JobPhase.Succeeded);
    status.setCompletionTime(now.toString());
    status.setNextAttemptTime(null);
    Conditions.set(status.getConditions(), JobStatus.SUCCEEDED, TRUE, Attempt.COMPLETED, message, generation, now);
    Conditions.set(status.getConditions(), JobStatus.RUNNING, FALSE, Attempt.COMPLETED, message, generation, now);
    plan.normal("Succeeded", message);
    plan.finished("succeeded");
    expireAfterTtl(job, plan, now);
  }

  static void failed(Job job, JobPlan plan, String reason, String message, Instant now) {
    var status = plan.status();
    var generation = job.getMetadata().getGeneration();
    status.setPhase(JobPhase.Failed);
    status.setCompletionTime(now.toString());
    status.setNextAttemptTime(null);
    Conditions.set(status.getConditions(), JobStatus.SUCCEEDED, FALSE, reason, message, generation, now);
    Conditions.set(status.getConditions(), JobStatus.FAILED, TRUE, reason, message, generation, now);
    Conditions.set(status.getConditions(), JobStatus.RUNNING, FALSE, reason, message, generation, now);
    Conditions.remove(status.getConditions(), JobStatus.QUEUED);
    plan.warning(reason, message);
    plan.finished("failed");
    expireAfterTtl(job, plan, now);
  }

  static void expireAfterTtl(Job job, JobPlan plan, Instant now) {
    var ttl = job.getSpec() == null ? null : job.getSpec().getTtlSecondsAfterFinished();
    var completion = plan.status().getCompletionTime();
    if (ttl == null || completion == null) {
      return;
    }
    var expiry = Instant.parse(completion).plusSeconds(ttl);
    if (now.isBefore(expiry)) {
      plan.requeueWithin(Duration.between(now, expiry));
    } else {
      plan.expire();
    }
  }

  /** Reason of an Agent Job this operator cannot run: the node agent is not part of this version yet. */
  static final String AGENT_EXECUTOR_UNAVAILABLE = "AgentExecutorUnavailable";

  /**
   * An Agent Job waits, saying why: this operator runs Pod Jobs only. It is not failed, so that an operator with the
   * node agent picks it up as it is.
   */
  static void awaitingAgentExecutor(Job job, JobPlan plan, Instant now) {
    var status = plan.status();
    var generation = job.getMetadata().getGeneration();
    var message = "executor Agent runs on the Anvil node agent, which this operator version does not include yet; "
        + "the Job waits until an operator with the agent runs it";
    if (status.getPhase() != JobPhase.Pending) {
      plan.warning(AGENT_EXECUTOR_UNAVAILABLE, message);
    }
    status.setPhase(JobPhase.Pending);
    Conditions.set(status.getConditions(), JobStatus.RUNNING, FALSE, AGENT_EXECUTOR_UNAVAILABLE, message, generation,
        now);
    Conditions.set(status.getConditions(), JobStatus.SUCCEEDED, UNKNOWN, AGENT_EXECUTOR_UNAVAILABLE, message,
        generation, now);
  }

  /** Reason of an Agent Job that no live agent can run now. */
  static final String NO_ELIGIBLE_AGENT = "NoEligibleAgent";
  /** How soon a Job without an eligible agent looks again (agents come and go without a Kubernetes event). */
  static final Duration NO_AGENT_RECHECK = Duration.ofSeconds(10);

  /** No live agent can take the next attempt: the Job stays Pending and says what did not match. */
  static void noEligibleAgent(Job job, JobPlan plan, String message, Instant now) {
    var status = plan.status();
    var generation = job.getMetadata().getGeneration();
    var running = Conditions.find(status.getConditions(), JobStatus.RUNNING);
    if (running == null || !NO_ELIGIBLE_AGENT.equals(running.getReason())) {
      plan.warning(NO_ELIGIBLE_AGENT, message);
    }
    status.setPhase(JobPhase.Pending);
    Conditions.set(status.getConditions(), JobStatus.RUNNING, FALSE, NO_ELIGIBLE_AGENT, message, generation, now);
    Conditions.set(status.getConditions(), JobStatus.SUCCEEDED, UNKNOWN, NO_ELIGIBLE_AGENT, message, generation, now);
    plan.requeueWithin(NO_AGENT_RECHECK);
  }

  /** Reason of an Agent Job that waits because the agent bus (the central Redis) does not answer. */
  static final String AGENT_BUS_UNAVAILABLE = "AgentBusUnavailable";

  /**
   * The registry cannot be read, so no agent can be chosen: the Job stays Pending and says why. It is woken when the
   * bus answers again; the recheck is only the fallback.
   */
  static void agentBusUnavailable(Job job, JobPlan plan, Instant now) {
    var status = plan.status();
    var generation = job.getMetadata().getGeneration();
    var message = "the agent bus (the central Redis) does not answer; the Job is placed once it does";
    var running = Conditions.find(status.getConditions(), JobStatus.RUNNING);
    if (running == null || !AGENT_BUS_UNAVAILABLE.equals(running.getReason())) {
      plan.warning(AGENT_BUS_UNAVAILABLE, message);
    }
    status.setPhase(JobPhase.Pending);
    Conditions.set(status.getConditions(), JobStatus.RUNNING, FALSE, AGENT_BUS_UNAVAILABLE, message, generation, now);
    Conditions.set(status.getConditions(), JobStatus.SUCCEEDED, UNKNOWN, AGENT_BUS_UNAVAILABLE, message, generation,
        now);
    plan.requeueWithin(NO_AGENT_RECHECK);
  }

  /** Records the current agent attempt as Running once the agent said it started, else as Pending on that agent. */
  static void agentActive(Job job, JobStatus status, boolean started, Instant now) {
    var generation = job.getMetadata().getGeneration();
    var current = status.getAttempts().get(status.getAttempts().size() - 1);
    status.setAttempt(current.getNumber());
    if (started) {
      var message = "attempt " + current.getNumber() + " runs on agent " + current.getAgent();
      status.setPhase(JobPhase.Running);
      Conditions.set(status.getConditions(), JobStatus.RUNNING, TRUE, "AttemptRunning", message, generation, now);
      Conditions.set(status.getConditions(), JobStatus.SUCCEEDED, UNKNOWN, "AttemptRunning", message, generation, now);
      return;
    }
    var message = "attempt " + current.getNumber() + " was sent to agent " + current.getAgent()
        + ", which has not started it yet";
    status.setPhase(JobPhase.Pending);
    Conditions.set(status.getConditions(), JobStatus.RUNNING, FALSE, "AgentStarting", message, generation, now);
    Conditions.set(status.getConditions(), JobStatus.SUCCEEDED, UNKNOWN, "AgentStarting", message, generation, now);
  }

  /** The next attempt waits until the Pod of an earlier one has terminated. */
  static void waitingForPodTermination(Job job, JobPlan plan, Pod pod, Instant now) {
    var status = plan.status();
    var generation = job.getMetadata().getGeneration();
    var message = "waiting for Pod " + pod.getMetadata().getName() + " of an earlier attempt to terminate";
    status.setPhase(JobPhase.Pending);
    Conditions.set(status.getConditions(), JobStatus.RUNNING, FALSE, "PodTerminating", message, generation, now);
    Conditions.set(status.getConditions(), JobStatus.SUCCEEDED, UNKNOWN, "PodTerminating", message, generation, now);
  }

  /**
   * The attempt's Pod could not be created for a reason that may pass (a ResourceQuota, a Pod Security policy, a Pod
   * of the same name owned by something else): the Job says so and tries again later.
   */
  static void podCreationBlocked(Job job, JobPlan plan, String reason, String message, Instant now) {
    var status = plan.status();
    var generation = job.getMetadata().getGeneration();
    var running = Conditions.find(status.getConditions(), JobStatus.RUNNING);
    if (running == null || !reason.equals(running.getReason())) {
      plan.warning(reason, message);
    }
    status.setPhase(JobPhase.Pending);
    Conditions.set(status.getConditions(), JobStatus.RUNNING, FALSE, reason, message, generation, now);
    Conditions.set(status.getConditions(), JobStatus.SUCCEEDED, UNKNOWN, reason, message, generation, now);
    plan.requeueWithin(BLOCKED_RECHECK);
  }
}
