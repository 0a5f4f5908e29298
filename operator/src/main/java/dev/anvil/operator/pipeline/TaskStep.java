package dev.anvil.operator.pipeline;

import dev.anvil.crds.v1alpha1.Job;
import dev.anvil.crds.v1alpha1.JobPhase;
import dev.anvil.crds.v1alpha1.JobStatus;
import dev.anvil.crds.v1alpha1.PipelineTaskState;
import dev.anvil.crds.v1alpha1.StepPhase;
import dev.anvil.operator.status.Conditions;

/** Where one task is in this reconcile: derived from its child Job, or decided from what it waits for. */
final class TaskStep {

  /** Set on a child Job the Pipeline stopped, as {@code <Timeout|PipelineFailed>: <why>}. */
  static final String STOPPED_ANNOTATION = "anvil.dev/stopped-by-pipeline";

  final String name;
  StepPhase phase = StepPhase.Pending;
  String skipReason;
  String message;
  Job child;
  /** Ready to start, if a parallelism slot is free. */
  boolean ready;
  /** Why the Pipeline stopped this task's child: a skip reason (Timeout or PipelineFailed), or null. */
  String stopReason;

  TaskStep(String name) {
    this.name = name;
  }

  static TaskStep ofChild(String name, Job child) {
    var step = new TaskStep(name);
    step.child = child;
    var status = child.getStatus();
    var jobPhase = status == null || status.getPhase() == null ? JobPhase.Pending : status.getPhase();
    var stoppedBy = child.getMetadata().getAnnotations() == null ? null
        : child.getMetadata().getAnnotations().get(STOPPED_ANNOTATION);
    if (stoppedBy != null && jobPhase != JobPhase.Succeeded) {
      int colon = stoppedBy.indexOf(": ");
      step.stop(colon < 0 ? PipelineTaskState.SKIP_PIPELINE_FAILED : stoppedBy.substring(0, colon),
          stoppedBy.substring(colon + 2));
      return step;
    }
    switch (jobPhase) {
      case Succeeded -> step.phase = StepPhase.Succeeded;
      case Failed -> {
        step.phase = StepPhase.Failed;
        var condition = Conditions.find(status.getConditions(), JobStatus.SUCCEEDED);
        step.message = condition == null ? "its Job failed" : condition.getReason() + ": " + condition.getMessage();
      }
      case Retrying -> step.phase = StepPhase.Retrying;
      default -> step.phase = StepPhase.Running;
    }
    return step;
  }

  boolean terminal() {
    return phase == StepPhase.Succeeded || phase == StepPhase.Failed || phase == StepPhase.Skipped;
  }

  boolean active() {
    return phase == StepPhase.Running || phase == StepPhase.Retrying;
  }

  /** Skipped for a reason other than its own false guard: what runs after it is skipped too. */
  boolean blocksDownstream() {
    return phase == StepPhase.Failed
        || phase == StepPhase.Skipped && !PipelineTaskState.SKIP_WHEN_FALSE.equals(skipReason);
  }

  /** Makes the run fail: the task failed, or the run's failure or timeout kept it from starting. */
  boolean countsAsFailure() {
    return phase == StepPhase.Failed || phase == StepPhase.Skipped
        && (PipelineTaskState.SKIP_PIPELINE_FAILED.equals(skipReason) || PipelineTaskState.SKIP_TIMEOUT.equals(skipReason)
        || PipelineDecision.STOPPED.equals(skipReason));
  }

  void skip(String reason, String why) {
    phase = StepPhase.Skipped;
    skipReason = reason;
    message = why;
    ready = false;
  }

  /** The Pipeline stops this running task: {@code reason} is Timeout, PipelineFailed or Stopped. */
  void stop(String reason, String why) {
    fail("stopped: " + why);
    stopReason = reason;
  }

  /** The annotation value that records on the child why it was stopped. */
  String stoppedBy() {
    return stopReason + ": " + message.substring("stopped: ".length());
  }

  boolean timedOut() {
    return PipelineTaskState.SKIP_TIMEOUT.equals(skipReason) || PipelineTaskState.SKIP_TIMEOUT.equals(stopReason);
  }

  void fail(String why) {
    phase = StepPhase.Failed;
    message = why;
    ready = false;
  }
}
