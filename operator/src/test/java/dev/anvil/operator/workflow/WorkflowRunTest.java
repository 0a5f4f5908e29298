package dev.anvil.operator.workflow;

import static dev.anvil.operator.workflow.TestWorkflows.after;
import static dev.anvil.operator.workflow.TestWorkflows.on;
import static org.assertj.core.api.Assertions.assertThat;

import dev.anvil.crds.v1alpha1.ApprovalNode;
import dev.anvil.crds.v1alpha1.Backoff;
import dev.anvil.crds.v1alpha1.ConditionNode;
import dev.anvil.crds.v1alpha1.DelayNode;
import dev.anvil.crds.v1alpha1.HttpNode;
import dev.anvil.crds.v1alpha1.NodeDependency.Outcome;
import dev.anvil.crds.v1alpha1.OnFailure;
import dev.anvil.crds.v1alpha1.Param;
import dev.anvil.crds.v1alpha1.RetryPolicy;
import dev.anvil.crds.v1alpha1.RunPhase;
import dev.anvil.crds.v1alpha1.StepPhase;
import dev.anvil.crds.v1alpha1.Workflow;
import dev.anvil.crds.v1alpha1.WorkflowNode;
import dev.anvil.crds.v1alpha1.WorkflowNodeState;
import dev.anvil.crds.v1alpha1.WorkflowStatus;
import dev.anvil.operator.status.Conditions;
import dev.anvil.operator.workflow.calls.CircuitBreakers;
import dev.anvil.operator.workflow.calls.ConditionExpression;
import dev.anvil.operator.workflow.nodes.ConditionRunner;
import io.fabric8.kubernetes.api.model.ObjectMetaBuilder;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import org.junit.jupiter.api.Test;

/** WorkflowRun.decide with stub runners: the state machine of nodes and the run, reconcile by reconcile. */
class WorkflowRunTest {

  private static final Instant T0 = Instant.parse("2026-11-23T10:00:00Z");

  private final ConditionExpression conditions = new ConditionExpression();
  private final WorkflowServices services = new WorkflowServices(null, null, new InFlightCalls(),
      new CircuitBreakers(Clock.fixed(T0, ZoneOffset.UTC), new SimpleMeterRegistry()), conditions, null, id -> {
      });
  /** What each node's attempt comes to; nodes not listed keep running. */
  private final Map<String, Function<NodeAttempt, NodeStep>> behaviour = new HashMap<>();
  private final List<String> steps = new ArrayList<>();
  private final List<String> stops = new ArrayList<>();
  private final Map<NodeKind, NodeRunner> runners = new EnumMap<>(NodeKind.class);

  WorkflowRunTest() {
    NodeRunner stub = new NodeRunner() {
      @Override
      public NodeStep step(NodeAttempt attempt) {
        steps.add(attempt.node().getName() + "#" + attempt.execution() + "." + attempt.attempt());
        return behaviour.getOrDefault(attempt.node().getName(), a -> new NodeStep.Running("runs", null))
            .apply(attempt);
      }

      @Override
      public void stop(NodeAttempt attempt, String why) {
        stops.add(attempt.node().getName() + ": " + why);
      }
    };
    for (var kind : NodeKind.values()) {
      runners.put(kind, stub);
    }
    runners.put(NodeKind.condition, new ConditionRunner());
  }

  // --- building blocks

  private static Workflow workflow(WorkflowNode... nodes) {
    var workflow = TestWorkflows.workflow("ns", "wf", nodes);
    workflow.setMetadata(new ObjectMetaBuilder().withNamespace("ns").withName("wf").withUid("uid-1")
        .withGeneration(1L).build());
    return workflow;
  }

  /** A slot-taking node (http). */
  private static WorkflowNode task(String name, dev.anvil.crds.v1alpha1.NodeDependency... deps) {
    var node = new WorkflowNode(name);
    var http = new HttpNode();
    http.setUrl("http://svc.example/" + name);
    node.setHttp(http);
    return after(node, deps);
  }

  private static WorkflowNode approval(String name, dev.anvil.crds.v1alpha1.NodeDependency... deps) {
    var node = new WorkflowNode(name);
    node.setApproval(new ApprovalNode());
    return after(node, deps);
  }

  private static WorkflowNode delay(String name, dev.anvil.crds.v1alpha1.NodeDependency... deps) {
    var node = new WorkflowNode(name);
    node.setDelay(new DelayNode("1m"));
    return after(node, deps);
  }

  private static RetryPolicy retry(int limit, String initial) {
    var retry = new RetryPolicy();
    retry.setLimit(limit);
    var backoff = new Backoff();
    backoff.setInitial(initial);
    backoff.setFactor(2.0);
    retry.setBackoff(backoff);
    return retry;
  }

  private void succeed(String node) {
    behaviour.put(node, a -> new NodeStep.Succeeded(Map.of("out", a.node().getName())));
  }

  private void fail(String node, boolean retryable) {
    behaviour.put(node, a -> new NodeStep.Failed("Boom", "boom", retryable));
  }

  /** One reconcile at {@code now}: decides and records the status on the Workflow, as the reconciler does. */
  private WorkflowPlan reconcile(Workflow workflow, Instant now) {
    var shape = WorkflowShape.of(workflow.getSpec(), conditions);
    var plan = WorkflowRun.decide(workflow, shape, runners, services, new WorkflowChildren(List.of(), List.of()), now);
    workflow.setStatus(plan.status);
    return plan;
  }

  private static WorkflowNodeState state(Workflow workflow, String node) {
    return workflow.getStatus().getNodes().stream().filter(s -> s.getName().equals(node)).findFirst().orElse(null);
  }

  private static StepPhase phase(Workflow workflow, String node) {
    var state = state(workflow, node);
    return state == null ? null : state.getPhase();
  }

  // --- start, progress and phases

  @Test
  void independentNodesStartTogetherAndTheRunSucceedsWhenAllDo() {
    var wf = workflow(task("a"), task("b"), task("c", on("a"), on("b")));
    var plan = reconcile(wf, T0);
    assertThat(steps).containsExactly("a#1.1", "b#1.1");
    assertThat(phase(wf, "a")).isEqualTo(StepPhase.Running);
    assertThat(state(wf, "c")).as("pending nodes that never started stay out of status").isNull();
    assertThat(wf.getStatus().getPhase()).isEqualTo(RunPhase.Running);
    assertThat(wf.getStatus().getProgress()).isEqualTo("0/3");
    assertThat(wf.getStatus().getStartTime()).isEqualTo(T0.toString());
    assertThat(wf.getStatus().getObservedGeneration()).isEqualTo(1L);
    assertThat(plan.requeueAfter).as("running nodes report by events").isNull();

    succeed("a");
    succeed("b");
    plan = reconcile(wf, T0.plusSeconds(1));
    assertThat(steps).containsExactly("a#1.1", "b#1.1", "a#1.1", "b#1.1", "c#1.1");
    assertThat(state(wf, "a").getResults()).containsEntry("out", "a");
    assertThat(wf.getStatus().getProgress()).isEqualTo("2/3");
    assertThat(plan.requeueAfter).isEqualTo(Duration.ZERO);

    succeed("c");
    reconcile(wf, T0.plusSeconds(2));
    assertThat(wf.getStatus().getPhase()).isEqualTo(RunPhase.Succeeded);
    assertThat(wf.getStatus().getProgress()).isEqualTo("3/3");
    assertThat(wf.getStatus().getCompletionTime()).isEqualTo(T0.plusSeconds(2).toString());
    assertThat(Conditions.find(wf.getStatus().getConditions(), WorkflowStatus.SUCCEEDED).getStatus())
        .isEqualTo("True");
  }

  @Test
  void aWaitingApprovalMakesTheRunWaitAndTakesNoSlot() {
    var wf = workflow(approval("ok"), task("a"));
    wf.getSpec().setMaxParallel(1);
    behaviour.put("ok", a -> new NodeStep.Waiting("waiting for approval", null));
    var plan = reconcile(wf, T0);
    assertThat(phase(wf, "ok")).isEqualTo(StepPhase.Waiting);
    assertThat(phase(wf, "a")).isEqualTo(StepPhase.Running);
    assertThat(plan.notes).extracting(WorkflowPlan.Note::reason).contains("WaitingForApproval");

    succeed("a");
    reconcile(wf, T0.plusSeconds(1));
    assertThat(wf.getStatus().getPhase()).isEqualTo(RunPhase.Waiting);
    assertThat(Conditions.find(wf.getStatus().getConditions(), WorkflowStatus.WAITING_FOR_APPROVAL).getMessage())
        .contains("ok");
  }

  @Test
  void maxParallelCountsOnlySlotTakingNodes() {
    var wf = workflow(delay("d1"), delay("d2"), task("a"), task("b"), task("c"));
    wf.getSpec().setMaxParallel(2);
    behaviour.put("d1", a -> new NodeStep.Waiting("later", Duration.ofMinutes(1)));
    behaviour.put("d2", a -> new NodeStep.Waiting("later", Duration.ofMinutes(1)));
    reconcile(wf, T0);
    assertThat(steps).containsExactly("d1#1.1", "d2#1.1", "a#1.1", "b#1.1");
    assertThat(state(wf, "c")).isNull();

    succeed("a");
    reconcile(wf, T0.plusSeconds(1));
    assertThat(phase(wf, "c")).isEqualTo(StepPhase.Running);
  }

  @Test
  void aNodeWaitingForItsRetryKeepsItsSlot() {
    var wf = workflow(task("a"), task("b"));
    wf.getSpec().setMaxParallel(1);
    wf.getSpec().getNodes().get(0).setRetry(retry(2, "10s"));
    fail("a", true);
    reconcile(wf, T0);
    assertThat(phase(wf, "a")).isEqualTo(StepPhase.Retrying);
    reconcile(wf, T0.plusSeconds(1));
    assertThat(state(wf, "b")).as("b would run next to a's retry, over maxParallel 1").isNull();
  }

  // --- retry and settlement

  @Test
  void aRetryableFailureIsRetriedAfterTheBackoffUntilTheLimit() {
    var wf = workflow(task("a"));
    wf.getSpec().getNodes().get(0).setRetry(retry(2, "10s"));
    fail("a", true);
    var plan = reconcile(wf, T0);
    var a = state(wf, "a");
    assertThat(a.getPhase()).isEqualTo(StepPhase.Retrying);
    assertThat(a.getAttempts()).isEqualTo(1);
    assertThat(a.getReason()).isEqualTo("Boom");
    assertThat(a.getMessage()).isEqualTo("attempt 1: boom");
    assertThat(a.getNextTime()).isEqualTo(T0.plusSeconds(10).toString());
    assertThat(plan.requeueAfter).isEqualTo(Duration.ofSeconds(10));
    assertThat(plan.notes).extracting(WorkflowPlan.Note::reason).containsExactly("NodeRetrying");
    assertThat(wf.getStatus().getPhase()).isEqualTo(RunPhase.Running);

    plan = reconcile(wf, T0.plusSeconds(5));
    assertThat(steps).as("not before the backoff ends").containsExactly("a#1.1");
    assertThat(plan.requeueAfter).isEqualTo(Duration.ofSeconds(5));

    reconcile(wf, T0.plusSeconds(10));
    assertThat(steps).containsExactly("a#1.1", "a#1.2");
    a = state(wf, "a");
    assertThat(a.getAttemptTime()).isEqualTo(T0.plusSeconds(10).toString());
    assertThat(a.getNextTime()).as("second retry waits initial * factor").isEqualTo(T0.plusSeconds(30).toString());

    reconcile(wf, T0.plusSeconds(30));
    a = state(wf, "a");
    assertThat(a.getPhase()).isEqualTo(StepPhase.Failed);
    assertThat(a.getAttempts()).isEqualTo(3);
    assertThat(a.getMessage()).isEqualTo("after 3 attempts: boom");
    assertThat(a.getNextTime()).isNull();
    assertThat(wf.getStatus().getPhase()).isEqualTo(RunPhase.Failed);
    assertThat(Conditions.find(wf.getStatus().getConditions(), WorkflowStatus.SUCCEEDED).getReason())
        .isEqualTo(WorkflowRun.NODE_FAILED);
  }

  @Test
  void aRetriedAttemptThatSucceedsLetsTheRunGoOn() {
    var wf = workflow(task("a"), task("b", on("a")));
    wf.getSpec().getNodes().get(0).setRetry(retry(1, "1s"));
    fail("a", true);
    reconcile(wf, T0);
    succeed("a");
    reconcile(wf, T0.plusSeconds(1));
    assertThat(phase(wf, "a")).isEqualTo(StepPhase.Succeeded);
    assertThat(state(wf, "a").getReason()).isNull();
    assertThat(phase(wf, "b")).isEqualTo(StepPhase.Running);
  }

  @Test
  void aFailureThatIsNotRetryableFailsAtOnce() {
    var wf = workflow(task("a"));
    wf.getSpec().getNodes().get(0).setRetry(retry(5, "1s"));
    fail("a", false);
    var plan = reconcile(wf, T0);
    assertThat(phase(wf, "a")).isEqualTo(StepPhase.Failed);
    assertThat(state(wf, "a").getMessage()).isEqualTo("boom");
    assertThat(plan.notes).extracting(WorkflowPlan.Note::reason).contains(WorkflowRun.NODE_FAILED);
    assertThat(wf.getStatus().getPhase()).isEqualTo(RunPhase.Failed);
  }

  @Test
  void notBeforeOfAFailureDelaysTheRetry() {
    var wf = workflow(task("a"));
    wf.getSpec().getNodes().get(0).setRetry(retry(1, "1s"));
    behaviour.put("a", a -> new NodeStep.Failed("CircuitOpen", "open", true, T0.plusSeconds(45)));
    var plan = reconcile(wf, T0);
    assertThat(state(wf, "a").getNextTime()).isEqualTo(T0.plusSeconds(45).toString());
    assertThat(plan.requeueAfter).isEqualTo(Duration.ofSeconds(45));
  }

  @Test
  void continueCarriesOnAndRunsOnlyFailedAndAlwaysDependents() {
    var wf = workflow(task("a"), task("ok", on("a")), task("alert", on("a", Outcome.Failed)),
        task("cleanup", on("a", Outcome.Always)));
    wf.getSpec().getNodes().get(0).setOnFailure(OnFailure.Continue);
    fail("a", false);
    reconcile(wf, T0);
    assertThat(phase(wf, "a")).isEqualTo(StepPhase.Failed);
    assertThat(wf.getStatus().getPhase()).isEqualTo(RunPhase.Running);
    reconcile(wf, T0.plusSeconds(1));
    assertThat(phase(wf, "ok")).isEqualTo(StepPhase.Skipped);
    assertThat(state(wf, "ok").getReason()).isEqualTo(WorkflowRun.DEPENDENCY_NOT_MET);
    assertThat(state(wf, "ok").getMessage()).isEqualTo("needs a to have succeeded, it failed");
    assertThat(phase(wf, "alert")).isEqualTo(StepPhase.Running);
    assertThat(phase(wf, "cleanup")).isEqualTo(StepPhase.Running);
    succeed("alert");
    succeed("cleanup");
    reconcile(wf, T0.plusSeconds(2));
    assertThat(wf.getStatus().getPhase()).isEqualTo(RunPhase.Succeeded);
  }

  @Test
  void failStopsRunningNodesAndSkipsPendingOnesWhileFailureHandlersRun() {
    var wf = workflow(task("a"), task("long"), task("next", on("a")), task("undo", on("a", Outcome.Failed)),
        task("notify", on("undo")), task("ok-only", on("a", Outcome.Succeeded)));
    reconcile(wf, T0);
    fail("a", false);
    reconcile(wf, T0.plusSeconds(1));
    assertThat(phase(wf, "a")).isEqualTo(StepPhase.Failed);
    assertThat(phase(wf, "long")).isEqualTo(StepPhase.Failed);
    assertThat(state(wf, "long").getReason()).isEqualTo(WorkflowRun.WORKFLOW_FAILED);
    assertThat(stops).containsExactly("long: the Workflow failed (node a)");
    assertThat(phase(wf, "next")).isEqualTo(StepPhase.Skipped);
    assertThat(state(wf, "next").getReason()).isEqualTo(WorkflowRun.WORKFLOW_FAILED);
    assertThat(phase(wf, "undo")).isEqualTo(StepPhase.Running);
    assertThat(wf.getStatus().getPhase()).as("the handler still runs").isEqualTo(RunPhase.Running);

    succeed("undo");
    reconcile(wf, T0.plusSeconds(2));
    assertThat(phase(wf, "notify")).as("downstream of a handler runs too").isEqualTo(StepPhase.Running);
    succeed("notify");
    reconcile(wf, T0.plusSeconds(3));
    assertThat(wf.getStatus().getPhase()).isEqualTo(RunPhase.Failed);
    assertThat(Conditions.find(wf.getStatus().getConditions(), WorkflowStatus.FAILED).getMessage())
        .isEqualTo("node a failed (Boom): boom");
  }

  @Test
  void deadLetterWithoutAQueueKeepsTheNodeInStatusAndBlocksSucceededDependents() {
    var wf = workflow(task("a"), task("b", on("a")), task("alert", on("a", Outcome.Failed)));
    wf.getSpec().getNodes().get(0).setOnFailure(OnFailure.DeadLetter);
    fail("a", false);
    succeed("alert");
    var plan = reconcile(wf, T0);
    var a = state(wf, "a");
    assertThat(a.getPhase()).isEqualTo(StepPhase.DeadLettered);
    assertThat(a.getDeadLetter()).isNull();
    assertThat(plan.notes).anySatisfy(n -> {
      assertThat(n.reason()).isEqualTo(WorkflowRun.DEAD_LETTERED);
      assertThat(n.message()).contains("kept in status only").contains("anvil.dev/replay=a");
    });
    assertThat(wf.getStatus().getPhase()).isEqualTo(RunPhase.Running);

    reconcile(wf, T0.plusSeconds(1));
    assertThat(phase(wf, "alert")).isEqualTo(StepPhase.Succeeded);
    assertThat(phase(wf, "b")).as("b waits, it is not skipped").isEqualTo(StepPhase.Pending);
    assertThat(state(wf, "b").getMessage()).isEqualTo("waits for the replay of dead-lettered node a");
    assertThat(wf.getStatus().getDeadLetters()).isEqualTo(1);
    assertThat(Conditions.find(wf.getStatus().getConditions(), WorkflowStatus.SUCCEEDED).getMessage())
        .isEqualTo("node(s) a are in the dead-letter queue and 1 node(s) wait for them; replay with: kubectl "
            + "annotate workflow wf anvil.dev/replay=a");
    assertThat(wf.getStatus().getPhase()).isEqualTo(RunPhase.Failed);
    assertThat(Conditions.find(wf.getStatus().getConditions(), WorkflowStatus.SUCCEEDED).getReason())
        .isEqualTo(WorkflowRun.DEAD_LETTERED);
  }

  // --- replay

  private Workflow deadLettered() {
    var wf = workflow(task("a"), task("b", on("a")));
    wf.getSpec().getNodes().get(0).setOnFailure(OnFailure.DeadLetter);
    fail("a", false);
    reconcile(wf, T0);
    reconcile(wf, T0.plusSeconds(1));
    assertThat(wf.getStatus().getPhase()).isEqualTo(RunPhase.Failed);
    assertThat(wf.getStatus().getCompletionTime()).isNotNull();
    return wf;
  }

  @Test
  void aReplayRunsTheNodeAgainAsANewExecutionAndItsDependentsContinue() {
    var wf = deadLettered();
    wf.getMetadata().setAnnotations(new HashMap<>(Map.of(Replays.ANNOTATION, "a")));
    behaviour.remove("a");
    var plan = reconcile(wf, T0.plusSeconds(10));
    assertThat(plan.replayHandled).isTrue();
    assertThat(steps).last().isEqualTo("a#2.1");
    var a = state(wf, "a");
    assertThat(a.getPhase()).isEqualTo(StepPhase.Running);
    assertThat(a.getExecution()).isEqualTo(2);
    assertThat(a.getDeadLetter()).isNull();
    assertThat(wf.getStatus().getPhase()).isEqualTo(RunPhase.Running);
    assertThat(wf.getStatus().getCompletionTime()).as("the reopened run is not complete").isNull();
    assertThat(Conditions.find(wf.getStatus().getConditions(), WorkflowStatus.FAILED)).as("no longer failed")
        .isNull();

    wf.getMetadata().getAnnotations().clear();
    succeed("a");
    succeed("b");
    reconcile(wf, T0.plusSeconds(11));
    reconcile(wf, T0.plusSeconds(12));
    assertThat(steps).contains("b#1.1");
    assertThat(wf.getStatus().getPhase()).isEqualTo(RunPhase.Succeeded);
  }

  @Test
  void aReplayedNodeWaitingForASlotKeepsItsExecution() {
    var wf = workflow(task("a"), task("busy"));
    wf.getSpec().setMaxParallel(1);
    wf.getSpec().getNodes().get(0).setOnFailure(OnFailure.DeadLetter);
    fail("a", false);
    reconcile(wf, T0);
    assertThat(phase(wf, "a")).isEqualTo(StepPhase.DeadLettered);
    reconcile(wf, T0.plusSeconds(1));
    assertThat(phase(wf, "busy")).isEqualTo(StepPhase.Running);

    wf.getMetadata().setAnnotations(new HashMap<>(Map.of(Replays.ANNOTATION, "all")));
    behaviour.remove("a");
    reconcile(wf, T0.plusSeconds(2));
    wf.getMetadata().getAnnotations().clear();
    succeed("busy");
    reconcile(wf, T0.plusSeconds(3));
    assertThat(steps).last().as("the replay runs as execution 2 (its own child), not execution 1 again")
        .isEqualTo("a#2.1");
  }

  @Test
  void aReplayOfANodeThatIsNotDeadLetteredIsIgnored() {
    var wf = workflow(task("a"));
    reconcile(wf, T0);
    wf.getMetadata().setAnnotations(new HashMap<>(Map.of(Replays.ANNOTATION, "a, ghost")));
    var plan = reconcile(wf, T0.plusSeconds(1));
    assertThat(plan.replayHandled).isTrue();
    assertThat(plan.notes).extracting(WorkflowPlan.Note::message)
        .contains("node a is Running, not DeadLettered", "node ghost does not exist");
    assertThat(state(wf, "a").getExecution()).isNull();
  }

  // --- timeouts

  @Test
  void aNodePastItsTimeoutIsStoppedAndFailsDeadlineExceeded() {
    var wf = workflow(task("a"));
    wf.getSpec().getNodes().get(0).setTimeout("30s");
    var plan = reconcile(wf, T0);
    assertThat(plan.requeueAfter).as("looks again when the node's time is up").isEqualTo(Duration.ofSeconds(30));
    plan = reconcile(wf, T0.plusSeconds(30));
    var a = state(wf, "a");
    assertThat(a.getPhase()).isEqualTo(StepPhase.Failed);
    assertThat(a.getReason()).isEqualTo(WorkflowRun.DEADLINE_EXCEEDED);
    assertThat(a.getMessage()).isEqualTo("stopped: the node's timeout of 30s passed");
    assertThat(stops).containsExactly("a: the node's timeout of 30s passed");
    assertThat(wf.getStatus().getPhase()).isEqualTo(RunPhase.Failed);
    assertThat(plan.notes).extracting(WorkflowPlan.Note::reason).contains(WorkflowRun.NODE_FAILED);
  }

  @Test
  void aDeadLetterNodePastItsTimeoutIsDeadLettered() {
    var wf = workflow(task("a"), task("b", on("a")));
    wf.getSpec().getNodes().get(0).setTimeout("30s");
    wf.getSpec().getNodes().get(0).setOnFailure(OnFailure.DeadLetter);
    reconcile(wf, T0);
    var plan = reconcile(wf, T0.plusSeconds(30));
    var a = state(wf, "a");
    assertThat(a.getPhase()).as("replayable, as onFailure: DeadLetter promises").isEqualTo(StepPhase.DeadLettered);
    assertThat(a.getReason()).isEqualTo(WorkflowRun.DEADLINE_EXCEEDED);
    assertThat(stops).containsExactly("a: the node's timeout of 30s passed");
    assertThat(plan.notes).extracting(WorkflowPlan.Note::reason).contains(WorkflowRun.DEAD_LETTERED);
  }

  @Test
  void aWaitingNodeIsLookedAtAgainWhenItsTimeoutPasses() {
    var wf = workflow(approval("ok"));
    wf.getSpec().getNodes().get(0).setTimeout("1h");
    behaviour.put("ok", a -> new NodeStep.Waiting("waiting for approval", null));
    var plan = reconcile(wf, T0);
    assertThat(plan.requeueAfter).isEqualTo(Duration.ofHours(1));
    plan = reconcile(wf, T0.plusSeconds(600));
    assertThat(plan.requeueAfter).isEqualTo(Duration.ofSeconds(3000));
  }

  @Test
  void aRetryingNodeFailsWhenItsTimeoutPassesDuringTheBackoff() {
    var wf = workflow(task("a"));
    wf.getSpec().getNodes().get(0).setRetry(retry(3, "1m"));
    wf.getSpec().getNodes().get(0).setTimeout("30s");
    fail("a", true);
    var plan = reconcile(wf, T0);
    assertThat(phase(wf, "a")).isEqualTo(StepPhase.Retrying);
    assertThat(plan.requeueAfter).isEqualTo(Duration.ofSeconds(30));
    reconcile(wf, T0.plusSeconds(30));
    assertThat(phase(wf, "a")).isEqualTo(StepPhase.Failed);
    assertThat(state(wf, "a").getReason()).isEqualTo(WorkflowRun.DEADLINE_EXCEEDED);
    assertThat(steps).containsExactly("a#1.1");
  }

  @Test
  void theRunTimeoutStopsRunningNodesAndSkipsTheRest() {
    var wf = workflow(task("a"), task("b", on("a")));
    wf.getSpec().setTimeout("5m");
    var plan = reconcile(wf, T0);
    assertThat(plan.requeueAfter).isEqualTo(Duration.ofMinutes(5));
    reconcile(wf, T0.plus(Duration.ofMinutes(5)));
    assertThat(phase(wf, "a")).isEqualTo(StepPhase.Failed);
    assertThat(state(wf, "a").getReason()).isEqualTo(WorkflowRun.TIMEOUT);
    assertThat(stops).containsExactly("a: the Workflow's timeout of 5m passed");
    assertThat(phase(wf, "b")).isEqualTo(StepPhase.Skipped);
    assertThat(state(wf, "b").getReason()).isEqualTo(WorkflowRun.TIMEOUT);
    assertThat(wf.getStatus().getPhase()).isEqualTo(RunPhase.Failed);
    assertThat(Conditions.find(wf.getStatus().getConditions(), WorkflowStatus.SUCCEEDED).getReason())
        .isEqualTo(WorkflowRun.TIMEOUT);
  }

  // --- conditions, references, invalid specs

  @Test
  void aConditionRunsOneBranchAndSkipsTheOther() {
    var check = new WorkflowNode("check");
    var condition = new ConditionNode();
    condition.setExpression("params.env == 'prod'");
    condition.setThen(List.of("yes"));
    condition.setElseNodes(List.of("no"));
    check.setCondition(condition);
    var wf = workflow(check, task("yes", on("check")), task("no", on("check")));
    wf.getSpec().setParams(List.of(new Param("env", "dev")));
    reconcile(wf, T0);
    assertThat(phase(wf, "check")).isEqualTo(StepPhase.Succeeded);
    assertThat(state(wf, "check").getResults()).containsEntry("value", "false");
    reconcile(wf, T0.plusSeconds(1));
    assertThat(phase(wf, "yes")).isEqualTo(StepPhase.Skipped);
    assertThat(state(wf, "yes").getReason()).isEqualTo(WorkflowRun.BRANCH_NOT_TAKEN);
    assertThat(state(wf, "yes").getMessage()).isEqualTo("condition check is false");
    assertThat(phase(wf, "no")).isEqualTo(StepPhase.Running);
  }

  @Test
  void resultsOfUpstreamNodesAreSubstitutedAndAMissingOneFailsTheNode() {
    var wf = workflow(task("a"), task("b", on("a")), task("c", on("a")));
    wf.getSpec().getNodes().get(1).getHttp().setBody("$(nodes.a.results.out)");
    wf.getSpec().getNodes().get(2).getHttp().setBody("$(nodes.a.results.missing)");
    succeed("a");
    var bodies = new ArrayList<String>();
    behaviour.put("b", a -> {
      bodies.add(a.node().getHttp().getBody());
      return new NodeStep.Running("runs", null);
    });
    reconcile(wf, T0);
    reconcile(wf, T0.plusSeconds(1));
    assertThat(bodies).containsExactly("a");
    assertThat(phase(wf, "c")).isEqualTo(StepPhase.Failed);
    assertThat(state(wf, "c").getReason()).isEqualTo("ResultNotFound");
    assertThat(state(wf, "c").getMessage()).isEqualTo("node a has no result 'missing' (it has: out)");
  }

  @Test
  void anInvalidSpecFailsTheRunWithoutRunningAnything() {
    var wf = workflow(task("a", on("ghost")));
    reconcile(wf, T0);
    assertThat(steps).isEmpty();
    assertThat(wf.getStatus().getPhase()).isEqualTo(RunPhase.Failed);
    var succeeded = Conditions.find(wf.getStatus().getConditions(), WorkflowStatus.SUCCEEDED);
    assertThat(succeeded.getReason()).isEqualTo(WorkflowRun.INVALID_SPEC);
    assertThat(succeeded.getMessage()).isEqualTo("node a depends on unknown node ghost");
  }
}
