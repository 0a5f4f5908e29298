package dev.anvil.operator.workflow.schedule;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.anvil.crds.v1alpha1.Workflow;
import dev.anvil.crds.v1alpha1.WorkflowSchedule;
import dev.anvil.crds.v1alpha1.WorkflowSchedule.ConcurrencyPolicy;
import dev.anvil.crds.v1alpha1.WorkflowScheduleStatus;
import dev.anvil.crds.v1alpha1.WorkflowSpec;
import dev.anvil.crds.v1alpha1.WorkflowStatus;
import dev.anvil.operator.workflow.schedule.ChildRun.Outcome;
import dev.anvil.operator.workflow.schedule.ScheduleDecision.NewRun;
import io.fabric8.kubernetes.api.model.ObjectMetaBuilder;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class ScheduleDeciderTest {

  private static final Instant CREATED = Instant.parse("2026-11-23T06:30:00Z");

  private final WorkflowSchedule schedule = new WorkflowSchedule("@hourly");
  private final List<ChildRun> runs = new ArrayList<>();
  private String lastScheduleTime;
  private String lastSuccessfulTime;

  @Test
  void theFirstTickAfterCreationStartsARun() {
    var decision = decideAt("2026-11-23T07:00:00Z");

    assertThat(decision.runToCreate()).contains(run("07:00"));
    assertThat(decision.status().getLastScheduleTime()).isEqualTo("2026-11-23T07:00:00Z");
    assertThat(decision.status().getNextScheduleTime()).isEqualTo("2026-11-23T08:00:00Z");
    assertThat(decision.status().getActive()).containsExactly(name("07:00"));
    assertThat(decision.requeueAfter()).contains(Duration.ofHours(1));
    assertThat(decision.events()).isEmpty();
  }

  @Test
  void beforeTheTickNothingStartsAndTheDecisionWaitsForIt() {
    var decision = decideAt("2026-11-23T06:45:00Z");

    assertThat(decision.runToCreate()).isEmpty();
    assertThat(decision.status().getLastScheduleTime()).isNull();
    assertThat(decision.status().getNextScheduleTime()).isEqualTo("2026-11-23T07:00:00Z");
    assertThat(decision.requeueAfter()).contains(Duration.ofMinutes(15));
  }

  @Test
  void aTickBeforeTheWorkflowWasCreatedNeverStarts() {
    var decision = decideAt("2026-11-23T06:59:59Z");

    assertThat(decision.runToCreate()).isEmpty();
  }

  @Test
  void aTickThatStartedDoesNotStartAgain() {
    lastScheduleTime = "2026-11-23T07:00:00Z";
    runs.add(active("07:00"));

    var decision = decideAt("2026-11-23T07:59:00Z");

    assertThat(decision.runToCreate()).isEmpty();
    assertThat(decision.status().getLastScheduleTime()).isEqualTo("2026-11-23T07:00:00Z");
    assertThat(decision.status().getActive()).containsExactly(name("07:00"));
  }

  @Test
  void afterAnOutageOnlyTheLatestMissedTickStartsWhenThereIsNoDeadline() {
    lastScheduleTime = "2026-11-23T07:00:00Z";

    var decision = decideAt("2026-11-23T12:10:00Z");

    assertThat(decision.runToCreate()).contains(run("12:00"));
    assertThat(decision.status().getLastScheduleTime()).isEqualTo("2026-11-23T12:00:00Z");
    assertThat(decision.events()).isEmpty();
    assertThat(decision.requeueAfter()).contains(Duration.ofMinutes(50));
  }

  @Test
  void afterAnOutageAMissedTickWithinTheStartingDeadlineStarts() {
    lastScheduleTime = "2026-11-23T07:00:00Z";
    schedule.setStartingDeadlineSeconds(600L);

    var decision = decideAt("2026-11-23T12:10:00Z");

    assertThat(decision.runToCreate()).contains(run("12:00"));
  }

  @Test
  void afterAnOutageAMissedTickOlderThanTheStartingDeadlineIsSkippedWithAWarning() {
    lastScheduleTime = "2026-11-23T07:00:00Z";
    schedule.setStartingDeadlineSeconds(600L);

    var decision = decideAt("2026-11-23T12:10:01Z");

    assertThat(decision.runToCreate()).isEmpty();
    assertThat(decision.status().getLastScheduleTime()).isEqualTo("2026-11-23T07:00:00Z");
    assertThat(decision.events()).singleElement().satisfies(event -> {
      assertThat(event.type()).isEqualTo(ScheduleEvent.Type.Warning);
      assertThat(event.reason()).isEqualTo(ScheduleEvent.MISSED_SCHEDULE);
      assertThat(event.message()).contains("2026-11-23T12:00:00Z", "startingDeadlineSeconds (600)");
    });
    assertThat(decision.status().getNextScheduleTime()).isEqualTo("2026-11-23T13:00:00Z");
  }

  @Test
  void tooManyMissedTicksWarnButTheLatestStillStarts() {
    schedule.setCron("* * * * *");
    lastScheduleTime = "2026-11-23T06:30:00Z";

    var decision = decideAt("2026-11-23T08:11:30Z");

    assertThat(decision.runToCreate()).contains(run("08:11"));
    assertThat(decision.events()).extracting(ScheduleEvent::reason)
        .containsExactly(ScheduleEvent.TOO_MANY_MISSED_TICKS);
  }

  @Test
  void aStartingDeadlineBoundsTheMissedTicksThatCount() {
    schedule.setCron("* * * * *");
    schedule.setStartingDeadlineSeconds(3600L);
    lastScheduleTime = "2026-11-23T06:30:00Z";

    var decision = decideAt("2026-11-23T08:11:30Z");

    assertThat(decision.runToCreate()).contains(run("08:11"));
    assertThat(decision.events()).isEmpty();
  }

  @Test
  void forbidSkipsTheTickWhileARunIsActiveAndStartsItWhenTheRunFinishes() {
    schedule.setConcurrencyPolicy(ConcurrencyPolicy.Forbid);
    lastScheduleTime = "2026-11-23T07:00:00Z";
    runs.add(active("07:00"));

    var whileActive = decideAt("2026-11-23T08:00:00Z");

    assertThat(whileActive.runToCreate()).isEmpty();
    assertThat(whileActive.status().getLastScheduleTime()).isEqualTo("2026-11-23T07:00:00Z");
    assertThat(whileActive.events()).singleElement().satisfies(event -> {
      assertThat(event.reason()).isEqualTo(ScheduleEvent.RUN_STILL_ACTIVE);
      assertThat(event.message()).contains(name("07:00"));
    });

    runs.set(0, succeeded("07:00", "2026-11-23T08:20:00Z"));
    var afterwards = decideAt("2026-11-23T08:20:00Z");

    assertThat(afterwards.runToCreate()).contains(run("08:00"));
    assertThat(afterwards.status().getActive()).containsExactly(name("08:00"));
  }

  @Test
  void replaceStopsTheActiveRunsAndStartsTheNewOne() {
    schedule.setConcurrencyPolicy(ConcurrencyPolicy.Replace);
    lastScheduleTime = "2026-11-23T07:00:00Z";
    runs.add(active("07:00"));

    var decision = decideAt("2026-11-23T08:00:00Z");

    assertThat(decision.runsToReplace()).containsExactly(name("07:00"));
    assertThat(decision.runToCreate()).contains(run("08:00"));
    assertThat(decision.status().getActive()).containsExactly(name("08:00"));
  }

  @Test
  void allowStartsTheNewRunAlongsideTheActiveOne() {
    lastScheduleTime = "2026-11-23T07:00:00Z";
    runs.add(active("07:00"));

    var decision = decideAt("2026-11-23T08:00:00Z");

    assertThat(decision.runsToReplace()).isEmpty();
    assertThat(decision.runToCreate()).contains(run("08:00"));
    assertThat(decision.status().getActive()).containsExactly(name("07:00"), name("08:00"));
  }

  @Test
  void aSuspendedScheduleStartsNothingButItsActiveRunsContinueAndHistoryIsPruned() {
    schedule.setSuspend(true);
    schedule.setFailedRunsHistoryLimit(0);
    lastScheduleTime = "2026-11-23T06:00:00Z";
    runs.add(active("06:00"));
    runs.add(failed("05:00", "2026-11-23T05:10:00Z"));

    var decision = decideAt("2026-11-23T09:30:00Z");

    assertThat(decision.runToCreate()).isEmpty();
    assertThat(decision.runsToReplace()).isEmpty();
    assertThat(decision.runsToPrune()).containsExactly(name("05:00"));
    assertThat(decision.status().getActive()).containsExactly(name("06:00"));
    assertThat(decision.status().getNextScheduleTime()).isNull();
    assertThat(decision.status().getLastScheduleTime()).isEqualTo("2026-11-23T06:00:00Z");
    assertThat(decision.requeueAfter()).isEmpty();
  }

  @Test
  void resumingAfterASuspensionStartsTheLatestMissedTickOnce() {
    schedule.setSuspend(false);
    lastScheduleTime = "2026-11-23T06:00:00Z";

    var decision = decideAt("2026-11-23T09:30:00Z");

    assertThat(decision.runToCreate()).contains(run("09:00"));
  }

  @Test
  void finishedRunsBeyondTheDefaultHistoryLimitsArePrunedOldestFirst() {
    lastScheduleTime = "2026-11-23T07:00:00Z";
    runs.add(succeeded("06:00", "2026-11-23T06:05:00Z"));
    runs.add(failed("01:00", "2026-11-23T01:05:00Z"));
    runs.add(succeeded("02:00", "2026-11-23T02:05:00Z"));
    runs.add(failed("03:00", "2026-11-23T03:05:00Z"));
    runs.add(succeeded("04:00", "2026-11-23T04:05:00Z"));
    runs.add(succeeded("00:00", "2026-11-23T00:05:00Z"));
    runs.add(failed("05:00", "2026-11-23T05:05:00Z"));
    runs.add(active("07:00"));

    var decision = decideAt("2026-11-23T07:30:00Z");

    // keeps succeeded 02:00 04:00 06:00 and failed 05:00
    assertThat(decision.runsToPrune()).containsExactly(name("00:00"), name("01:00"), name("03:00"));
  }

  @Test
  void historyLimitsOfZeroPruneEveryFinishedRun() {
    schedule.setSuccessfulRunsHistoryLimit(0);
    schedule.setFailedRunsHistoryLimit(0);
    lastScheduleTime = "2026-11-23T07:00:00Z";
    runs.add(succeeded("06:00", "2026-11-23T06:05:00Z"));
    runs.add(failed("07:00", "2026-11-23T07:05:00Z"));

    var decision = decideAt("2026-11-23T07:30:00Z");

    assertThat(decision.runsToPrune()).containsExactly(name("06:00"), name("07:00"));
  }

  @Test
  void theLastSuccessfulTimeIsTheLatestCompletionAndOutlivesPrunedRuns() {
    lastScheduleTime = "2026-11-23T07:00:00Z";
    lastSuccessfulTime = "2026-11-23T05:05:00Z";
    runs.add(succeeded("06:00", "2026-11-23T06:05:07.250Z"));
    runs.add(failed("07:00", "2026-11-23T07:05:00Z"));

    assertThat(decideAt("2026-11-23T07:30:00Z").status().getLastSuccessfulTime()).isEqualTo("2026-11-23T06:05:07Z");

    runs.clear();
    assertThat(decideAt("2026-11-23T07:30:00Z").status().getLastSuccessfulTime()).isEqualTo("2026-11-23T05:05:00Z");
  }

  @Test
  void aRunCreatedBeforeARestartThatLostTheStatusIsNotStartedAgain() {
    schedule.setConcurrencyPolicy(ConcurrencyPolicy.Replace);
    lastScheduleTime = "2026-11-23T07:00:00Z";
    runs.add(active("07:00"));
    var first = decideAt("2026-11-23T08:00:05Z");
    assertThat(first.runToCreate()).contains(run("08:00"));

    // the operator created 08:00 and stopped 07:00, then restarted before writing status
    runs.set(0, failed("07:00", "2026-11-23T08:00:06Z"));
    runs.add(active("08:00"));
    var again = decideAt("2026-11-23T08:00:30Z");

    assertThat(again.runToCreate()).isEmpty();
    assertThat(again.runsToReplace()).isEmpty();
    assertThat(again.events()).isEmpty();
    assertThat(again.status().getLastScheduleTime()).isEqualTo("2026-11-23T08:00:00Z");
    assertThat(again.status().getActive()).containsExactly(name("08:00"));
  }

  @Test
  void theRunOfTheDueTickIsNotPrunedWhileStatusDoesNotNameItsTick() {
    schedule.setFailedRunsHistoryLimit(0);
    lastScheduleTime = "2026-11-23T07:00:00Z";
    runs.add(failed("08:00", "2026-11-23T08:00:10Z"));

    var decision = decideAt("2026-11-23T08:00:30Z");

    assertThat(decision.runToCreate()).isEmpty();
    assertThat(decision.runsToPrune()).isEmpty();
    assertThat(decision.status().getLastScheduleTime()).isEqualTo("2026-11-23T08:00:00Z");
  }

  @Test
  void aDecisionRepeatedWithTheSameInputsIsTheSame() {
    lastScheduleTime = "2026-11-23T07:00:00Z";
    runs.add(active("07:00"));

    assertThat(decideAt("2026-11-23T08:00:00Z")).usingRecursiveComparison()
        .isEqualTo(decideAt("2026-11-23T08:00:00Z"));
  }

  @Test
  void aDailyRunAcrossTheSpringSwitchStartsOnceAtTheEndOfTheGap() {
    schedule.setCron("30 2 * * *");
    schedule.setTimeZone("Europe/Berlin");
    lastScheduleTime = "2026-03-28T01:30:00Z";

    var decision = decideAt("2026-03-29T01:00:00Z", Instant.parse("2026-03-01T00:00:00Z"));

    assertThat(decision.runToCreate()).contains(new NewRun(RunNames.forTick("nightly",
        Instant.parse("2026-03-29T01:00:00Z")), Instant.parse("2026-03-29T01:00:00Z")));
    assertThat(decision.status().getNextScheduleTime()).isEqualTo("2026-03-30T00:30:00Z");
  }

  @Test
  void aDailyRunAcrossTheAutumnSwitchStartsOnce() {
    schedule.setCron("30 2 * * *");
    schedule.setTimeZone("Europe/Berlin");
    lastScheduleTime = "2026-10-25T00:30:00Z";

    // 02:30 CET, the wall-clock time's second coming
    var decision = decideAt("2026-10-25T01:30:00Z", Instant.parse("2026-10-01T00:00:00Z"));

    assertThat(decision.runToCreate()).isEmpty();
    assertThat(decision.status().getNextScheduleTime()).isEqualTo("2026-10-26T01:30:00Z");
  }

  @Test
  void anInvalidScheduleFailsTheDecisionWithAMessageForTheUser() {
    schedule.setCron("0 25 * * *");

    assertThatThrownBy(() -> decideAt("2026-11-23T07:00:00Z"))
        .isInstanceOf(InvalidScheduleException.class)
        .hasMessageContaining("spec.schedule.cron \"0 25 * * *\"");
  }

  private ScheduleDecision decideAt(String now) {
    return decideAt(now, CREATED);
  }

  private ScheduleDecision decideAt(String now, Instant created) {
    var template = new Workflow();
    template.setMetadata(new ObjectMetaBuilder().withName("nightly").withNamespace("ops")
        .withCreationTimestamp(created.toString()).build());
    var spec = new WorkflowSpec();
    spec.setSchedule(schedule);
    template.setSpec(spec);
    var status = new WorkflowStatus();
    var scheduleStatus = new WorkflowScheduleStatus();
    scheduleStatus.setLastScheduleTime(lastScheduleTime);
    scheduleStatus.setLastSuccessfulTime(lastSuccessfulTime);
    status.setSchedule(scheduleStatus);
    template.setStatus(status);
    return new ScheduleDecider(Clock.fixed(Instant.parse(now), ZoneOffset.UTC)).decide(template, List.copyOf(runs));
  }

  private static Instant tick(String time) {
    return Instant.parse("2026-11-23T" + time + ":00Z");
  }

  private static String name(String time) {
    return "nightly-" + tick(time).getEpochSecond();
  }

  private static NewRun run(String time) {
    return new NewRun(name(time), tick(time));
  }

  private static ChildRun active(String time) {
    return new ChildRun(name(time), tick(time), Outcome.Active, null);
  }

  private static ChildRun succeeded(String time, String completed) {
    return new ChildRun(name(time), tick(time), Outcome.Succeeded, Instant.parse(completed));
  }

  private static ChildRun failed(String time, String completed) {
    return new ChildRun(name(time), tick(time), Outcome.Failed, Instant.parse(completed));
  }
}
