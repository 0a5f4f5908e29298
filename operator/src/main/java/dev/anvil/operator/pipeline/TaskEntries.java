package dev.anvil.operator.pipeline;

import dev.anvil.crds.v1alpha1.Pipeline;
import dev.anvil.crds.v1alpha1.PipelineTaskState;
import dev.anvil.crds.v1alpha1.StepPhase;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The status.tasks list: one entry per task that started or was skipped, in spec order. Compact (large Pipelines):
 * Succeeded and Running tasks are left out, their child Jobs show them.
 */
final class TaskEntries {

  private TaskEntries() {
  }

  static List<PipelineTaskState> of(Pipeline pipeline, Map<String, TaskStep> steps,
      Map<String, PipelineTaskState> previous, boolean compact, Instant now) {
    var entries = new ArrayList<PipelineTaskState>();
    for (var step : steps.values()) {
      if (step.phase == StepPhase.Pending
          || compact && (step.phase == StepPhase.Succeeded || step.phase == StepPhase.Running)) {
        continue;
      }
      var entry = new PipelineTaskState(step.name, step.phase);
      var before = previous.get(step.name);
      if (step.child != null) {
        var childName = step.child.getMetadata().getName();
        if (!childName.equals(pipeline.getMetadata().getName() + "-" + step.name)) {
          entry.setJob(childName);
        }
        var childStatus = step.child.getStatus();
        if (childStatus != null) {
          entry.setStartTime(childStatus.getStartTime());
          entry.setCompletionTime(childStatus.getCompletionTime());
        }
      }
      if (step.terminal() && entry.getCompletionTime() == null) {
        // skipped, refused or stopped: the moment it was first recorded so, kept across reconciles
        entry.setCompletionTime(before != null && before.getPhase() == step.phase && before.getCompletionTime() != null
            ? before.getCompletionTime() : now.toString());
      }
      if (step.phase == StepPhase.Skipped) {
        entry.setSkipReason(step.skipReason);
      }
      if (step.phase == StepPhase.Skipped || step.phase == StepPhase.Failed) {
        entry.setMessage(shorten(step.message));
      }
      entries.add(entry);
    }
    return entries;
  }

  private static String shorten(String message) {
    return message == null || message.length() <= 300 ? message : message.substring(0, 297) + "...";
  }
}
