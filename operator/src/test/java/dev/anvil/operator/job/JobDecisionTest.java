package dev.anvil.operator.job;

import static dev.anvil.operator.TestJobs.podJob;
import static dev.anvil.operator.TestJobs.retry;
import static org.assertj.core.api.Assertions.assertThat;

import dev.anvil.crds.v1alpha1.AgentTask;
import dev.anvil.crds.v1alpha1.Job;
import dev.anvil.crds.v1alpha1.JobPhase;
import dev.anvil.crds.v1alpha1.JobStatus;
import dev.anvil.operator.scheduling.Admission;
import dev.anvil.operator.status.Conditions;
import io.fabric8.kubernetes.api.model.ContainerStatusBuilder;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodStatusBuilder;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The state machine alone: no API server, the clock and the Pods given. */
class JobDecisionTest {

  private static final Instant T0 = Instant.parse("2026-11-23T10:00:00Z");
  private final JobDecision decision = new JobDecision();

  private static Job job() {
    var job = podJob("ns", "j", "0", 0);
    job.getMetadata().setUid("uid-j");
    job.getMetadata().setGeneration(1L);
    return job;
  }

  private static Pod pod(Job job, int attempt, PodStatusBuilder status) {
    var pod = AttemptPods.build(job, attempt, null);
    pod.setStatus(status.build());
    return pod;
  }

  @Test
  void aNewJobStartsItsFirstAttemptAsAPendingPod() {
    var job = job();
    var plan = decision.decide(job, Map.of(), Admission.granted(), T0);
    assertThat(plan.create()).isEqualTo(new JobPlan.CreatePod(1, null));
    assertThat(plan.status().getPhase()).isEqualTo(JobPhase.Pending);
    assertThat(plan.status().getAdmittedTime()).isEqualTo(T0.toString());
    assertThat(plan.status().getAttempts()).singleElement().satisfies(a -> assertThat(a.getPod()).isEqualTo("j-1"));
  }

  @Test
  void aPodStuckOnItsImageSaysSo() {
    var job = job();
    job.setStatus(decision.decide(job, Map.of(), Admission.granted(), T0).status());
    var stuck = pod(job, 1, new PodStatusBuilder().withPhase("Pending").withContainerStatuses(
        new ContainerStatusBuilder().withName("main").withNewState().withNewWaiting().withReason("ImagePullBackOff")
            .withMessage("Back-off pulling image \"busybox:1.36\"").endWaiting().endState().build()));
    var plan = decision.decide(job, Map.of(1, stuck), null, T0.plusSeconds(30));
    assertThat(plan.status().getPhase()).isEqualTo(JobPhase.Pending);
    assertThat(Conditions.find(plan.status().getConditions(), JobStatus.RUNNING).getMessage())
        .contains("ImagePullBackOff: Back-off pulling image");
    assertThat(plan.create()).isNull();
  }

  @Test
  void aFailedAttemptWaitsForItsBackoffThenRetries() {
    var job = job();
    job.getSpec().setRetry(retry(2));
    job.setStatus(decision.decide(job, Map.of(), Admission.granted(), T0).status());
    var failed = pod(job, 1, new PodStatusBuilder().withPhase("Failed").withContainerStatuses(
        new ContainerStatusBuilder().withName("main").withNewState().withNewTerminated().withExitCode(4)
            .endTerminated().endState().build()));
    var plan = decision.decide(job, Map.of(1, failed), null, T0.plusSeconds(1));
    assertThat(plan.status().getPhase()).isEqualTo(JobPhase.Retrying);
    assertThat(plan.status().getNextAttemptTime()).isEqualTo(T0.plusSeconds(1).plusMillis(50).toString());
    assertThat(plan.requeueAfter()).isEqualTo(Duration.ofMillis(50));
    assertThat(plan.create()).isNull();

    job.setStatus(plan.status());
    var due = decision.decide(job, Map.of(1, failed), null, T0.plusSeconds(2));
    assertThat(due.create()).isEqualTo(new JobPlan.CreatePod(2, null));
    assertThat(due.status().getAttempts()).hasSize(2);
  }

  @Test
  void aQueuedJobStartsNothing() {
    var plan = decision.decide(job(), Map.of(), Admission.queued("namespace ns runs 2 of at most 2 Jobs"), T0);
    assertThat(plan.create()).isNull();
    assertThat(plan.status().getPhase()).isEqualTo(JobPhase.Queued);
    assertThat(plan.requeueAfter()).isEqualTo(Admission.RECHECK);
  }

  @Test
  void theRemainingJobDeadlineBoundsThePodsDeadline() {
    var job = job();
    job.getSpec().setActiveDeadlineSeconds(100L);
    job.getSpec().setAttemptDeadlineSeconds(60L);
    job.getSpec().setRetry(retry(3));
    job.setStatus(decision.decide(job, Map.of(), Admission.granted(), T0).status());
    var failed = pod(job, 1, new PodStatusBuilder().withPhase("Failed"));
    job.setStatus(decision.decide(job, Map.of(1, failed), null, T0.plusSeconds(70)).status());
    var retry = decision.decide(job, Map.of(1, failed), null, T0.plusSeconds(71));
    assertThat(retry.create()).isEqualTo(new JobPlan.CreatePod(2, 29L));
  }

  @Test
  void finishedJobsAreLeftAloneUntilTheirTtlExpires() {
    var job = job();
    job.getSpec().setTtlSecondsAfterFinished(60L);
    job.setStatus(decision.decide(job, Map.of(), Admission.granted(), T0).status());
    var done = pod(job, 1, new PodStatusBuilder().withPhase("Succeeded"));
    var finished = decision.decide(job, Map.of(1, done), null, T0.plusSeconds(5));
    assertThat(finished.finishedOutcome()).isEqualTo("succeeded");
    assertThat(finished.requeueAfter()).isEqualTo(Duration.ofSeconds(60));
    job.setStatus(finished.status());
    assertThat(decision.decide(job, Map.of(1, done), null, T0.plusSeconds(30)).deleteJob()).isFalse();
    assertThat(decision.decide(job, Map.of(1, done), null, T0.plusSeconds(65)).deleteJob()).isTrue();
  }

  @Test
  void anAgentJobWaitsAndSaysWhyInsteadOfRunningAsAPod() {
    var job = job();
    job.getSpec().setTemplate(null);
    job.getSpec().setExecutor("Agent");
    var agent = new AgentTask();
    agent.setCommand(List.of("true"));
    job.getSpec().setAgent(agent);
    assertThat(decision.needsAdmission(job, Map.of())).isFalse();
    var plan = decision.decide(job, Map.of(), null, T0);
    assertThat(plan.create()).isNull();
    assertThat(plan.status().getPhase()).isEqualTo(JobPhase.Pending);
    assertThat(Conditions.find(plan.status().getConditions(), JobStatus.RUNNING).getReason())
        .isEqualTo(JobStatusTransitions.AGENT_EXECUTOR_UNAVAILABLE);
    assertThat(plan.notes()).hasSize(1);
    job.setStatus(plan.status());
    assertThat(decision.decide(job, Map.of(), null, T0.plusSeconds(1)).notes()).isEmpty();
  }

  @Test
  void aPodFoundWithoutARecordedAttemptIsAdoptedNotCreatedAgain() {
    var job = job();
    var running = pod(job, 1, new PodStatusBuilder().withPhase("Running"));
    running.getMetadata().setCreationTimestamp(T0.toString());
    assertThat(decision.needsAdmission(job, Map.of(1, running))).isFalse();
    var plan = decision.decide(job, Map.of(1, running), null, T0.plusSeconds(3));
    assertThat(plan.create()).isNull();
    assertThat(plan.status().getPhase()).isEqualTo(JobPhase.Running);
    assertThat(plan.status().getAttempts()).singleElement().satisfies(a -> assertThat(a.getPod()).isEqualTo("j-1"));
    assertThat(plan.status().getAdmittedTime()).as("a Pod exists, so it had been admitted").isNotNull();
  }

  @Test
  void aResumedJobAsksTheQuotaAgainAndItsDeadlineCountsFromTheResume() {
    var job = job();
    job.getSpec().setActiveDeadlineSeconds(60L);
    job.setStatus(decision.decide(job, Map.of(), Admission.granted(), T0).status());
    var runningPod = pod(job, 1, new PodStatusBuilder().withPhase("Running"));
    job.getSpec().setSuspend(true);
    var suspending = decision.decide(job, Map.of(1, runningPod), null, T0.plusSeconds(10));
    assertThat(suspending.deletes()).containsExactly(new JobPlan.DeletePod("j-1"));
    job.setStatus(suspending.status());
    var stopped = pod(job, 1, new PodStatusBuilder().withPhase("Failed"));
    job.setStatus(decision.decide(job, Map.of(1, stopped), null, T0.plusSeconds(11)).status());
    assertThat(job.getStatus().getPhase()).isEqualTo(JobPhase.Suspended);

    job.getSpec().setSuspend(false);
    assertThat(decision.needsAdmission(job, Map.of(1, stopped))).isTrue();
    var queued = decision.decide(job, Map.of(1, stopped), Admission.queued("full"), T0.plusSeconds(300));
    assertThat(queued.create()).isNull();
    assertThat(queued.status().getPhase()).isEqualTo(JobPhase.Queued);
    var resumed = decision.decide(job, Map.of(1, stopped), Admission.granted(), T0.plusSeconds(300));
    assertThat(resumed.create()).as("not failed for the minutes spent suspended").isEqualTo(
        new JobPlan.CreatePod(2, 60L));
    assertThat(resumed.status().getStartTime()).isEqualTo(T0.plusSeconds(300).toString());
  }

  @Test
  void theNextAttemptWaitsUntilThePreviousPodHasTerminated() {
    var job = job();
    job.getSpec().setRetry(retry(2, "DeadlineExceeded"));
    job.getSpec().setAttemptDeadlineSeconds(5L);
    job.setStatus(decision.decide(job, Map.of(), Admission.granted(), T0).status());
    var slow = pod(job, 1, new PodStatusBuilder().withPhase("Running"));
    var overdue = decision.decide(job, Map.of(1, slow), null, T0.plusSeconds(6));
    assertThat(overdue.deletes()).containsExactly(new JobPlan.DeletePod("j-1"));
    job.setStatus(overdue.status());
    slow.getMetadata().setDeletionTimestamp(T0.plusSeconds(6).toString());
    var waiting = decision.decide(job, Map.of(1, slow), null, T0.plusSeconds(10));
    assertThat(waiting.create()).isNull();
    assertThat(Conditions.find(waiting.status().getConditions(), JobStatus.RUNNING).getReason())
        .isEqualTo("PodTerminating");
    assertThat(decision.decide(job, Map.of(), null, T0.plusSeconds(10)).create())
        .isEqualTo(new JobPlan.CreatePod(2, 5L));
  }

  @Test
  void aPodMarkedForDisruptionCountsAsEvicted() {
    var job = job();
    job.setStatus(decision.decide(job, Map.of(), Admission.granted(), T0).status());
    var preempted = pod(job, 1, new PodStatusBuilder().withPhase("Running").addNewCondition()
        .withType("DisruptionTarget").withStatus("True").withReason("PreemptionByScheduler").endCondition());
    preempted.getMetadata().setDeletionTimestamp(T0.plusSeconds(1).toString());
    var plan = decision.decide(job, Map.of(1, preempted), null, T0.plusSeconds(2));
    assertThat(plan.status().getAttempts().get(0).getReason()).isEqualTo("Evicted");
  }

  @Test
  void editingAFinishedJobMovesItsObservedGeneration() {
    var job = job();
    job.setStatus(decision.decide(job, Map.of(), Admission.granted(), T0).status());
    var done = pod(job, 1, new PodStatusBuilder().withPhase("Succeeded"));
    job.setStatus(decision.decide(job, Map.of(1, done), null, T0.plusSeconds(1)).status());
    job.getMetadata().setGeneration(2L);
    var plan = decision.decide(job, Map.of(1, done), null, T0.plusSeconds(2));
    assertThat(plan.status().getObservedGeneration()).isEqualTo(2L);
    assertThat(plan.status().getPhase()).isEqualTo(JobPhase.Succeeded);
  }
}
