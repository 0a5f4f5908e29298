package dev.anvil.operator.workflow;

import static dev.anvil.operator.workflow.TestWorkflows.after;
import static dev.anvil.operator.workflow.TestWorkflows.http;
import static dev.anvil.operator.workflow.TestWorkflows.job;
import static dev.anvil.operator.workflow.TestWorkflows.on;
import static dev.anvil.operator.workflow.TestWorkflows.quickRetry;
import static dev.anvil.operator.workflow.TestWorkflows.workflow;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.anvil.crds.v1alpha1.ApprovalNode;
import dev.anvil.crds.v1alpha1.CircuitBreakerPolicy;
import dev.anvil.crds.v1alpha1.CircuitBreakerState;
import dev.anvil.crds.v1alpha1.ConditionNode;
import dev.anvil.crds.v1alpha1.HttpResult;
import dev.anvil.crds.v1alpha1.Job;
import dev.anvil.crds.v1alpha1.NodeDependency;
import dev.anvil.crds.v1alpha1.OnFailure;
import dev.anvil.crds.v1alpha1.RunPhase;
import dev.anvil.crds.v1alpha1.StepPhase;
import dev.anvil.crds.v1alpha1.Workflow;
import dev.anvil.crds.v1alpha1.WorkflowNode;
import dev.anvil.crds.v1alpha1.WorkflowNodeState;
import dev.anvil.operator.JobStandIn;
import dev.anvil.operator.TolerantSpecCloner;
import dev.anvil.operator.events.EventRecorder;
import dev.anvil.operator.pipeline.PipelineReconciler;
import dev.anvil.operator.workflow.calls.CircuitBreakers;
import dev.anvil.operator.workflow.calls.ConditionExpression;
import dev.anvil.operator.workflow.calls.HttpCall;
import dev.anvil.protocol.deadletter.DeadLetterQueue;
import dev.anvil.protocol.bus.CentralRedisClient;
import dev.anvil.testing.EmbeddedKubeApi;
import dev.anvil.testing.RedisProcess;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.javaoperatorsdk.operator.Operator;
import io.lettuce.core.api.StatefulRedisConnection;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The Workflow reconciler against the embedded API, a real Redis for the dead-letter queue, a local HTTP service and
 * the Job stand-in running job nodes.
 */
class WorkflowIT {

  private static final AtomicInteger NAMESPACES = new AtomicInteger();
  private static EmbeddedKubeApi api;
  private static KubernetesClient client;
  private static RedisProcess redis;
  private static CentralRedisClient redisClient;
  private static StatefulRedisConnection<String, String> redisConnection;
  private String namespace;
  private JobStandIn jobs;
  private FlakyService service;
  private Operator operator;
  private EventRecorder events;
  private HttpCall http;
  private DeadLetterQueue deadLetters;

  @BeforeAll
  static void startApi() {
    api = EmbeddedKubeApi.start();
    client = api.newClient();
    redis = RedisProcess.start();
    redisClient = CentralRedisClient.create(redis.uri(), Duration.ofSeconds(2));
    redisConnection = redisClient.connect();
  }

  @AfterAll
  static void stopApi() {
    redisConnection.close();
    redisClient.close();
    redis.close();
    client.close();
    api.close();
  }

  @BeforeEach
  void start() {
    namespace = "w" + NAMESPACES.incrementAndGet();
    jobs = new JobStandIn(client, namespace, WorkflowChildren.NODE_LABEL);
    service = new FlakyService();
    deadLetters = new DeadLetterQueue(redisConnection, Clock.systemUTC());
    startOperator(Clock.systemUTC());
  }

  @AfterEach
  void stop() {
    stopOperator();
    jobs.close();
    service.close();
  }

  private void startOperator(Clock clock) {
    events = new EventRecorder(client, "workflow-it");
    http = new HttpCall();
    var breakers = new CircuitBreakers(Clock.systemUTC(), new SimpleMeterRegistry());
    operator = new Operator(o -> o.withKubernetesClient(client).withCloseClientOnStop(false)
        .withResourceCloner(new TolerantSpecCloner(client.getKubernetesSerialization()))
        .withUseSSAToPatchPrimaryResource(false).withConcurrentReconciliationThreads(4)
        .withReconciliationTerminationTimeout(Duration.ofSeconds(5)));
    operator.register(new PipelineReconciler(events, clock));
    operator.register(new WorkflowReconciler(events, clock, wake -> new WorkflowServices(client, http,
        new InFlightCalls(), breakers, new ConditionExpression(), deadLetters, wake)));
    operator.start();
  }

  private void stopOperator() {
    operator.stop();
    http.close();
    events.close();
  }

  private static Workflow get(Workflow w) {
    return client.resources(Workflow.class).inNamespace(w.getMetadata().getNamespace())
        .withName(w.getMetadata().getName()).get();
  }

  private static Workflow awaitPhase(Workflow w, RunPhase phase, Duration within) {
    try {
      await().atMost(within).pollInterval(Duration.ofMillis(100)).until(() -> {
        var current = get(w);
        return current.getStatus() != null && current.getStatus().getPhase() == phase;
      });
    } catch (org.awaitility.core.ConditionTimeoutException e) {
      throw new AssertionError("not " + phase + " within " + within + ": " + client.getKubernetesSerialization()
          .asJson(get(w).getStatus()), e);
    }
    return get(w);
  }

  private static WorkflowNodeState node(Workflow w, String name) {
    return w.getStatus().getNodes().stream().filter(n -> n.getName().equals(name)).findFirst().orElse(null);
  }

  private static String reason(Workflow w) {
    return w.getStatus().getConditions().stream().filter(c -> c.getType().equals("Succeeded")).findFirst()
        .orElseThrow().getReason();
  }

  private static void annotate(Workflow w, String key, String value) {
    client.resources(Workflow.class).inNamespace(w.getMetadata().getNamespace()).withName(w.getMetadata().getName())
        .edit(current -> {
          current.getMetadata().getAnnotations().put(key, value);
          return current;
        });
  }

  @Test
  void anHttpNodeRetriesOpensItsBreakerIsDeadLetteredAndReplayCompletesTheRun() {
    service.failNext(1_000);
    var notify = http("notify", service.url());
    notify.getHttp().setResults(List.of(new HttpResult("ticket", "$.ticket.id")));
    notify.setRetry(quickRetry(2));
    var breaker = new CircuitBreakerPolicy();
    breaker.setFailureThreshold(3);
    breaker.setOpenFor("2s");
    notify.setCircuitBreaker(breaker);
    notify.setOnFailure(OnFailure.DeadLetter);
    var w = client.resource(workflow(namespace, "provision", notify,
        job("record", "ms=5 got=$(nodes.notify.results.ticket)", on("notify")))).create();

    var dead = awaitPhase(w, RunPhase.Failed, Duration.ofSeconds(20));
    assertThat(reason(dead)).isEqualTo("DeadLettered");
    var state = node(dead, "notify");
    assertThat(state.getPhase()).isEqualTo(StepPhase.DeadLettered);
    assertThat(state.getAttempts()).isEqualTo(3);
    assertThat(state.getReason()).isEqualTo("UnexpectedStatus");
    assertThat(service.calls()).hasSize(3);
    assertThat(service.calls()).extracting(FlakyService.Call::idempotencyKey).doesNotHaveDuplicates()
        .allMatch(k -> k.endsWith("-notify-1-1") || k.endsWith("-notify-1-2") || k.endsWith("-notify-1-3"));
    assertThat(service.calls().get(0).body()).isEqualTo("{\"host\":\"provision\"}");
    assertThat(dead.getStatus().getCircuitBreakers()).extracting(CircuitBreakerState::getState)
        .containsExactly(CircuitBreakerState.State.Open);
    assertThat(dead.getStatus().getDeadLetters()).isEqualTo(1);
    var letters = deadLetters.list(namespace, Optional.of("provision"), 10);
    assertThat(letters).hasSize(1);
    assertThat(letters.get(0).id()).isEqualTo(state.getDeadLetter());
    assertThat(letters.get(0).letter().attempts()).isEqualTo(3);
    assertThat(letters.get(0).letter().reason()).isEqualTo("UnexpectedStatus");

    service.failNext(0);
    annotate(dead, Replays.ANNOTATION, "notify");
    var done = awaitPhase(w, RunPhase.Succeeded, Duration.ofSeconds(20));
    assertThat(node(done, "notify").getExecution()).isEqualTo(2);
    assertThat(done.getStatus().getCircuitBreakers()).isEmpty();
    assertThat(done.getMetadata().getAnnotations()).doesNotContainKey(Replays.ANNOTATION);
    var recorded = client.resources(Job.class).inNamespace(namespace).withName("provision-record").get();
    assertThat(recorded.getSpec().getAgent().getScript()).startsWith("ms=5 got=T-");
    assertThat(deadLetters.get(state.getDeadLetter()).orElseThrow().replay()).isPresent();
    assertThat(deadLetters.countPending(done.getMetadata().getUid())).isZero();
  }

  @Test
  void aConditionPicksItsBranchAndAnApprovalHoldsTheRunUntilApproved() {
    var check = new WorkflowNode("check");
    var condition = new ConditionNode();
    condition.setExpression("nodes.probe.results.verdict == 'pass' && params.env != 'prod'");
    condition.setThen(List.of("deploy"));
    condition.setElseNodes(List.of("rollback"));
    check.setCondition(condition);
    var deploy = new WorkflowNode("deploy");
    deploy.setApproval(new ApprovalNode());
    var w = workflow(namespace, "release", job("probe", "ms=5 verdict=pass"), after(check, on("probe")),
        after(deploy, on("check")), job("rollback", "ms=5", on("check")), job("finish", "ms=5", on("deploy")));
    w.getSpec().setParams(List.of(new dev.anvil.crds.v1alpha1.Param("env", "staging")));
    w = client.resource(w).create();

    var waiting = awaitPhase(w, RunPhase.Waiting, Duration.ofSeconds(20));
    assertThat(node(waiting, "check").getResults()).containsEntry("value", "true");
    assertThat(node(waiting, "rollback").getReason()).isEqualTo(WorkflowRun.BRANCH_NOT_TAKEN);
    assertThat(waiting.getStatus().getConditions()).anyMatch(c -> c.getType().equals("WaitingForApproval")
        && c.getStatus().equals("True") && c.getMessage().contains("deploy"));
    annotate(waiting, "approve.anvil.dev/deploy", "approved");
    var done = awaitPhase(w, RunPhase.Succeeded, Duration.ofSeconds(20));
    assertThat(done.getStatus().getProgress()).isEqualTo("5/5");
    assertThat(jobs.added()).containsOnlyKeys("release-probe", "release-finish");
  }

  @Test
  void aFailedNodeStopsTheRunWhileItsFailureHandlerRuns() {
    var w = client.resource(workflow(namespace, "broken", job("a", "ms=20 fail"), job("b", "hang"),
        job("c", "ms=5", on("a")), job("cleanup", "ms=5", on("a", NodeDependency.Outcome.Failed)))).create();
    var failed = awaitPhase(w, RunPhase.Failed, Duration.ofSeconds(20));
    assertThat(reason(failed)).isEqualTo(WorkflowRun.NODE_FAILED);
    assertThat(node(failed, "b").getPhase()).isEqualTo(StepPhase.Failed);
    assertThat(node(failed, "c").getPhase()).isEqualTo(StepPhase.Skipped);
    assertThat(node(failed, "cleanup").getPhase()).isEqualTo(StepPhase.Succeeded);
    var stopped = client.resources(Job.class).inNamespace(namespace).withName("broken-b").get();
    assertThat(stopped.getSpec().getSuspend()).isTrue();
  }

  @Test
  void anOperatorStoppedMidRunRunsNoNodeTwice() {
    var nodes = new ArrayList<WorkflowNode>();
    for (int i = 0; i < 12; i++) {
      nodes.add(i == 0 ? job("n0", "ms=40") : job("n" + i, "ms=40", on("n" + (i - 1))));
    }
    nodes.add(http("notify", service.url(), on("n11")));
    var w = client.resource(workflow(namespace, "restart", nodes.toArray(WorkflowNode[]::new))).create();
    await().atMost(Duration.ofSeconds(20)).until(() -> jobs.added().size() >= 4);
    stopOperator();
    startOperator(Clock.systemUTC());
    awaitPhase(w, RunPhase.Succeeded, Duration.ofSeconds(30));
    assertThat(jobs.added()).hasSize(12).allSatisfy((name, times) -> assertThat(times).isEqualTo(1));
    assertThat(service.calls()).extracting(FlakyService.Call::idempotencyKey).containsOnly(
        get(w).getMetadata().getUid() + "-notify-1-1");
  }
}
