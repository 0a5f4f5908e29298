package dev.anvil.operator.workflow;

import static dev.anvil.operator.status.Conditions.FALSE;
import static dev.anvil.operator.status.Conditions.TRUE;
import static dev.anvil.operator.status.Conditions.UNKNOWN;

import dev.anvil.crds.v1alpha1.HttpNode;
import dev.anvil.crds.v1alpha1.RunPhase;
import dev.anvil.crds.v1alpha1.StepPhase;
import dev.anvil.crds.v1alpha1.Workflow;
import dev.anvil.crds.v1alpha1.WorkflowNodeState;
import dev.anvil.crds.v1alpha1.WorkflowStatus;
import dev.anvil.operator.status.Conditions;
import dev.anvil.operator.workflow.calls.CircuitBreakers;
import dev.anvil.operator.workflow.nodes.BmcNodeStep;
import java.net.URI;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;

/** Sums a Workflow run up: phase, progress, conditions, circuit breakers, dead letters. */
final class WorkflowOutcome {

  private WorkflowOutcome() {
  }

  static void record(Workflow workflow, WorkflowShape shape, Map<String, WorkflowNodeState> states, WorkflowPlan plan,
      WorkflowServices services, boolean timedOut, Collection<String> failed, Instant now) {
    var status = plan.status;
    status.setCircuitBreakers(new ArrayList<>(services.breakers().notClosed(breakerTargets(workflow, shape))));
    var all = states.values();
    long finished = all.stream().filter(s -> WorkflowRun.isTerminal(s.getPhase())).count();
    status.setProgress(finished + "/" + all.size());
    long deadLetters = all.stream().filter(s -> s.getPhase() == StepPhase.DeadLettered).count();
    status.setDeadLetters(deadLetters == 0 ? null : (int) deadLetters);
    var active = all.stream().filter(s -> s.getPhase() == StepPhase.Running || s.getPhase() == StepPhase.Retrying)
        .toList();
    var approvals = all.stream().filter(s -> s.getPhase() == StepPhase.Waiting
        && shape.kinds.get(s.getName()) == NodeKind.approval).map(WorkflowNodeState::getName).toList();
    var waiting = all.stream().filter(s -> s.getPhase() == StepPhase.Waiting).count();
    long generation = status.getObservedGeneration() == null ? 0 : status.getObservedGeneration();
    Conditions.set(status.getConditions(), WorkflowStatus.WAITING_FOR_APPROVAL, approvals.isEmpty() ? FALSE : TRUE,
        approvals.isEmpty() ? "NoApprovalPending" : "ApprovalPending", approvals.isEmpty() ? "no approval pending"
        : "waiting for approval of node(s) " + String.join(", ", approvals), generation, now);
    if (active.isEmpty() && waiting == 0 && finished + blocked(states) == all.size()) {
      settle(workflow, states, plan, timedOut, failed, now);
      return;
    }
    status.setPhase(active.isEmpty() && !approvals.isEmpty() ? RunPhase.Waiting : RunPhase.Running);
    status.setCompletionTime(null); // reopened by a replay
    Conditions.remove(status.getConditions(), WorkflowStatus.FAILED);
    Conditions.set(status.getConditions(), WorkflowStatus.RUNNING, active.isEmpty() ? FALSE : TRUE,
        active.isEmpty() ? "Waiting" : "NodesRunning", active.size() + " node(s) running", generation, now);
    Conditions.set(status.getConditions(), WorkflowStatus.SUCCEEDED, UNKNOWN, "Running",
        finished + " of " + all.size() + " nodes finished", generation, now);
  }

  /** Pending nodes held back by a dead-lettered node they need to succeed. */
  private static long blocked(Map<String, WorkflowNodeState> states) {
    return states.values().stream().filter(s -> s.getPhase() == StepPhase.Pending && s.getMessage() != null
        && s.getMessage().startsWith("waits for the replay")).count();
  }

  private static void settle(Workflow workflow, Map<String, WorkflowNodeState> states, WorkflowPlan plan,
      boolean timedOut, Collection<String> failed, Instant now) {
    long blocked = blocked(states);
    var dead = states.values().stream().filter(s -> s.getPhase() == StepPhase.DeadLettered)
        .map(WorkflowNodeState::getName).toList();
    if (timedOut) {
      finish(workflow, plan, false, WorkflowRun.TIMEOUT, "the timeout of " + workflow.getSpec().getTimeout()
          + " passed", now);
    } else if (!failed.isEmpty()) {
      var first = states.get(failed.iterator().next());
      finish(workflow, plan, false, WorkflowRun.NODE_FAILED, "node " + first.getName() + " failed ("
          + first.getReason() + "): " + first.getMessage(), now);
    } else if (!dead.isEmpty()) {
      // a dead-lettered node did not do its work, even when nothing waits for it: the run is not a success until
      // a replay makes it one
      finish(workflow, plan, false, WorkflowRun.DEAD_LETTERED, "node(s) " + String.join(", ", dead) + " are in the "
          + "dead-letter queue" + (blocked > 0 ? " and " + blocked + " node(s) wait for them" : "")
          + "; replay with: kubectl annotate workflow " + workflow.getMetadata().getName() + " " + Replays.ANNOTATION
          + "=" + String.join(",", dead), now);
    } else {
      finish(workflow, plan, true, "Succeeded", "all " + states.size() + " nodes finished as needed", now);
    }
  }

  static void finish(Workflow workflow, WorkflowPlan plan, boolean succeeded, String reason, String message,
      Instant now) {
    var status = plan.status;
    long generation = status.getObservedGeneration() == null ? 0 : status.getObservedGeneration();
    status.setPhase(succeeded ? RunPhase.Succeeded : RunPhase.Failed);
    status.setCompletionTime(now.toString());
    Conditions.set(status.getConditions(), WorkflowStatus.RUNNING, FALSE, reason, message, generation, now);
    Conditions.set(status.getConditions(), WorkflowStatus.SUCCEEDED, succeeded ? TRUE : FALSE, reason, message,
        generation, now);
    if (succeeded) {
      Conditions.remove(status.getConditions(), WorkflowStatus.FAILED);
    } else {
      Conditions.set(status.getConditions(), WorkflowStatus.FAILED, TRUE, reason, message, generation, now);
    }
    plan.requeueAfter = null;
    if (succeeded) {
      plan.normal(reason, message);
    } else {
      plan.warning(reason, message);
    }
  }

  /** The circuit-breaker targets of the Workflow's http and bmc nodes that have a breaker, where known up front. */
  static List<String> breakerTargets(Workflow workflow, WorkflowShape shape) {
    var targets = new ArrayList<String>();
    for (var node : shape.nodes.values()) {
      if (node.getCircuitBreaker() == null) {
        continue;
      }
      if (node.getBmc() != null && node.getBmc().getHost() != null && !node.getBmc().getHost().contains("$(")) {
        targets.add(BmcNodeStep.target(workflow.getMetadata().getNamespace(), node.getBmc().getHost()));
      }
      HttpNode http = node.getHttp();
      if (http != null && http.getUrl() != null && !http.getUrl().contains("$(")) {
        try {
          targets.add(CircuitBreakers.targetOf(URI.create(http.getUrl())));
        } catch (IllegalArgumentException e) {
          // reported when the node runs
        }
      }
    }
    return targets;
  }
}
