package dev.anvil.operator.workflow;

import dev.anvil.crds.v1alpha1.OnFailure;
import dev.anvil.crds.v1alpha1.StepPhase;
import dev.anvil.crds.v1alpha1.Workflow;
import dev.anvil.crds.v1alpha1.WorkflowNodeState;
import dev.anvil.operator.job.RetryRules;
import dev.anvil.protocol.deadletter.DeadLetter;
import io.fabric8.kubernetes.client.utils.KubernetesSerialization;
import java.time.Instant;
import java.util.LinkedHashMap;

/** Records what a node's attempt came to: still running, done, retried after a backoff, or failed for good. */
final class NodeSettlement {

  private static final KubernetesSerialization SERIALIZATION = new KubernetesSerialization();

  private final Workflow workflow;
  private final WorkflowShape shape;
  private final WorkflowServices services;
  private final WorkflowPlan plan;
  private final Instant now;

  NodeSettlement(Workflow workflow, WorkflowShape shape, WorkflowServices services, WorkflowPlan plan, Instant now) {
    this.workflow = workflow;
    this.shape = shape;
    this.services = services;
    this.plan = plan;
    this.now = now;
  }

  /** Whether a failure of this node fails the Workflow (onFailure Fail, the default). */
  boolean failsWorkflow(WorkflowNodeState state) {
    var onFailure = shape.nodes.get(state.getName()).getOnFailure();
    return onFailure == null || onFailure == OnFailure.Fail;
  }

  void apply(String name, WorkflowNodeState state, NodeStep outcome) {
    if (outcome instanceof NodeStep.Running running) {
      state.setPhase(StepPhase.Running);
      state.setMessage(running.message());
      plan.requeueWithin(running.recheck());
    } else if (outcome instanceof NodeStep.Waiting waiting) {
      if (state.getPhase() != StepPhase.Waiting && shape.kinds.get(name) == NodeKind.approval) {
        plan.normal("WaitingForApproval", "node " + name + ": " + waiting.message());
      }
      state.setPhase(StepPhase.Waiting);
      state.setMessage(waiting.message());
      plan.requeueWithin(waiting.recheck());
    } else if (outcome instanceof NodeStep.Succeeded succeeded) {
      state.setResults(succeeded.results().isEmpty() ? null : new LinkedHashMap<>(succeeded.results()));
      end(state, StepPhase.Succeeded, null, null);
    } else {
      failed(name, state, (NodeStep.Failed) outcome);
    }
  }

  private void failed(String name, WorkflowNodeState state, NodeStep.Failed failed) {
    var node = shape.nodes.get(name);
    var rules = new RetryRules(node.getRetry());
    int attempts = state.getAttempts() == null ? 1 : state.getAttempts();
    if (failed.retryable() && attempts <= rules.limit()) {
      var next = now.plus(rules.backoff(attempts, workflow.getMetadata().getUid() + "/" + name + "/"
          + (state.getExecution() == null ? 1 : state.getExecution())));
      if (failed.notBefore() != null && next.isBefore(failed.notBefore())) {
        next = failed.notBefore();
      }
      state.setPhase(StepPhase.Retrying);
      state.setReason(failed.reason());
      state.setMessage("attempt " + attempts + ": " + failed.message());
      state.setNextTime(next.toString());
      plan.normal("NodeRetrying", "node " + name + " attempt " + attempts + " failed (" + failed.reason() + "): "
          + failed.message() + "; next attempt at " + next);
      plan.requeueWithin(java.time.Duration.between(now, next));
      return;
    }
    var message = (attempts > 1 ? "after " + attempts + " attempts: " : "") + failed.message();
    if (node.getOnFailure() == OnFailure.DeadLetter) {
      deadLetter(name, state, failed, message);
      return;
    }
    end(state, StepPhase.Failed, failed.reason(), message);
    plan.warning(WorkflowRun.NODE_FAILED, "node " + name + " failed (" + failed.reason() + "): " + message);
  }

  /** Records the execution in the dead-letter queue (idempotently), then marks the node DeadLettered. */
  private void deadLetter(String name, WorkflowNodeState state, NodeStep.Failed failed, String message) {
    var node = shape.nodes.get(name);
    int execution = state.getExecution() == null ? 1 : state.getExecution();
    String id = null;
    if (services.deadLetters() != null) {
      var meta = workflow.getMetadata();
      id = services.deadLetters().record(new DeadLetter(meta.getNamespace(), meta.getName(), meta.getUid(), name,
          shape.kinds.get(name).name(), execution, SERIALIZATION.asJson(node), failed.reason(), message,
          state.getAttempts() == null ? 1 : state.getAttempts(), Instant.parse(state.getStartTime()),
          state.getAttemptTime() == null ? now : Instant.parse(state.getAttemptTime())));
    }
    state.setDeadLetter(id);
    end(state, StepPhase.DeadLettered, failed.reason(), message);
    plan.warning(WorkflowRun.DEAD_LETTERED, "node " + name + " failed (" + failed.reason() + ") and was recorded in "
        + "the dead-letter queue" + (id == null ? " (none configured: kept in status only)" : " as " + id)
        + "; replay with: kubectl annotate workflow " + workflow.getMetadata().getName() + " " + Replays.ANNOTATION
        + "=" + name);
  }

  void end(WorkflowNodeState state, StepPhase phase, String reason, String message) {
    state.setPhase(phase);
    state.setReason(reason);
    state.setMessage(message);
    state.setNextTime(null);
    state.setCompletionTime(now.toString());
  }
}
