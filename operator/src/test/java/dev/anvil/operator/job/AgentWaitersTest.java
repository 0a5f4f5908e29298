package dev.anvil.operator.job;

import static dev.anvil.operator.TestJobs.agentJob;
import static dev.anvil.operator.job.AgentPlacementTest.agent;
import static org.assertj.core.api.Assertions.assertThat;

import dev.anvil.crds.v1alpha1.Attempt;
import dev.anvil.crds.v1alpha1.FailureReason;
import dev.anvil.crds.v1alpha1.Job;
import dev.anvil.crds.v1alpha1.JobPhase;
import dev.anvil.crds.v1alpha1.JobStatus;
import dev.anvil.operator.status.Conditions;
import dev.anvil.protocol.bus.LiveAgent;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** Which Jobs waiting for an agent slot an ended agent attempt wakes. */
class AgentWaitersTest {

  private static final Instant T0 = Instant.parse("2026-11-23T10:00:00Z");

  private static Job job(String name, int createdSecond, JobStatus status) {
    var job = agentJob("ns", name, "true");
    job.getMetadata().setUid("uid-" + name);
    job.getMetadata().setCreationTimestamp(T0.plusSeconds(createdSecond).toString());
    job.setStatus(status);
    return job;
  }

  private static JobStatus waiting() {
    var status = new JobStatus();
    status.setPhase(JobPhase.Pending);
    Conditions.set(status.getConditions(), JobStatus.RUNNING, Conditions.FALSE, JobStatusTransitions.NO_ELIGIBLE_AGENT,
        "1 live agent(s), none eligible: 1 at capacity", 1L, T0);
    return status;
  }

  private static JobStatus onAgent(boolean finished) {
    return onAgent(finished ? Attempt.COMPLETED : null);
  }

  /** One attempt on agent "a", ended for {@code reason} or, when null, running. */
  private static JobStatus onAgent(String reason) {
    var status = new JobStatus();
    var attempt = new Attempt(1, T0.toString());
    attempt.setAgent("a");
    if (reason != null) {
      attempt.setFinishTime(T0.plusSeconds(1).toString());
      attempt.setReason(reason);
    }
    status.getAttempts().add(attempt);
    status.setPhase(reason == null ? JobPhase.Running : JobPhase.Succeeded);
    return status;
  }

  private static AgentView view(LiveAgent agent, Set<String> assigned) {
    return new AgentView(List.of(agent), Map.of("a", assigned), Set.of(), Map.of(), Duration.ofSeconds(15));
  }

  private static List<String> woken(Job done, AgentView view, List<Job> jobs) {
    return woken(done, onAgent(true), view, jobs);
  }

  private static List<String> woken(Job done, JobStatus written, AgentView view, List<Job> jobs) {
    return AgentWaiters.toWake(done, done.getStatus(), written, view, jobs).stream()
        .map(j -> j.getMetadata().getName()).toList();
  }

  @Test
  void anEndedAttemptWakesAsManyWaitersAsTheAgentHasFreeSlotsOldestFirst() {
    var done = job("done", 0, onAgent(false));
    var agent = agent("a", "n1", "dc-a", Map.of(), 3, List.of());
    var jobs = List.of(job("third", 30, waiting()), job("first", 10, waiting()), job("second", 20, waiting()), done);

    // capacity 3, still running: busy/1; the ended attempt no longer counts
    assertThat(woken(done, view(agent, Set.of("uid-done/1", "busy/1")), jobs)).containsExactly("first", "second");
  }

  @Test
  void jobsNotWaitingForAnAgentOrThatTheAgentCannotRunAreLeftAlone() {
    var done = job("done", 0, onAgent(false));
    var agent = agent("a", "n1", "dc-a", Map.of(), 4, List.of());
    var elsewhere = job("elsewhere", 1, waiting());
    elsewhere.getSpec().getAgent().setDatacenter("dc-b");
    var starting = job("starting", 2, onAgent(false));
    var finished = job("finished", 3, waiting());
    finished.getStatus().setPhase(JobPhase.Succeeded);

    assertThat(woken(done, view(agent, Set.of("uid-done/1")), List.of(elsewhere, starting, finished, done))).isEmpty();
  }

  @Test
  void aHeartbeatStillListingTheAttemptCountsItOnlyWhenTheOperatorEndedIt() {
    var done = job("done", 0, onAgent(false));
    var agent = agent("a", "n1", "dc-a", Map.of(), 1, List.of("uid-done/1"));
    var waiters = List.of(job("waiter", 1, waiting()));

    // the agent said the process is over: the heartbeat from before is out of date
    assertThat(woken(done, onAgent(Attempt.COMPLETED), view(agent, Set.of("uid-done/1")), waiters))
        .containsExactly("waiter");
    // the operator ended it (here: the deadline passed): the process may run until the cancel arrives
    assertThat(woken(done, onAgent(FailureReason.DeadlineExceeded.name()), view(agent, Set.of("uid-done/1")),
        waiters)).isEmpty();
  }

  @Test
  void nothingIsWokenUnlessThisWriteEndsARunningAgentAttempt() {
    var agent = agent("a", "n1", "dc-a", Map.of(), 4, List.of());
    var waiters = List.of(job("waiter", 1, waiting()));
    var view = view(agent, Set.of());
    var running = job("running", 0, onAgent(false));

    assertThat(AgentWaiters.toWake(running, running.getStatus(), onAgent(false), view, waiters)).isEmpty();
    assertThat(AgentWaiters.toWake(running, null, onAgent(true), view, waiters)).isEmpty();
    var gone = agent("b", "n2", "dc-a", Map.of(), 4, List.of());
    assertThat(AgentWaiters.toWake(running, running.getStatus(), onAgent(true),
        new AgentView(List.of(gone), Map.of(), Set.of(), Map.of(), Duration.ofSeconds(15)), waiters))
        .as("the agent is not live any more").isEmpty();
  }
}
