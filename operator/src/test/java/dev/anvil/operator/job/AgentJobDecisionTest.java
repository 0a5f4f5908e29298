package dev.anvil.operator.job;

import static dev.anvil.operator.TestJobs.agentJob;
import static dev.anvil.operator.TestJobs.retry;
import static dev.anvil.operator.job.AgentPlacementTest.agent;
import static org.assertj.core.api.Assertions.assertThat;

import dev.anvil.crds.v1alpha1.Attempt;
import dev.anvil.crds.v1alpha1.Job;
import dev.anvil.crds.v1alpha1.JobPhase;
import dev.anvil.crds.v1alpha1.JobStatus;
import dev.anvil.operator.scheduling.Admission;
import dev.anvil.operator.status.Conditions;
import dev.anvil.protocol.bus.LiveAgent;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** The state machine for executor Agent: placement, reports applied, lost agents, cancels, duplicates. */
class AgentJobDecisionTest {

  private static final Instant T0 = Instant.parse("2026-11-23T10:00:00Z");
  private static final Duration TIMEOUT = Duration.ofSeconds(15);
  private final JobDecision decision = new JobDecision(true);

  private static Job job() {
    var job = agentJob("ns", "j", "echo hi");
    job.getMetadata().setUid("uid-j");
    job.getMetadata().setGeneration(1L);
    return job;
  }

  private static AgentView view(List<LiveAgent> live, Map<Integer, AgentReport> reports) {
    return new AgentView(live, Map.of(), Set.of(), reports, TIMEOUT);
  }

  private static AgentView view(List<LiveAgent> live, AgentView.Registry registry) {
    return new AgentView(live, Map.of(), Set.of(), Map.of(), TIMEOUT, registry);
  }

  private static LiveAgent a() {
    return agent("a", "n1", "dc-a", Map.of(), 2, List.of());
  }

  private static LiveAgent b() {
    return agent("b", "n2", "dc-a", Map.of(), 2, List.of());
  }

  private JobPlan started(Job job) {
    var plan = decision.decide(job, Map.of(), Admission.granted(), view(List.of(a()), Map.of()), T0);
    job.setStatus(plan.status());
    return plan;
  }

  @Test
  void withoutTheBusAnAgentJobWaitsAsBefore() {
    var plan = decision.decide(job(), Map.of(), Admission.granted(), null, T0);
    assertThat(Conditions.find(plan.status().getConditions(), JobStatus.RUNNING).getReason())
        .isEqualTo("AgentExecutorUnavailable");
    assertThat(new JobDecision().needsAdmission(job(), Map.of())).isFalse();
    assertThat(decision.needsAdmission(job(), Map.of())).isTrue();
  }

  @Test
  void theFirstAttemptIsRecordedWithItsAgentAndSent() {
    var plan = started(job());
    assertThat(plan.status().getAttempts()).singleElement().satisfies(at -> {
      assertThat(at.getAgent()).isEqualTo("a");
      assertThat(at.getPod()).isNull();
    });
    assertThat(plan.runs()).containsExactly(new JobPlan.RunOnAgent(1, "a", null, null));
    assertThat(plan.create()).isNull();
    assertThat(plan.status().getPhase()).isEqualTo(JobPhase.Pending);
    assertThat(Conditions.find(plan.status().getConditions(), JobStatus.RUNNING).getReason())
        .isEqualTo("AgentStarting");
    assertThat(plan.requeueAfter()).isEqualTo(TIMEOUT);
  }

  @Test
  void noEligibleAgentKeepsTheJobPendingWithWhyAndNoAttempt() {
    var job = job();
    job.getSpec().getAgent().setDatacenter("dc-b");
    var plan = decision.decide(job, Map.of(), Admission.granted(), view(List.of(a(), b()), Map.of()), T0);
    assertThat(plan.status().getAttempts()).isEmpty();
    assertThat(plan.status().getAdmittedTime()).isNull();
    assertThat(plan.status().getPhase()).isEqualTo(JobPhase.Pending);
    var running = Conditions.find(plan.status().getConditions(), JobStatus.RUNNING);
    assertThat(running.getReason()).isEqualTo("NoEligibleAgent");
    assertThat(running.getMessage()).isEqualTo("2 live agent(s), none eligible: 2 not in datacenter dc-b");
    assertThat(plan.requeueAfter()).isEqualTo(Duration.ofSeconds(10));
  }

  @Test
  void anUnstartedAttemptIsSentAgainEachPassAndAStartedOneRuns() {
    var job = job();
    started(job);
    var again = decision.decide(job, Map.of(), null, view(List.of(a()), Map.of()), T0.plusSeconds(1));
    assertThat(again.runs()).containsExactly(new JobPlan.RunOnAgent(1, "a", null, null));
    var running = decision.decide(job, Map.of(), null,
        view(List.of(a()), Map.of(1, new AgentReport(true, null))), T0.plusSeconds(2));
    assertThat(running.runs()).isEmpty();
    assertThat(running.status().getPhase()).isEqualTo(JobPhase.Running);
    job.setStatus(running.status());
    // the started report was acknowledged: the recorded phase keeps the attempt Running
    var later = decision.decide(job, Map.of(), null, view(List.of(a()), Map.of()), T0.plusSeconds(3));
    assertThat(later.runs()).isEmpty();
    assertThat(later.status().getPhase()).isEqualTo(JobPhase.Running);
  }

  @Test
  void aCompletedReportSucceedsTheJobWithResultsAndExitCode() {
    var job = job();
    started(job);
    var done = new AgentOutcome(Attempt.COMPLETED, 0, null, Map.of("verdict", "pass"));
    var plan = decision.decide(job, Map.of(), null, view(List.of(a()), Map.of(1, new AgentReport(true, done))),
        T0.plusSeconds(5));
    assertThat(plan.status().getPhase()).isEqualTo(JobPhase.Succeeded);
    assertThat(plan.status().getResults()).containsEntry("verdict", "pass");
    assertThat(plan.status().getAttempts().get(0).getExitCode()).isZero();
    job.setStatus(plan.status());
    // a duplicated attempt-finished entry, even a different one, changes nothing once the attempt is finished
    var dup = decision.decide(job, Map.of(), null, view(List.of(), Map.of(1, new AgentReport(true,
        new AgentOutcome("Failed", 1, "late", null)))), T0.plusSeconds(9));
    assertThat(dup.status().getAttempts()).usingRecursiveComparison().isEqualTo(plan.status().getAttempts());
    assertThat(dup.status().getResults()).isEqualTo(plan.status().getResults());
    assertThat(dup.runs()).isEmpty();
    assertThat(dup.cancels()).isEmpty();
  }

  @Test
  void aLostAgentFailsTheAttemptWithAgentLostCancelsItAndTheRetryGoesElsewhere() {
    var job = job();
    job.getSpec().setRetry(retry(1));
    started(job);
    var lost = decision.decide(job, Map.of(), null, view(List.of(b()), Map.of()), T0.plusSeconds(20));
    var attempt = lost.status().getAttempts().get(0);
    assertThat(attempt.getReason()).isEqualTo("AgentLost");
    assertThat(attempt.getMessage()).contains("agent a sent no heartbeat within 15s");
    assertThat(lost.cancels()).containsExactly(new JobPlan.CancelOnAgent(1, "a", "AgentLost"));
    assertThat(lost.status().getPhase()).isEqualTo(JobPhase.Retrying);
    job.setStatus(lost.status());
    var retried = decision.decide(job, Map.of(), null, view(List.of(b()), Map.of()), T0.plusSeconds(21));
    assertThat(retried.runs()).containsExactly(new JobPlan.RunOnAgent(2, "b", null, null));
  }

  @Test
  void whileTheBusIsUnreadableANewJobWaitsSayingWhyAndARunningAttemptIsNeitherLostNorSent() {
    var waiting = decision.decide(job(), Map.of(), Admission.granted(), view(List.of(), AgentView.Registry.UNREADABLE),
        T0);
    assertThat(waiting.status().getAttempts()).isEmpty();
    assertThat(waiting.status().getPhase()).isEqualTo(JobPhase.Pending);
    assertThat(Conditions.find(waiting.status().getConditions(), JobStatus.RUNNING).getReason())
        .isEqualTo("AgentBusUnavailable");
    assertThat(waiting.requeueAfter()).isEqualTo(Duration.ofSeconds(10));

    var job = job();
    started(job);
    var away = decision.decide(job, Map.of(), null, view(List.of(), AgentView.Registry.UNREADABLE),
        T0.plusSeconds(60));
    assertThat(away.status().getAttempts().get(0).finished()).isFalse();
    assertThat(away.runs()).as("not sent to an agent the registry does not show").isEmpty();
    assertThat(away.cancels()).isEmpty();
  }

  @Test
  void justAfterAnOutageAnAgentMissingFromTheRegistryIsNotLostYetButItIsOnceTheRegistryIsCurrent() {
    var job = job();
    started(job);
    var settling = decision.decide(job, Map.of(), null, view(List.of(b()), AgentView.Registry.SETTLING),
        T0.plusSeconds(60));
    assertThat(settling.status().getAttempts().get(0).finished()).isFalse();
    assertThat(settling.runs()).isEmpty();
    assertThat(settling.requeueAfter()).isEqualTo(TIMEOUT);

    var current = decision.decide(job, Map.of(), null, view(List.of(b()), AgentView.Registry.CURRENT),
        T0.plusSeconds(75));
    assertThat(current.status().getAttempts().get(0).getReason()).isEqualTo("AgentLost");
  }

  @Test
  void suspendingOrADeadlineCancelsTheRunningAttemptOnItsAgent() {
    var job = job();
    started(job);
    job.getSpec().setSuspend(true);
    var suspended = decision.decide(job, Map.of(), null, view(List.of(a()), Map.of()), T0.plusSeconds(1));
    assertThat(suspended.cancels()).containsExactly(new JobPlan.CancelOnAgent(1, "a", "JobSuspended"));
    assertThat(suspended.status().getAttempts().get(0).getReason()).isEqualTo(Attempt.SUSPENDED);

    var timed = job();
    timed.getSpec().setAttemptDeadlineSeconds(5L);
    var first = started(timed);
    assertThat(first.runs()).containsExactly(new JobPlan.RunOnAgent(1, "a", 5L, null));
    var late = decision.decide(timed, Map.of(), null, view(List.of(a()), Map.of()), T0.plusSeconds(6));
    assertThat(late.cancels()).containsExactly(new JobPlan.CancelOnAgent(1, "a", "AttemptDeadlineExceeded"));
    assertThat(late.status().getAttempts().get(0).getReason()).isEqualTo("DeadlineExceeded");
  }
}
