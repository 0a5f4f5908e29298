package dev.anvil.crds.v1alpha1;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Default;
import io.fabric8.generator.annotation.Max;
import io.fabric8.generator.annotation.Min;
import io.fabric8.generator.annotation.Pattern;
import io.fabric8.generator.annotation.Required;

/** Makes a Workflow a template that creates a child Workflow run per cron tick, like a CronJob creates Jobs. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public class WorkflowSchedule {

  /** What happens when a tick comes while an earlier run is still active. */
  public enum ConcurrencyPolicy {
    /** Start another run alongside. */
    Allow,
    /** Skip this tick. */
    Forbid,
    /** Stop the active run and start a new one. */
    Replace
  }

  @JsonPropertyDescription("Cron expression with five fields (minute hour day-of-month month day-of-week), e.g. "
      + "\"0 3 * * *\", or a macro such as @daily or @hourly.")
  @Required
  @Pattern("^(@(yearly|annually|monthly|weekly|daily|midnight|hourly)|\\S+(\\s+\\S+){4})$")
  private String cron;

  @JsonPropertyDescription("IANA time zone the cron expression is read in, e.g. Europe/Berlin. Default UTC.")
  @Pattern("^[A-Za-z][A-Za-z0-9_+/-]*$")
  private String timeZone;

  @JsonPropertyDescription("When a tick comes while a run is active: Allow (default) starts another, Forbid skips "
      + "the tick, Replace stops the active run and starts a new one.")
  @Default("Allow")
  private ConcurrencyPolicy concurrencyPolicy;

  @JsonPropertyDescription("How late a missed tick (e.g. after an operator outage) may still start, in seconds. "
      + "Older missed ticks are skipped; at most one missed run is started. Unset: a missed tick always starts once.")
  @Min(0)
  private Long startingDeadlineSeconds;

  @JsonPropertyDescription("Succeeded child runs kept; older ones are deleted. Default 3.")
  @Min(0)
  @Max(100)
  @Default("3")
  private Integer successfulRunsHistoryLimit;

  @JsonPropertyDescription("Failed child runs kept; older ones are deleted. Default 1.")
  @Min(0)
  @Max(100)
  @Default("1")
  private Integer failedRunsHistoryLimit;

  @JsonPropertyDescription("When true no new run starts; active runs continue.")
  private Boolean suspend;

  public WorkflowSchedule() {
  }

  public WorkflowSchedule(String cron) {
    this.cron = cron;
  }

  public String getCron() {
    return cron;
  }

  public void setCron(String cron) {
    this.cron = cron;
  }

  public String getTimeZone() {
    return timeZone;
  }

  public void setTimeZone(String timeZone) {
    this.timeZone = timeZone;
  }

  public ConcurrencyPolicy getConcurrencyPolicy() {
    return concurrencyPolicy;
  }

  public void setConcurrencyPolicy(ConcurrencyPolicy concurrencyPolicy) {
    this.concurrencyPolicy = concurrencyPolicy;
  }

  public Long getStartingDeadlineSeconds() {
    return startingDeadlineSeconds;
  }

  public void setStartingDeadlineSeconds(Long startingDeadlineSeconds) {
    this.startingDeadlineSeconds = startingDeadlineSeconds;
  }

  public Integer getSuccessfulRunsHistoryLimit() {
    return successfulRunsHistoryLimit;
  }

  public void setSuccessfulRunsHistoryLimit(Integer successfulRunsHistoryLimit) {
    this.successfulRunsHistoryLimit = successfulRunsHistoryLimit;
  }

  public Integer getFailedRunsHistoryLimit() {
    return failedRunsHistoryLimit;
  }

  public void setFailedRunsHistoryLimit(Integer failedRunsHistoryLimit) {
    this.failedRunsHistoryLimit = failedRunsHistoryLimit;
  }

  public Boolean getSuspend() {
    return suspend;
  }

  public void setSuspend(Boolean suspend) {
    this.suspend = suspend;
  }
}
