package dev.anvil.operator.workflow.schedule;

import com.cronutils.model.CronType;
import com.cronutils.model.definition.CronDefinitionBuilder;
import com.cronutils.model.time.ExecutionTime;
import com.cronutils.parser.CronParser;
import dev.anvil.crds.v1alpha1.WorkflowSchedule;
import java.time.DateTimeException;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.time.temporal.ChronoUnit;
import java.time.zone.ZoneOffsetTransition;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * The ticks of a five-field Unix cron expression read in an IANA time zone.
 *
 * <p>Daylight saving time: when clocks go back, a tick whose wall-clock time comes twice fires once (at the first),
 * while expressions that fire every hour or more often keep firing in real time; when clocks go forward, a tick whose
 * wall-clock time is skipped fires at the end of the gap (02:30 on the spring switch in Europe/Berlin fires at
 * 03:00 CEST), so a daily run is neither doubled nor lost, as in Vixie/ISC cron.
 */
public final class CronSchedule {

  private static final CronParser UNIX = new CronParser(CronDefinitionBuilder.instanceDefinitionFor(CronType.UNIX));
  private static final Map<String, String> MACROS = Map.of(
      "@yearly", "0 0 1 1 *",
      "@annually", "0 0 1 1 *",
      "@monthly", "0 0 1 * *",
      "@weekly", "0 0 * * 0",
      "@daily", "0 0 * * *",
      "@midnight", "0 0 * * *",
      "@hourly", "0 * * * *");

  private final ExecutionTime executionTime;
  private final ZoneId zone;

  private CronSchedule(ExecutionTime executionTime, ZoneId zone) {
    this.executionTime = executionTime;
    this.zone = zone;
  }

  /** The schedule of {@code spec.schedule}; throws {@link InvalidScheduleException} naming what is wrong. */
  public static CronSchedule of(WorkflowSchedule schedule) {
    return parse(schedule.getCron(), schedule.getTimeZone());
  }

  /** Reads {@code cron} (five fields or a macro such as {@code @daily}) in {@code timeZone} (null or blank: UTC). */
  public static CronSchedule parse(String cron, String timeZone) {
    if (cron == null || cron.isBlank()) {
      throw new InvalidScheduleException("spec.schedule.cron is empty");
    }
    var expression = cron.trim();
    var fields = MACROS.getOrDefault(expression.toLowerCase(Locale.ROOT), expression);
    ExecutionTime executionTime;
    try {
      executionTime = ExecutionTime.forCron(UNIX.parse(fields));
    } catch (RuntimeException e) {
      throw new InvalidScheduleException("spec.schedule.cron \"" + cron + "\" is not a valid five-field cron "
          + "expression or macro: " + e.getMessage());
    }
    return new CronSchedule(executionTime, zone(timeZone));
  }

  private static ZoneId zone(String timeZone) {
    if (timeZone == null || timeZone.isBlank()) {
      return ZoneOffset.UTC;
    }
    try {
      return ZoneId.of(timeZone.trim());
    } catch (DateTimeException e) {
      throw new InvalidScheduleException("spec.schedule.timeZone \"" + timeZone + "\" is not a known IANA time zone "
          + "such as Europe/Berlin or UTC");
    }
  }

  public ZoneId zone() {
    return zone;
  }

  /** The first tick strictly after {@code instant}; empty if the expression never fires again (e.g. 30 February). */
  public Optional<Instant> nextAfter(Instant instant) {
    var next = rawNext(instant);
    while (next.isPresent() && !isTick(next.get())) {
      next = rawNext(next.get());
    }
    var gapEnd = skippedTickBetween(instant, next.orElse(Instant.MAX));
    return gapEnd.isPresent() ? gapEnd : next;
  }

  /** The latest tick at or before {@code instant}; empty if there was none. */
  public Optional<Instant> mostRecentAtOrBefore(Instant instant) {
    // ticks are whole seconds: the latest one before the following second is the latest one at or before instant
    var last = rawLast(instant.truncatedTo(ChronoUnit.SECONDS).plusSeconds(1));
    while (last.isPresent() && (last.get().isAfter(instant) || !isTick(last.get()))) {
      last = rawLast(last.get());
    }
    var gapEnd = latestSkippedTickIn(last.orElse(Instant.MIN), instant);
    return gapEnd.isPresent() ? gapEnd : last;
  }

  /**
   * Whether a wall-clock match is a tick: a match is not one when it repeats, at the second offset of an autumn
   * switch, a wall-clock time that already fired; the tick before it then leads past it.
   */
  private boolean isTick(Instant match) {
    return rawLast(match).flatMap(this::rawNext).map(match::equals).orElse(true);
  }

  /** The end of a spring-forward gap in {@code (after, before)} whose skipped wall-clock times include a match. */
  private Optional<Instant> skippedTickBetween(Instant after, Instant before) {
    var transition = zone.getRules().nextTransition(after);
    while (transition != null && transition.getInstant().isBefore(before)) {
      if (transition.isGap() && skipsMatch(transition)) {
        return Optional.of(transition.getInstant());
      }
      transition = zone.getRules().nextTransition(transition.getInstant());
    }
    return Optional.empty();
  }

  /** The end of the latest spring-forward gap in {@code (after, upTo]} whose skipped wall-clock times include a match. */
  private Optional<Instant> latestSkippedTickIn(Instant after, Instant upTo) {
    var transition = zone.getRules().previousTransition(upTo.plusNanos(1));
    while (transition != null && transition.getInstant().isAfter(after)) {
      if (transition.isGap() && skipsMatch(transition)) {
        return Optional.of(transition.getInstant());
      }
      transition = zone.getRules().previousTransition(transition.getInstant());
    }
    return Optional.empty();
  }

  /** Whether a wall-clock time the gap skips matches the expression (read at the fixed offset before the gap). */
  private boolean skipsMatch(ZoneOffsetTransition gap) {
    var start = ZonedDateTime.of(gap.getDateTimeBefore(), gap.getOffsetBefore());
    var end = ZonedDateTime.of(gap.getDateTimeAfter(), gap.getOffsetBefore());
    return executionTime.nextExecution(start.minusSeconds(1)).map(match -> match.isBefore(end)).orElse(false);
  }

  private Optional<Instant> rawNext(Instant instant) {
    return executionTime.nextExecution(instant.atZone(zone)).map(ZonedDateTime::toInstant);
  }

  private Optional<Instant> rawLast(Instant instant) {
    return executionTime.lastExecution(instant.atZone(zone)).map(ZonedDateTime::toInstant);
  }
}
