package dev.anvil.operator.agent;

import static dev.anvil.operator.TestJobs.agentJob;
import static dev.anvil.operator.TestJobs.retry;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.anvil.crds.v1alpha1.Job;
import dev.anvil.crds.v1alpha1.JobPhase;
import dev.anvil.crds.v1alpha1.JobStatus;
import dev.anvil.operator.AnvilOperator;
import dev.anvil.operator.config.OperatorConfig;
import dev.anvil.operator.status.Conditions;
import dev.anvil.protocol.AttemptId;
import dev.anvil.protocol.agent.v1.AttemptFinished;
import dev.anvil.protocol.agent.v1.Command;
import dev.anvil.protocol.bus.BusKeys;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.lettuce.core.api.sync.RedisCommands;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Agent Jobs end to end through real Redis, the mock API and the operator, with the agent side played by FakeAgent. */
class AgentJobIT {

  private BusRig rig;
  private RedisCommands<String, byte[]> redis;
  private KubernetesClient client;

  @BeforeEach
  void start() {
    rig = new BusRig();
    redis = rig.redis;
    client = rig.client;
  }

  @AfterEach
  void stop() throws Exception {
    rig.close();
  }

  private AnvilOperator operator() {
    return rig.operator();
  }

  private FakeAgent agent(String id, String datacenter) {
    return rig.agent(id, datacenter);
  }

  private Job get(String ns, String name) {
    return client.resources(Job.class).inNamespace(ns).withName(name).get();
  }

  private Job awaitPhase(String ns, String name, JobPhase phase) {
    await().atMost(Duration.ofSeconds(20)).until(() -> {
      var job = get(ns, name);
      return job != null && job.getStatus() != null && job.getStatus().getPhase() == phase;
    });
    return get(ns, name);
  }

  private static String attemptId(Command command) {
    return command.getRunAttempt().getAttemptId();
  }

  private Command awaitRun(FakeAgent agent, int count) {
    await().atMost(Duration.ofSeconds(20)).until(() -> agent.runCommands().size() >= count);
    return agent.runCommands().get(count - 1);
  }

  private long pendingReports() {
    return redis.xpending(BusKeys.REPORTS, BusKeys.OPERATOR_GROUP).getCount();
  }

  @Test
  void anAgentJobSucceedsWithResultsAndExitCodeAndItsReportsAreAcknowledged() {
    var agent = agent("a", "dc-a");
    operator();
    var job = agentJob("agents", "hello", "echo pass > $ANVIL_RESULTS/verdict");
    job.getSpec().getAgent().setEnv(List.of(env("PLAIN", "1")));
    client.resource(job).create();

    var run = awaitRun(agent, 1).getRunAttempt();
    assertThat(run.getScript()).isEqualTo("echo pass > $ANVIL_RESULTS/verdict");
    assertThat(run.getJobName()).isEqualTo("hello");
    assertThat(run.getEnvList()).singleElement().satisfies(e -> assertThat(e.getValue()).isEqualTo("1"));
    var uid = get("agents", "hello").getMetadata().getUid();
    assertThat(run.getAttemptId()).isEqualTo(new AttemptId(uid, 1).toString());
    assertThat(redis.get(BusKeys.attemptSent(new AttemptId(uid, 1)))).asString().isEqualTo("a");

    agent.started(run.getAttemptId());
    awaitPhase("agents", "hello", JobPhase.Running);
    agent.finished(run.getAttemptId(), AttemptFinished.Reason.COMPLETED, 0, Map.of("verdict", "pass"));

    var done = awaitPhase("agents", "hello", JobPhase.Succeeded);
    assertThat(done.getStatus().getResults()).containsEntry("verdict", "pass");
    assertThat(done.getStatus().getAttempts()).singleElement().satisfies(a -> {
      assertThat(a.getAgent()).isEqualTo("a");
      assertThat(a.getExitCode()).isZero();
      assertThat(a.getReason()).isEqualTo("Completed");
    });
    await().atMost(Duration.ofSeconds(10)).until(() -> pendingReports() == 0);
    assertThat(agent.runCommands()).hasSize(1);
  }

  @Test
  void jobsCreatedAtOnceNeverPutMoreAttemptsOnAnAgentThanItsCapacity() {
    var a = agent("a", "dc-a");
    var b = agent("b", "dc-a");
    operator();
    for (var i = 0; i < 10; i++) {
      client.resource(agentJob("agents", "burst-" + i, "true")).create();
    }

    await().atMost(Duration.ofSeconds(20)).until(() -> a.runCommands().size() + b.runCommands().size() == 4);
    await().during(Duration.ofSeconds(1)).atMost(Duration.ofSeconds(5))
        .until(() -> a.runCommands().size() == 2 && b.runCommands().size() == 2);

    var first = a.runCommands().get(0).getRunAttempt().getAttemptId();
    a.finished(first, AttemptFinished.Reason.COMPLETED, 0, Map.of());
    await().atMost(Duration.ofSeconds(20)).until(() -> a.runCommands().size() == 3);
    await().during(Duration.ofSeconds(1)).atMost(Duration.ofSeconds(5))
        .until(() -> a.runCommands().size() == 3 && b.runCommands().size() == 2);
  }

  @Test
  void anAttemptStillRunningAfterItsJobWasDeletedIsCancelled() {
    var agent = agent("a", "dc-a");
    operator();
    client.resource(agentJob("agents", "doomed", "sleep 600")).create();
    var run = awaitRun(agent, 1).getRunAttempt();
    agent.started(run.getAttemptId());
    agent.running(run.getAttemptId());
    awaitPhase("agents", "doomed", JobPhase.Running);

    client.resources(Job.class).inNamespace("agents").withName("doomed").delete();

    await().atMost(Duration.ofSeconds(20)).until(() -> !agent.cancelCommands().isEmpty());
    assertThat(agent.cancelCommands()).singleElement().satisfies(c -> {
      assertThat(c.getCancelAttempt().getAttemptId()).isEqualTo(run.getAttemptId());
      assertThat(c.getCancelAttempt().getReason()).isEqualTo("OrphanedAttempt");
    });
  }

  @Test
  void noMatchingAgentKeepsTheJobPendingAndSaysWhy() {
    agent("a", "dc-a");
    agent("b", "dc-a");
    operator();
    var job = agentJob("agents", "elsewhere", "true");
    job.getSpec().getAgent().setDatacenter("dc-b");
    client.resource(job).create();

    await().atMost(Duration.ofSeconds(20)).untilAsserted(() -> {
      var status = get("agents", "elsewhere").getStatus();
      assertThat(status).isNotNull();
      var running = Conditions.find(status.getConditions(), JobStatus.RUNNING);
      assertThat(running.getReason()).isEqualTo("NoEligibleAgent");
      assertThat(running.getMessage()).isEqualTo("2 live agent(s), none eligible: 2 not in datacenter dc-b");
      assertThat(status.getPhase()).isEqualTo(JobPhase.Pending);
      assertThat(status.getAttempts()).isEmpty();
    });
  }

  @Test
  void aSlotFreedOnAFullAgentGoesToTheJobWaitingForItAtOnce() {
    var agent = rig.agent("a", "dc-a", 1);
    operator();
    client.resource(agentJob("agents", "first", "true")).create();
    var first = awaitRun(agent, 1);
    client.resource(agentJob("agents", "second", "true")).create();
    await().atMost(Duration.ofSeconds(20)).untilAsserted(() -> {
      var running = Conditions.find(get("agents", "second").getStatus().getConditions(), JobStatus.RUNNING);
      assertThat(running.getReason()).isEqualTo("NoEligibleAgent");
      assertThat(running.getMessage()).endsWith("1 at capacity");
    });

    agent.started(attemptId(first));
    agent.running(attemptId(first)); // and its registry entry keeps saying so: the next heartbeat is seconds away
    agent.finished(attemptId(first), AttemptFinished.Reason.COMPLETED, 0, Map.of());
    // well before the waiting Job's own recheck (10s after it was told the agent was full)
    await().atMost(Duration.ofSeconds(4)).until(() -> agent.runCommands().size() == 2);
    assertThat(attemptId(agent.runCommands().get(1)))
        .isEqualTo(new AttemptId(get("agents", "second").getMetadata().getUid(), 1).toString());
  }

  @Test
  void anAgentVanishingMidAttemptFailsItWithAgentLostAndTheRetryRunsOnAnotherAgent() {
    var a = agent("a", "dc-a");
    var b = agent("b", "dc-a");
    operator();
    var job = agentJob("agents", "lost", "sleep 60");
    job.getSpec().setRetry(retry(2));
    client.resource(job).create();

    var first = awaitRun(a, 1);
    a.started(attemptId(first));
    awaitPhase("agents", "lost", JobPhase.Running);
    a.vanish();

    var second = awaitRun(b, 1);
    b.started(attemptId(second));
    b.finished(attemptId(second), AttemptFinished.Reason.COMPLETED, 0, Map.of());
    var done = awaitPhase("agents", "lost", JobPhase.Succeeded);
    assertThat(done.getStatus().getAttempts()).hasSize(2);
    assertThat(done.getStatus().getAttempts().get(0).getReason()).isEqualTo("AgentLost");
    assertThat(done.getStatus().getAttempts().get(1).getAgent()).isEqualTo("b");
    // should a come back, it is told to stop the attempt it was given
    assertThat(a.commands()).anySatisfy(c -> assertThat(c.getCancelAttempt().getAttemptId())
        .isEqualTo(attemptId(first)));
  }

  @Test
  void anOperatorRestartedMidAttemptSendsTheCommandExactlyOnceAndTheJobCompletes() {
    var agent = agent("a", "dc-a");
    var first = operator();
    client.resource(agentJob("agents", "restart", "true")).create();
    var run = awaitRun(agent, 1);
    rig.stop(first);
    agent.started(attemptId(run)); // reported while no operator runs

    operator();
    awaitPhase("agents", "restart", JobPhase.Running);
    agent.finished(attemptId(run), AttemptFinished.Reason.COMPLETED, 0, Map.of());
    awaitPhase("agents", "restart", JobPhase.Succeeded);
    assertThat(agent.runCommands()).hasSize(1);
  }

  @Test
  void anOperatorThatCrashedBetweenRecordingAndSendingSendsOnRestart() {
    var agent = agent("a", "dc-a");
    var first = operator();
    client.resource(agentJob("agents", "half-sent", "true")).create();
    var run = awaitRun(agent, 1);
    rig.stop(first);
    // as if the crash came after the status write and before the send: neither the command nor its marker exist
    redis.del(BusKeys.commands("a"), BusKeys.attemptSent(AttemptId.parse(attemptId(run))));

    operator();
    var resent = awaitRun(agent, 1);
    assertThat(attemptId(resent)).isEqualTo(attemptId(run));
    agent.finished(attemptId(run), AttemptFinished.Reason.COMPLETED, 0, Map.of());
    awaitPhase("agents", "half-sent", JobPhase.Succeeded);
    assertThat(agent.runCommands()).hasSize(1);
    assertThat(get("agents", "half-sent").getStatus().getAttempts()).hasSize(1);
  }

  @Test
  void aDuplicatedAttemptFinishedChangesNothing() {
    var agent = agent("a", "dc-a");
    operator();
    client.resource(agentJob("agents", "dup", "true")).create();
    var id = attemptId(awaitRun(agent, 1));
    agent.finished(id, AttemptFinished.Reason.COMPLETED, 0, Map.of("n", "1"));
    var done = awaitPhase("agents", "dup", JobPhase.Succeeded);
    await().atMost(Duration.ofSeconds(10)).until(() -> pendingReports() == 0);

    agent.finished(id, AttemptFinished.Reason.COMPLETED, 0, Map.of("n", "1"));
    agent.finished(id, AttemptFinished.Reason.FAILED, 3, Map.of());
    await().atMost(Duration.ofSeconds(10)).until(() -> pendingReports() == 0);
    var after = get("agents", "dup");
    assertThat(after.getStatus().getAttempts()).usingRecursiveComparison().isEqualTo(done.getStatus().getAttempts());
    assertThat(after.getStatus().getResults()).isEqualTo(Map.of("n", "1"));
    assertThat(after.getMetadata().getResourceVersion()).isEqualTo(done.getMetadata().getResourceVersion());
  }

  @Test
  void withoutRedisAnAgentJobWaitsAndNothingIsSent() {
    var agent = agent("a", "dc-a");
    rig.closeLater(AnvilOperator.start(client, OperatorConfig.local()));
    client.resource(agentJob("agents", "no-bus", "true")).create();

    await().atMost(Duration.ofSeconds(20)).untilAsserted(() -> {
      var status = get("agents", "no-bus").getStatus();
      assertThat(status).isNotNull();
      assertThat(Conditions.find(status.getConditions(), JobStatus.RUNNING).getReason())
          .isEqualTo("AgentExecutorUnavailable");
    });
    assertThat(agent.commands()).isEmpty();
    assertThat(redis.exists(BusKeys.REPORTS)).isZero();
  }

  private static dev.anvil.crds.v1alpha1.AgentEnvVar env(String name, String value) {
    var env = new dev.anvil.crds.v1alpha1.AgentEnvVar();
    env.setName(name);
    env.setValue(value);
    return env;
  }
}
