package dev.anvil.operator.workflow.schedule;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class CronScheduleTest {

  @ParameterizedTest
  @CsvSource({
      "@yearly,    2027-01-01T00:00:00Z",
      "@annually,  2027-01-01T00:00:00Z",
      "@monthly,   2026-12-01T00:00:00Z",
      "@weekly,    2026-11-29T00:00:00Z",
      "@daily,     2026-11-24T00:00:00Z",
      "@midnight,  2026-11-24T00:00:00Z",
      "@hourly,    2026-11-23T07:00:00Z",
      "*/15 * * * *, 2026-11-23T06:15:00Z",
      "0 9-17/4 * * *, 2026-11-23T09:00:00Z",
      "'0 3 * * SAT,SUN', 2026-11-28T03:00:00Z",
      "0 0 1 JAN *, 2027-01-01T00:00:00Z",
      "0 0 1 jan-mar/2 *, 2027-01-01T00:00:00Z",
      "0 12 * * mon-fri, 2026-11-23T12:00:00Z",
  })
  void readsMacrosRangesStepsListsAndNames(String cron, String next) {
    var schedule = CronSchedule.parse(cron, null);

    assertThat(schedule.nextAfter(Instant.parse("2026-11-23T06:10:00Z"))).contains(Instant.parse(next));
  }

  @Test
  void dayOfMonthAndDayOfWeekFireOnEitherAsInUnixCron() {
    var thirteenthOrFriday = CronSchedule.parse("0 0 13 * FRI", "UTC");

    assertThat(ticks(thirteenthOrFriday, "2026-11-01T00:00:00Z", 4)).containsExactly(
        "2026-11-06T00:00:00Z", "2026-11-13T00:00:00Z", "2026-11-20T00:00:00Z", "2026-11-27T00:00:00Z");
  }

  @Test
  void theMostRecentTickIncludesTheInstantItself() {
    var hourly = CronSchedule.parse("@hourly", "UTC");

    assertThat(hourly.mostRecentAtOrBefore(Instant.parse("2026-11-23T07:00:00Z")))
        .contains(Instant.parse("2026-11-23T07:00:00Z"));
    assertThat(hourly.mostRecentAtOrBefore(Instant.parse("2026-11-23T06:59:59.999Z")))
        .contains(Instant.parse("2026-11-23T06:00:00Z"));
    assertThat(hourly.nextAfter(Instant.parse("2026-11-23T07:00:00Z")))
        .contains(Instant.parse("2026-11-23T08:00:00Z"));
  }

  @Test
  void readsTheExpressionInTheTimeZone() {
    var berlinMorning = CronSchedule.parse("0 9 * * *", "Europe/Berlin");

    assertThat(berlinMorning.nextAfter(Instant.parse("2026-11-23T00:00:00Z")))
        .contains(Instant.parse("2026-11-23T08:00:00Z"));
    assertThat(berlinMorning.nextAfter(Instant.parse("2026-07-01T00:00:00Z")))
        .contains(Instant.parse("2026-07-01T07:00:00Z"));
  }

  @Test
  void aDailyTickInTheSpringGapFiresOnceAtTheEndOfTheGap() {
    // Europe/Berlin 2026-03-29: 02:00 CET becomes 03:00 CEST (01:00Z); 02:30 does not exist that day
    var daily = CronSchedule.parse("30 2 * * *", "Europe/Berlin");

    assertThat(ticks(daily, "2026-03-27T12:00:00Z", 3)).containsExactly(
        "2026-03-28T01:30:00Z", "2026-03-29T01:00:00Z", "2026-03-30T00:30:00Z");
    assertThat(daily.mostRecentAtOrBefore(Instant.parse("2026-03-29T12:00:00Z")))
        .contains(Instant.parse("2026-03-29T01:00:00Z"));
    assertThat(daily.mostRecentAtOrBefore(Instant.parse("2026-03-29T00:59:59Z")))
        .contains(Instant.parse("2026-03-28T01:30:00Z"));
  }

  @Test
  void anHourlyTickDoesNotFireTwiceAtTheSpringGap() {
    var hourly = CronSchedule.parse("@hourly", "Europe/Berlin");

    assertThat(ticks(hourly, "2026-03-28T23:30:00Z", 3)).containsExactly(
        "2026-03-29T00:00:00Z", "2026-03-29T01:00:00Z", "2026-03-29T02:00:00Z");
  }

  @Test
  void aDailyTickInTheAutumnOverlapFiresOnce() {
    // Europe/Berlin 2026-10-25: 03:00 CEST becomes 02:00 CET (01:00Z); 02:30 happens at 00:30Z and at 01:30Z
    var daily = CronSchedule.parse("30 2 * * *", "Europe/Berlin");

    assertThat(ticks(daily, "2026-10-24T12:00:00Z", 2)).containsExactly(
        "2026-10-25T00:30:00Z", "2026-10-26T01:30:00Z");
    assertThat(daily.mostRecentAtOrBefore(Instant.parse("2026-10-25T01:45:00Z")))
        .contains(Instant.parse("2026-10-25T00:30:00Z"));
    assertThat(daily.nextAfter(Instant.parse("2026-10-25T01:10:00Z")))
        .contains(Instant.parse("2026-10-26T01:30:00Z"));
  }

  @Test
  void anHourlyTickKeepsFiringInRealTimeThroughTheAutumnOverlap() {
    var hourly = CronSchedule.parse("0 * * * *", "Europe/Berlin");

    assertThat(ticks(hourly, "2026-10-24T23:30:00Z", 3)).containsExactly(
        "2026-10-25T00:00:00Z", "2026-10-25T01:00:00Z", "2026-10-25T02:00:00Z");
    assertThat(hourly.mostRecentAtOrBefore(Instant.parse("2026-10-25T01:30:00Z")))
        .contains(Instant.parse("2026-10-25T01:00:00Z"));
  }

  @Test
  void anImpossibleDateNeverFires() {
    var february30 = CronSchedule.parse("0 0 30 2 *", "UTC");

    assertThat(february30.nextAfter(Instant.parse("2026-11-23T00:00:00Z"))).isEmpty();
  }

  @ParameterizedTest
  @CsvSource({"61 * * * *", "* * *", "0 0 * * FUNDAY", "@fortnightly"})
  void aBadExpressionSaysWhatIsWrong(String cron) {
    assertThatThrownBy(() -> CronSchedule.parse(cron, "UTC"))
        .isInstanceOf(InvalidScheduleException.class)
        .hasMessageContaining("spec.schedule.cron \"" + cron + "\"");
  }

  @Test
  void anUnknownZoneSaysWhatIsWrong() {
    assertThatThrownBy(() -> CronSchedule.parse("@daily", "Mars/Olympus_Mons"))
        .isInstanceOf(InvalidScheduleException.class)
        .hasMessage("spec.schedule.timeZone \"Mars/Olympus_Mons\" is not a known IANA time zone such as "
            + "Europe/Berlin or UTC");
  }

  private static List<String> ticks(CronSchedule schedule, String from, int count) {
    var ticks = new ArrayList<String>();
    var tick = Instant.parse(from);
    for (int i = 0; i < count; i++) {
      tick = schedule.nextAfter(tick).orElseThrow();
      ticks.add(tick.toString());
    }
    return ticks;
  }
}
