package dev.anvil.operator.workflow.schedule;

import dev.anvil.crds.v1alpha1.Workflow;
import dev.anvil.crds.v1alpha1.WorkflowSchedule;
import dev.anvil.crds.v1alpha1.WorkflowSchedule.ConcurrencyPolicy;
import dev.anvil.crds.v1alpha1.WorkflowScheduleStatus;
import dev.anvil.operator.workflow.schedule.ScheduleDecision.NewRun;
import dev.anvil.operator.workflow.schedule.ScheduleEvent.Type;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.stream.Collectors;

/**
 * Decides what a scheduled Workflow does now from its spec, its status and its child runs, without calling anything:
 * the rules of Kubernetes' CronJob controller.
 *
 * <ul>
 *   <li>Ticks count from the later of {@code status.schedule.lastScheduleTime} and the Workflow's creation; of the
 *       ticks since then only the latest may start (at most one missed run after an outage).</li>
 *   <li>With {@code startingDeadlineSeconds}, a tick older than that is skipped ({@code MissedSchedule}); without,
 *       a missed tick always starts once.</li>
 *   <li>Forbid skips the tick while a run is active ({@code RunStillActive}); the tick stays due, so it still starts
 *       when the active run finishes, within the deadline. Replace stops the active runs, Allow runs alongside.</li>
 *   <li>A child already named for the due tick counts as created: an operator restarted after creating it but before
 *       writing status never starts the tick twice.</li>
 *   <li>Suspended: nothing starts, active runs continue, history is still pruned.</li>
 * </ul>
 */
public final class ScheduleDecider {

  /** More missed ticks than this raise a {@code TooManyMissedTicks} warning, as in the CronJob controller. */
  public static final int TOO_MANY_MISSED = 100;
  public static final int DEFAULT_SUCCESSFUL_RUNS_HISTORY_LIMIT = 3;
  public static final int DEFAULT_FAILED_RUNS_HISTORY_LIMIT = 1;

  private static final Comparator<ChildRun> OLDEST_FIRST =
      Comparator.comparing(ChildRun::created).thenComparing(ChildRun::name);

  private final Clock clock;

  public ScheduleDecider(Clock clock) {
    this.clock = clock;
  }

  /**
   * Decides for {@code template} (a Workflow with {@code spec.schedule}) given all its child runs; throws
   * {@link InvalidScheduleException} when the schedule cannot be read.
   */
  public ScheduleDecision decide(Workflow template, Collection<ChildRun> runs) {
    var schedule = template.getSpec().getSchedule();
    var cron = CronSchedule.of(schedule);
    var now = clock.instant();
    var previous = previousStatus(template);
    var active = runs.stream().filter(run -> !run.finished()).sorted(OLDEST_FIRST).map(ChildRun::name)
        .collect(Collectors.toCollection(ArrayList::new));

    var status = new WorkflowScheduleStatus();
    status.setLastScheduleTime(previous.getLastScheduleTime());
    status.setLastSuccessfulTime(Timestamps.format(lastSuccess(previous, runs)));
    var events = new ArrayList<ScheduleEvent>();
    Optional<NewRun> create = Optional.empty();
    List<String> replace = List.of();
    String dueRunName = null;

    if (!Boolean.TRUE.equals(schedule.getSuspend())) {
      var since = latest(Timestamps.parse(previous.getLastScheduleTime()),
          Timestamps.parse(template.getMetadata().getCreationTimestamp()));
      var due = cron.mostRecentAtOrBefore(now).filter(tick -> since == null || tick.isAfter(since));
      if (due.isPresent()) {
        var tick = due.get();
        dueRunName = RunNames.forTick(template.getMetadata().getName(), tick);
        var deadline = schedule.getStartingDeadlineSeconds();
        if (exists(runs, dueRunName)) {
          status.setLastScheduleTime(Timestamps.format(tick));
        } else if (deadline != null && tick.plusSeconds(deadline).isBefore(now)) {
          events.add(new ScheduleEvent(Type.Warning, ScheduleEvent.MISSED_SCHEDULE, "Missed the tick at " + tick
              + ": it is more than startingDeadlineSeconds (" + deadline + ") old; waiting for the next one"));
        } else if (policy(schedule) == ConcurrencyPolicy.Forbid && !active.isEmpty()) {
          events.add(new ScheduleEvent(Type.Normal, ScheduleEvent.RUN_STILL_ACTIVE, "Not starting the run of the "
              + "tick at " + tick + ": concurrencyPolicy is Forbid and " + String.join(", ", active) + " is active"));
        } else {
          tooManyMissed(cron, since, deadline, now).ifPresent(events::add);
          if (policy(schedule) == ConcurrencyPolicy.Replace) {
            replace = List.copyOf(active);
            active.clear();
          }
          create = Optional.of(new NewRun(dueRunName, tick));
          active.add(dueRunName);
          status.setLastScheduleTime(Timestamps.format(tick));
        }
      }
    }
    status.setActive(active);

    Optional<Duration> requeueAfter = Optional.empty();
    if (!Boolean.TRUE.equals(schedule.getSuspend())) {
      var next = cron.nextAfter(now);
      status.setNextScheduleTime(next.map(Timestamps::format).orElse(null));
      requeueAfter = next.map(tick -> Duration.between(now, tick));
    }
    return new ScheduleDecision(create, replace, prune(schedule, runs, dueRunName), status, events, requeueAfter);
  }

  private static WorkflowScheduleStatus previousStatus(Workflow template) {
    var status = template.getStatus();
    return status == null || status.getSchedule() == null ? new WorkflowScheduleStatus() : status.getSchedule();
  }

  private static Instant lastSuccess(WorkflowScheduleStatus previous, Collection<ChildRun> runs) {
    var last = Timestamps.parse(previous.getLastSuccessfulTime());
    for (var run : runs) {
      if (run.outcome() == ChildRun.Outcome.Succeeded) {
        last = latest(last, run.completed());
      }
    }
    return last;
  }

  private static Optional<ScheduleEvent> tooManyMissed(CronSchedule cron, Instant since, Long deadline, Instant now) {
    var from = deadline == null ? since : latest(since, now.minusSeconds(deadline));
    if (from == null) {
      return Optional.empty();
    }
    int missed = 0;
    var tick = cron.nextAfter(from);
    while (tick.isPresent() && !tick.get().isAfter(now) && missed <= TOO_MANY_MISSED) {
      missed++;
      tick = cron.nextAfter(tick.get());
    }
    if (missed <= TOO_MANY_MISSED) {
      return Optional.empty();
    }
    return Optional.of(new ScheduleEvent(Type.Warning, ScheduleEvent.TOO_MANY_MISSED_TICKS, "More than "
        + TOO_MANY_MISSED + " ticks were missed; only the latest starts. Set or lower startingDeadlineSeconds, or "
        + "check the operator's clock"));
  }

  /**
   * Finished runs beyond the history limits, oldest first. Never the run of the due tick: while status does not yet
   * name its tick, that run is the only record that the tick started.
   */
  private static List<String> prune(WorkflowSchedule schedule, Collection<ChildRun> runs, String dueRunName) {
    var prune = new ArrayList<ChildRun>();
    prune.addAll(beyondLimit(runs, ChildRun.Outcome.Succeeded, dueRunName,
        Objects.requireNonNullElse(schedule.getSuccessfulRunsHistoryLimit(), DEFAULT_SUCCESSFUL_RUNS_HISTORY_LIMIT)));
    prune.addAll(beyondLimit(runs, ChildRun.Outcome.Failed, dueRunName,
        Objects.requireNonNullElse(schedule.getFailedRunsHistoryLimit(), DEFAULT_FAILED_RUNS_HISTORY_LIMIT)));
    return prune.stream().sorted(OLDEST_FIRST).map(ChildRun::name).toList();
  }

  private static List<ChildRun> beyondLimit(Collection<ChildRun> runs, ChildRun.Outcome outcome, String keep,
      int limit) {
    var finished = runs.stream().filter(run -> run.outcome() == outcome).sorted(OLDEST_FIRST).toList();
    return finished.subList(0, Math.max(0, finished.size() - limit)).stream()
        .filter(run -> !run.name().equals(keep)).toList();
  }

  private static boolean exists(Collection<ChildRun> runs, String name) {
    return runs.stream().anyMatch(run -> run.name().equals(name));
  }

  private static ConcurrencyPolicy policy(WorkflowSchedule schedule) {
    return Objects.requireNonNullElse(schedule.getConcurrencyPolicy(), ConcurrencyPolicy.Allow);
  }

  private static Instant latest(Instant a, Instant b) {
    if (a == null) {
      return b;
    }
    return b == null || a.isAfter(b) ? a : b;
  }
}
