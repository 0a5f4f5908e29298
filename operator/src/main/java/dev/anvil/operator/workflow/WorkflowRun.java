package dev.anvil.operator.workflow;

import dev.anvil.crds.v1alpha1.Durations;
import dev.anvil.crds.v1alpha1.StepPhase;
import dev.anvil.crds.v1alpha1.Workflow;
import dev.anvil.crds.v1alpha1.WorkflowNodeState;
import dev.anvil.crds.v1alpha1.WorkflowStatus;
import dev.anvil.operator.run.Substitution.UnresolvedReference;
import io.fabric8.kubernetes.client.utils.KubernetesSerialization;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * One reconcile of a Workflow run: replays asked for, then every node in graph order — pending ones judged by their
 * dependencies, running ones stepped by their kind's runner, failures retried or settled — then the run's outcome.
 * Node state lives in status.nodes; job and pipeline nodes' detail lives in their child objects.
 */
final class WorkflowRun {

  static final String INVALID_SPEC = "InvalidSpec";
  static final String NODE_FAILED = "NodeFailed";
  static final String TIMEOUT = "Timeout";
  static final String DEADLINE_EXCEEDED = "DeadlineExceeded";
  static final String DEPENDENCY_NOT_MET = "DependencyNotMet";
  static final String BRANCH_NOT_TAKEN = "BranchNotTaken";
  static final String WORKFLOW_FAILED = "WorkflowFailed";
  static final String DEAD_LETTERED = "DeadLettered";

  private static final Set<StepPhase> TERMINAL = EnumSet.of(StepPhase.Succeeded, StepPhase.Failed, StepPhase.Skipped,
      StepPhase.DeadLettered);
  private static final KubernetesSerialization SERIALIZATION = new KubernetesSerialization();

  private final Workflow workflow;
  private final WorkflowShape shape;
  private final Map<NodeKind, NodeRunner> runners;
  private final WorkflowServices services;
  private final WorkflowChildren children;
  private final Instant now;
  private final WorkflowPlan plan;
  private final Map<String, WorkflowNodeState> states = new LinkedHashMap<>();
  private final NodeReferences references;
  private final NodeSettlement settlement;

  private WorkflowRun(Workflow workflow, WorkflowShape shape, Map<NodeKind, NodeRunner> runners,
      WorkflowServices services, WorkflowChildren children, Instant now) {
    this.workflow = workflow;
    this.shape = shape;
    this.runners = runners;
    this.services = services;
    this.children = children;
    this.now = now;
    var previous = workflow.getStatus();
    this.plan = new WorkflowPlan(previous == null ? new WorkflowStatus() : SERIALIZATION.clone(previous));
    this.references = new NodeReferences(workflow, shape, states, children);
    this.settlement = new NodeSettlement(workflow, shape, services, plan, now);
  }

  /** The BmcHosts that bmc nodes still running after this pass wait on, with their substitutions resolved. */
  static Set<String> hostsWaitedOn(WorkflowPlan plan) {
    return plan.status.getNodes().stream().filter(s -> s.getPhase() == StepPhase.Running)
        .map(s -> plan.bmcHosts.get(s.getName())).filter(java.util.Objects::nonNull)
        .collect(Collectors.toSet());
  }

  static boolean isTerminal(StepPhase phase) {
    return TERMINAL.contains(phase);
  }

  static WorkflowPlan decide(Workflow workflow, WorkflowShape shape, Map<NodeKind, NodeRunner> runners,
      WorkflowServices services, WorkflowChildren children, Instant now) {
    var run = new WorkflowRun(workflow, shape, runners, services, children, now);
    run.decide();
    return run.plan;
  }

  private void decide() {
    var status = plan.status;
    status.setObservedGeneration(workflow.getMetadata().getGeneration());
    if (status.getStartTime() == null) {
      status.setStartTime(now.toString());
    }
    if (!shape.valid()) {
      WorkflowOutcome.finish(workflow, plan, false, INVALID_SPEC, String.join("; ", shape.problems), now);
      return;
    }
    var previous = status.getNodes().stream().collect(Collectors.toMap(WorkflowNodeState::getName, s -> s,
        (a, b) -> a));
    shape.nodes.keySet().forEach(name -> states.put(name, previous.getOrDefault(name,
        new WorkflowNodeState(name, StepPhase.Pending))));
    new Replays(workflow, states, services, plan).apply();
    var timeout = workflow.getSpec().getTimeout();
    var deadline = timeout == null ? null : Instant.parse(status.getStartTime()).plus(Durations.parse(timeout));
    boolean timedOut = deadline != null && !now.isBefore(deadline);
    if (deadline != null && !timedOut) {
      plan.requeueWithin(Duration.between(now, deadline));
    }
    var candidates = new ArrayList<String>();
    Set<String> handlersOf = Set.of();
    Set<String> handlers = Set.of();
    for (var name : shape.graph.order()) {
      var state = states.get(name);
      var failed = failedNodes();
      if (!failed.equals(handlersOf)) { // the failure handlers change only when another node fails
        handlersOf = failed;
        handlers = failed.isEmpty() ? Set.of() : Edges.handlers(shape, failed);
      }
      var stopWhy = timedOut ? "the Workflow's timeout of " + timeout + " passed"
          : !failed.isEmpty() && !handlers.contains(name) ? "the Workflow failed (node " + failed.iterator().next()
          + ")" : null;
      switch (state.getPhase()) {
        case Pending -> judge(name, state, stopWhy, timedOut, candidates);
        case Retrying -> retryOrWait(name, state, stopWhy, timedOut);
        case Running, Waiting -> advance(name, state, stopWhy, timedOut);
        default -> {
        }
      }
    }
    startCandidates(candidates);
    // a replayed node not started yet keeps its entry: the execution number names its next child
    // pending nodes are listed once they have something to say: a replay's execution, or why they wait
    status.setNodes(states.values().stream().filter(s -> s.getPhase() != StepPhase.Pending || s.getStartTime() != null
        || s.getExecution() != null || s.getMessage() != null).toList());
    WorkflowOutcome.record(workflow, shape, states, plan, services, timedOut, failedNodes(), now);
  }

  /** Nodes that failed for good with onFailure Fail (the default): they fail the Workflow. */
  private Set<String> failedNodes() {
    return states.values().stream().filter(s -> s.getPhase() == StepPhase.Failed && settlement.failsWorkflow(s))
        .map(WorkflowNodeState::getName).collect(Collectors.toCollection(java.util.LinkedHashSet::new));
  }

  private void judge(String name, WorkflowNodeState state, String stopWhy, boolean timedOut, List<String> ready) {
    if (stopWhy != null) {
      skip(state, timedOut ? TIMEOUT : WORKFLOW_FAILED, stopWhy);
      return;
    }
    state.setMessage(null); // recomputed: a replay may have unblocked it
    var verdict = Edges.judge(shape, name, states);
    if (verdict.waits()) {
      if (verdict.blockedByDeadLetter() != null) {
        state.setMessage("waits for the replay of dead-lettered node " + verdict.blockedByDeadLetter());
      }
      return;
    }
    if (verdict.unmet() != null) {
      skip(state, DEPENDENCY_NOT_MET, verdict.unmet());
      return;
    }
    var branch = shape.branches.get(name);
    if (branch != null) {
      var value = references.results(branch.getKey()).get("value");
      if (!Boolean.toString(branch.getValue()).equals(value)) {
        skip(state, BRANCH_NOT_TAKEN, "condition " + branch.getKey() + " is " + value);
        return;
      }
    }
    ready.add(name);
  }

  private void skip(WorkflowNodeState state, String reason, String message) {
    state.setPhase(StepPhase.Skipped);
    state.setReason(reason);
    state.setMessage(message);
    state.setCompletionTime(now.toString());
  }

  private void retryOrWait(String name, WorkflowNodeState state, String stopWhy, boolean timedOut) {
    if (stopWhy != null) {
      settlement.end(state, StepPhase.Failed, timedOut ? TIMEOUT : WORKFLOW_FAILED, stopWhy);
      return;
    }
    var deadline = nodeDeadline(name, state);
    if (deadline != null && !now.isBefore(deadline)) {
      // a failure for good of the node itself: onFailure decides (DeadLetter records it)
      settlement.apply(name, state, new NodeStep.Failed(DEADLINE_EXCEEDED, "the node's timeout of "
          + shape.nodes.get(name).getTimeout() + " passed while it waited to retry", false));
      return;
    }
    var next = state.getNextTime() == null ? now : Instant.parse(state.getNextTime());
    if (now.isBefore(next)) {
      plan.requeueWithin(Duration.between(now, deadline != null && deadline.isBefore(next) ? deadline : next));
      return;
    }
    state.setAttempts((state.getAttempts() == null ? 0 : state.getAttempts()) + 1);
    state.setAttemptTime(now.toString());
    state.setNextTime(null);
    state.setPhase(StepPhase.Running);
    step(name, state);
  }

  private void advance(String name, WorkflowNodeState state, String stopWhy, boolean timedOut) {
    var nodeTimeout = shape.nodes.get(name).getTimeout();
    var deadline = nodeDeadline(name, state);
    boolean expired = deadline != null && !now.isBefore(deadline);
    if (stopWhy != null || expired) {
      var why = stopWhy != null ? stopWhy : "the node's timeout of " + nodeTimeout + " passed";
      runner(name).stop(attempt(name, state, substitutedOrAsWritten(name, state)), why);
      if (stopWhy == null) {
        // a failure for good of the node itself: onFailure decides (DeadLetter records it)
        settlement.apply(name, state, new NodeStep.Failed(DEADLINE_EXCEEDED, "stopped: " + why, false));
      } else {
        settlement.end(state, StepPhase.Failed, timedOut ? TIMEOUT : WORKFLOW_FAILED, "stopped: " + why);
      }
      return;
    }
    step(name, state);
  }

  /** When the node's own timeout (retries and backoff included) passes, or null without one. */
  private Instant nodeDeadline(String name, WorkflowNodeState state) {
    var nodeTimeout = shape.nodes.get(name).getTimeout();
    return nodeTimeout == null || state.getStartTime() == null ? null
        : Instant.parse(state.getStartTime()).plus(Durations.parse(nodeTimeout));
  }

  private void startCandidates(List<String> candidates) {
    var limit = workflow.getSpec().getMaxParallel();
    // a node waiting to retry keeps its slot: it resumes without asking for one
    long busy = states.entrySet().stream().filter(e -> (e.getValue().getPhase() == StepPhase.Running
        || e.getValue().getPhase() == StepPhase.Retrying) && shape.kinds.get(e.getKey()).takesSlot()).count();
    for (var name : candidates) {
      boolean needsSlot = shape.kinds.get(name).takesSlot();
      if (needsSlot && limit != null && busy >= limit) {
        continue;
      }
      var state = states.get(name);
      state.setPhase(StepPhase.Running);
      state.setAttempts(1);
      state.setStartTime(now.toString());
      state.setAttemptTime(now.toString());
      state.setReason(null);
      state.setMessage(null);
      if (needsSlot) {
        busy++;
      }
      step(name, state);
    }
  }

  /** Steps the node's current attempt and settles what it came to. */
  private void step(String name, WorkflowNodeState state) {
    NodeStep outcome;
    try {
      var node = references.substituted(shape.nodes.get(name), state.getAttempts());
      if (node.getBmc() != null) {
        plan.bmcHosts.put(name, node.getBmc().getHost());
      }
      var attempt = attempt(name, state, node);
      outcome = runner(name).step(attempt);
      if (shape.kinds.get(name) == NodeKind.job || shape.kinds.get(name) == NodeKind.pipeline) {
        state.setChild(attempt.childName());
      }
    } catch (UnresolvedReference e) {
      outcome = new NodeStep.Failed("ResultNotFound", e.getMessage(), false);
    }
    settlement.apply(name, state, outcome);
    if (isTerminal(state.getPhase())) {
      plan.requeueWithin(Duration.ZERO); // what waits for it may start now
    } else if (nodeDeadline(name, state) != null) {
      // a node waiting for a person, an event or its backoff times out without either
      plan.requeueWithin(Duration.between(now, nodeDeadline(name, state)));
    }
  }

  /** The node as its attempt ran (references substituted), or as written when a reference has no value now. */
  private dev.anvil.crds.v1alpha1.WorkflowNode substitutedOrAsWritten(String name, WorkflowNodeState state) {
    try {
      return references.substituted(shape.nodes.get(name), state.getAttempts() == null ? 1 : state.getAttempts());
    } catch (UnresolvedReference e) {
      return shape.nodes.get(name);
    }
  }

  private NodeAttempt attempt(String name, WorkflowNodeState state, dev.anvil.crds.v1alpha1.WorkflowNode node) {
    int execution = state.getExecution() == null ? 1 : state.getExecution();
    var attemptStart = state.getAttemptTime() == null ? now : Instant.parse(state.getAttemptTime());
    return new NodeAttempt(workflow, node, execution, state.getAttempts() == null ? 1 : state.getAttempts(),
        attemptStart, now, services, children, shape.params, references::finished);
  }

  private NodeRunner runner(String name) {
    return runners.get(shape.kinds.get(name));
  }
}
