package dev.anvil.operator.job;

import static dev.anvil.operator.job.Attempts.finishAttempt;
import static dev.anvil.operator.job.Attempts.overallDeadline;
import static dev.anvil.operator.job.Attempts.running;
import static dev.anvil.operator.job.JobStatusTransitions.active;
import static dev.anvil.operator.job.JobStatusTransitions.agentActive;
import static dev.anvil.operator.job.JobStatusTransitions.agentBusUnavailable;
import static dev.anvil.operator.job.JobStatusTransitions.noEligibleAgent;
import static dev.anvil.operator.job.JobStatusTransitions.awaitingAgentExecutor;
import static dev.anvil.operator.job.JobStatusTransitions.expireAfterTtl;
import static dev.anvil.operator.job.JobStatusTransitions.failed;
import static dev.anvil.operator.job.JobStatusTransitions.podCreationBlocked;
import static dev.anvil.operator.job.JobStatusTransitions.succeeded;
import static dev.anvil.operator.job.JobStatusTransitions.suspended;
import static dev.anvil.operator.job.JobStatusTransitions.waitingForPodTermination;
import static dev.anvil.operator.status.Conditions.FALSE;
import static dev.anvil.operator.status.Conditions.TRUE;

import dev.anvil.crds.v1alpha1.Attempt;
import dev.anvil.crds.v1alpha1.Executor;
import dev.anvil.crds.v1alpha1.FailureReason;
import dev.anvil.crds.v1alpha1.Job;
import dev.anvil.crds.v1alpha1.JobPhase;
import dev.anvil.crds.v1alpha1.JobStatus;
import dev.anvil.operator.scheduling.Admission;
import dev.anvil.operator.status.Conditions;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.client.utils.KubernetesSerialization;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * The Job state machine, as a pure function: from the Job, its attempt Pods (or what the agent bus reported) and the
 * time, it computes the whole next status and what to create, delete or send. Level-based: it never asks what event
 * woke it.
 */
public final class JobDecision {

  /** Reason of a Job whose spec cannot run. */
  public static final String INVALID_SPEC = "InvalidSpec";
  /** Reason of a Job whose failed attempts used up `retry.limit`. */
  public static final String RETRY_LIMIT_EXCEEDED = "RetryLimitExceeded";

  private static final KubernetesSerialization SERIALIZATION = new KubernetesSerialization();
  static final List<String> FAILURES = Arrays.stream(FailureReason.values()).map(Enum::name).toList();

  private final JobSpecValidator validator = new JobSpecValidator();
  private final boolean agentExecutor;

  /** A decision for an operator without the Agent executor: Agent Jobs wait. */
  public JobDecision() {
    this(false);
  }

  /** {@code agentExecutor}: whether this operator runs Agent Jobs (it has the agent bus). */
  public JobDecision(boolean agentExecutor) {
    this.agentExecutor = agentExecutor;
  }

  /**
   * Whether the Job is about to start an attempt without holding a quota slot: the quota must be asked first. A Job
   * with a running or unrecorded attempt Pod already holds one (or held one before an operator restart).
   */
  public boolean needsAdmission(Job job, Map<Integer, Pod> pods) {
    var status = job.getStatus();
    var spec = job.getSpec();
    if (status != null && (isTerminal(status) || status.getAdmittedTime() != null)) {
      return false;
    }
    if (spec == null || Boolean.TRUE.equals(spec.getSuspend()) || isAgentJob(job) && !agentExecutor
        || !validator.validate(spec).isEmpty()) {
      return false;
    }
    int recorded = status == null ? 0 : status.getAttempts().size();
    boolean unrecordedPod = pods.keySet().stream().anyMatch(n -> n > recorded);
    return !unrecordedPod && (status == null || running(status) == null);
  }

  public static boolean isTerminal(JobStatus status) {
    return status.getPhase() == JobPhase.Succeeded || status.getPhase() == JobPhase.Failed;
  }

  /**
   * Plans the next step. {@code admission} is the quota's answer for a Job that {@link #needsAdmission needs one},
   * else null. {@code pods} maps attempt numbers to the Job's Pods that exist.
   */
  public JobPlan decide(Job job, Map<Integer, Pod> pods, Admission admission, Instant now) {
    return decide(job, pods, admission, null, now);
  }

  /** Plans the next step; {@code agents} is what the agent bus showed for an Agent Job, null without the bus. */
  public JobPlan decide(Job job, Map<Integer, Pod> pods, Admission admission, AgentView agents, Instant now) {
    var status = job.getStatus() == null ? new JobStatus() : SERIALIZATION.clone(job.getStatus());
    var generation = job.getMetadata().getGeneration();
    if (wasRejectedAsInvalid(status) && !Objects.equals(status.getObservedGeneration(), generation)) {
      status = new JobStatus(); // the spec was edited after it was rejected: start over
    }
    var plan = new JobPlan(status);
    status.setObservedGeneration(generation);
    if (isTerminal(status)) {
      expireAfterTtl(job, plan, now);
      return plan;
    }
    adoptUnrecordedPods(status, pods);

    var problems = validator.validate(job.getSpec());
    if (!problems.isEmpty()) {
      var running = running(status);
      if (running != null) {
        RunningAttempts.stop(plan, running, INVALID_SPEC);
        finishAttempt(running, INVALID_SPEC, null, "the spec became invalid", now);
      }
      failed(job, plan, INVALID_SPEC, String.join("; ", problems), now);
      return plan;
    }
    if (isAgentJob(job) && (!agentExecutor || agents == null)) {
      awaitingAgentExecutor(job, plan, now);
      return plan;
    }
    if (!RunningAttempts.observe(job, pods, agents, plan, now)) {
      return plan; // still running
    }
    decideNextAttempt(job, pods, plan, admission, agents, now);
    return plan;
  }

  /** The plan for a Job whose attempt Pod the API server refused as invalid: a spec problem, so the Job fails. */
  public JobPlan podRejected(Job job, String message, Instant now) {
    var plan = new JobPlan(observedStatus(job));
    failed(job, plan, INVALID_SPEC, message, now);
    return plan;
  }

  /** The plan for a Job whose attempt Pod cannot be created yet ({@code reason} says why): it waits and tries again. */
  public JobPlan podBlocked(Job job, String reason, String message, Instant now) {
    var plan = new JobPlan(observedStatus(job));
    podCreationBlocked(job, plan, reason, message, now);
    return plan;
  }

  private static JobStatus observedStatus(Job job) {
    var status = job.getStatus() == null ? new JobStatus() : SERIALIZATION.clone(job.getStatus());
    status.setObservedGeneration(job.getMetadata().getGeneration());
    return status;
  }


  private void decideNextAttempt(Job job, Map<Integer, Pod> pods, JobPlan plan, Admission admission,
      AgentView agents, Instant now) {
    var status = plan.status();
    var spec = job.getSpec();
    var last = status.getAttempts().isEmpty() ? null : status.getAttempts().get(status.getAttempts().size() - 1);
    if (last != null && Attempt.COMPLETED.equals(last.getReason())) {
      succeeded(job, plan, last, now);
      return;
    }
    if (Boolean.TRUE.equals(spec.getSuspend())) {
      suspended(job, plan, now);
      return;
    }
    if (Conditions.isTrue(status.getConditions(), JobStatus.SUSPENDED)) {
      Conditions.set(status.getConditions(), JobStatus.SUSPENDED, FALSE, "Resumed", "spec.suspend is false",
          job.getMetadata().getGeneration(), now);
      plan.normal("Resumed", "the Job was resumed");
      status.setStartTime(null); // as batch/v1 does: activeDeadlineSeconds counts again from the resume
    }
    var overallEnd = overallDeadline(job, status);
    if (overallEnd != null && !now.isBefore(overallEnd)) {
      failed(job, plan, FailureReason.DeadlineExceeded.name(),
          "the Job ran past activeDeadlineSeconds (" + spec.getActiveDeadlineSeconds() + "s)", now);
      return;
    }
    if (last != null && FAILURES.contains(last.getReason()) && !RetryScheduling.retryDue(job, plan, last, now)) {
      return;
    }
    var lingering = lingeringPod(pods);
    if (lingering != null) {
      waitingForPodTermination(job, plan, lingering, now);
      return;
    }
    String agent = null;
    if (isAgentJob(job)) {
      if (agents.registry() == AgentView.Registry.UNREADABLE) {
        agentBusUnavailable(job, plan, now);
        return;
      }
      // placed before admission, so a Job that no agent can run does not hold a quota slot while it waits
      var choice = AgentPlacement.choose(spec.getAgent(), agents.live(), agents.assigned(),
          agents.ended());
      if (choice.agentId() == null) {
        noEligibleAgent(job, plan, choice.whyNone(), now);
        return;
      }
      agent = choice.agentId();
    }
    if (status.getAdmittedTime() == null && !AdmissionStep.admit(job, plan, admission, now)) {
      return;
    }
    startAttempt(job, plan, agent, now);
    if (agent != null) {
      plan.requeueWithin(agents.heartbeatTimeout());
    }
  }

  private void startAttempt(Job job, JobPlan plan, String agent, Instant now) {
    var status = plan.status();
    var spec = job.getSpec();
    int number = status.getAttempts().size() + 1;
    if (status.getStartTime() == null) {
      status.setStartTime(now.toString());
    }
    var overallEnd = overallDeadline(job, status);
    Long deadline = spec.getAttemptDeadlineSeconds();
    if (overallEnd != null) {
      long remaining = Math.max(1, (Duration.between(now, overallEnd).toMillis() + 999) / 1000);
      deadline = deadline == null ? remaining : Math.min(deadline, remaining);
      plan.requeueWithin(Duration.between(now, overallEnd));
    }
    if (spec.getAttemptDeadlineSeconds() != null) {
      plan.requeueWithin(Duration.ofSeconds(spec.getAttemptDeadlineSeconds()));
    }
    var attempt = new Attempt(number, now.toString());
    status.getAttempts().add(attempt);
    status.setNextAttemptTime(null);
    if (agent != null) {
      attempt.setAgent(agent);
      plan.run(number, agent, spec.getAttemptDeadlineSeconds(), overallEnd);
      plan.normal("AttemptStarted", "attempt " + number + " sent to agent " + agent);
      agentActive(job, status, false, now);
      return;
    }
    attempt.setPod(AttemptPods.name(job.getMetadata().getName(), number));
    plan.create(number, deadline);
    plan.normal("AttemptStarted", "attempt " + number + " started as Pod " + attempt.getPod());
    active(job, status, null, now);
  }

  private static void adoptUnrecordedPods(JobStatus status, Map<Integer, Pod> pods) {
    pods.keySet().stream().sorted().filter(n -> n > status.getAttempts().size()).forEach(n -> {
      var pod = pods.get(n);
      var attempt = new Attempt(n, pod.getMetadata().getCreationTimestamp());
      attempt.setPod(pod.getMetadata().getName());
      status.getAttempts().add(attempt);
      status.setAttempt(n);
      if (status.getStartTime() == null) {
        status.setStartTime(attempt.getStartTime());
      }
      if (status.getAdmittedTime() == null) {
        status.setAdmittedTime(attempt.getStartTime()); // its Pod was created, so it had been admitted
      }
    });
  }

  static boolean isAgentJob(Job job) {
    return Executor.Agent.name().equals(job.getSpec().getExecutor());
  }

  /**
   * A Pod of an earlier attempt that has not terminated yet (deleted for a deadline or a suspension, or by someone
   * else, and still shutting down): the next attempt waits for it, so two attempts never run at once.
   */
  private static Pod lingeringPod(Map<Integer, Pod> pods) {
    return pods.values().stream().filter(p -> !PodOutcome.terminated(p)).findFirst().orElse(null);
  }

  private static boolean wasRejectedAsInvalid(JobStatus status) {
    var failed = Conditions.find(status.getConditions(), JobStatus.FAILED);
    return failed != null && INVALID_SPEC.equals(failed.getReason()) && status.getAttempts().isEmpty();
  }
}
