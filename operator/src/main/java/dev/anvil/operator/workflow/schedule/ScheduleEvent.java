package dev.anvil.operator.workflow.schedule;

/** A Kubernetes Event a schedule decision asks to be recorded on the scheduled Workflow. */
public record ScheduleEvent(Type type, String reason, String message) {

  /** A tick was not started because it is older than startingDeadlineSeconds. */
  public static final String MISSED_SCHEDULE = "MissedSchedule";
  /** More than {@link ScheduleDecider#TOO_MANY_MISSED} ticks were missed; only the latest may start. */
  public static final String TOO_MANY_MISSED_TICKS = "TooManyMissedTicks";
  /** A tick was not started because concurrencyPolicy is Forbid and a run is active. */
  public static final String RUN_STILL_ACTIVE = "RunStillActive";

  /** The Event's type. */
  public enum Type {
    Normal,
    Warning
  }
}
