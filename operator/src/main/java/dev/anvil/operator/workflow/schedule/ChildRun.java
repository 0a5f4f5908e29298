package dev.anvil.operator.workflow.schedule;

import dev.anvil.crds.v1alpha1.RunPhase;
import dev.anvil.crds.v1alpha1.Workflow;
import dev.anvil.crds.v1alpha1.WorkflowStatus;
import io.fabric8.kubernetes.api.model.Condition;
import java.time.Instant;
import java.util.List;
import java.util.Objects;

/**
 * What a schedule needs to know of one child run of a scheduled Workflow.
 *
 * @param created   the run's creationTimestamp
 * @param completed when it finished; null while active (or if a finished run does not say)
 */
public record ChildRun(String name, Instant created, Outcome outcome, Instant completed) {

  /** Where a child run is. */
  public enum Outcome {
    /** Not finished. */
    Active,
    Succeeded,
    Failed
  }

  public ChildRun {
    Objects.requireNonNull(name, "name");
    Objects.requireNonNull(created, "created");
    Objects.requireNonNull(outcome, "outcome");
  }

  /** Reads a child run from its Workflow: finished once its Succeeded condition is True or False. */
  public static ChildRun of(Workflow child) {
    var meta = child.getMetadata();
    var status = child.getStatus();
    var outcome = status == null ? Outcome.Active : outcome(status);
    var completed = status == null ? null : Timestamps.parse(status.getCompletionTime());
    var created = Timestamps.parse(meta.getCreationTimestamp());
    return new ChildRun(meta.getName(), created == null ? Instant.EPOCH : created, outcome,
        outcome == Outcome.Active ? null : completed);
  }

  private static Outcome outcome(WorkflowStatus status) {
    var succeeded = condition(status.getConditions(), WorkflowStatus.SUCCEEDED);
    if ("True".equals(succeeded) || status.getPhase() == RunPhase.Succeeded) {
      return Outcome.Succeeded;
    }
    if ("False".equals(succeeded) || "True".equals(condition(status.getConditions(), WorkflowStatus.FAILED))
        || status.getPhase() == RunPhase.Failed) {
      return Outcome.Failed;
    }
    return Outcome.Active;
  }

  private static String condition(List<Condition> conditions, String type) {
    if (conditions == null) {
      return null;
    }
    return conditions.stream().filter(c -> type.equals(c.getType())).map(Condition::getStatus).findFirst()
        .orElse(null);
  }

  public boolean finished() {
    return outcome != Outcome.Active;
  }
}
