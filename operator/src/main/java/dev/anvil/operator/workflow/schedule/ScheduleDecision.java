package dev.anvil.operator.workflow.schedule;

import dev.anvil.crds.v1alpha1.WorkflowScheduleStatus;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * What a scheduled Workflow does now, in the order the reconciler acts: delete {@link #runsToReplace}, create
 * {@link #runToCreate}, delete {@link #runsToPrune}, record {@link #events}, write {@link #status} (only after the
 * create succeeded: a status naming a run that was never created would skip its tick), and reconcile again after
 * {@link #requeueAfter} unless something else wakes it first.
 *
 * @param runToCreate   the run of the due tick, if one is to start now
 * @param runsToReplace active runs concurrencyPolicy Replace stops for {@link #runToCreate}
 * @param runsToPrune   finished runs beyond the history limits, oldest first
 * @param status        the new {@code status.schedule}
 * @param events        Events to record on the scheduled Workflow
 * @param requeueAfter  time until the next tick; empty while suspended or when the expression never fires again
 */
public record ScheduleDecision(Optional<NewRun> runToCreate, List<String> runsToReplace, List<String> runsToPrune,
    WorkflowScheduleStatus status, List<ScheduleEvent> events, Optional<Duration> requeueAfter) {

  /** A child run to create: its deterministic name and the tick it is for. */
  public record NewRun(String name, Instant scheduledTime) {
  }

  public ScheduleDecision {
    runsToReplace = List.copyOf(runsToReplace);
    runsToPrune = List.copyOf(runsToPrune);
    events = List.copyOf(events);
  }
}
