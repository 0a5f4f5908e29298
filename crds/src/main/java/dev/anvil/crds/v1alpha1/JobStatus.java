package dev.anvil.crds.v1alpha1;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Observed state of a Job, written only by the operator. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public class JobStatus extends ObservedStatus {

  /** True once an attempt succeeded; False once the Job failed for good; Unknown while it runs. */
  public static final String SUCCEEDED = "Succeeded";
  /** True once the Job failed for good. */
  public static final String FAILED = "Failed";
  /** True while the Job waits for its namespace's concurrency quota. */
  public static final String QUEUED = "Queued";
  /** True while an attempt runs. */
  public static final String RUNNING = "Running";
  /** True while the Job is suspended. */
  public static final String SUSPENDED = "Suspended";

  @JsonPropertyDescription("One-word summary: Pending, Queued, Running, Retrying, Suspended, Succeeded or Failed.")
  private JobPhase phase;

  @JsonPropertyDescription("Number of the current (or last) attempt.")
  private Integer attempt;

  @JsonPropertyDescription("Every attempt so far, oldest first.")
  private List<Attempt> attempts = new ArrayList<>();

  @JsonPropertyDescription("When the Job was admitted past its namespace's quota (RFC 3339).")
  private String admittedTime;

  @JsonPropertyDescription("When the Job started running: its first attempt, or its last resume after a "
      + "suspension (RFC 3339). activeDeadlineSeconds counts from it.")
  private String startTime;

  @JsonPropertyDescription("When the Job succeeded or failed for good (RFC 3339).")
  private String completionTime;

  @JsonPropertyDescription("When the next attempt starts, while the Job is Retrying (RFC 3339).")
  private String nextAttemptTime;

  @JsonPropertyDescription("Small key/value results captured from the successful attempt.")
  private Map<String, String> results = new LinkedHashMap<>();

  public JobPhase getPhase() {
    return phase;
  }

  public void setPhase(JobPhase phase) {
    this.phase = phase;
  }

  public Integer getAttempt() {
    return attempt;
  }

  public void setAttempt(Integer attempt) {
    this.attempt = attempt;
  }

  public List<Attempt> getAttempts() {
    return attempts;
  }

  public void setAttempts(List<Attempt> attempts) {
    this.attempts = attempts;
  }

  public String getAdmittedTime() {
    return admittedTime;
  }

  public void setAdmittedTime(String admittedTime) {
    this.admittedTime = admittedTime;
  }

  public String getStartTime() {
    return startTime;
  }

  public void setStartTime(String startTime) {
    this.startTime = startTime;
  }

  public String getCompletionTime() {
    return completionTime;
  }

  public void setCompletionTime(String completionTime) {
    this.completionTime = completionTime;
  }

  public String getNextAttemptTime() {
    return nextAttemptTime;
  }

  public void setNextAttemptTime(String nextAttemptTime) {
    this.nextAttemptTime = nextAttemptTime;
  }

  public Map<String, String> getResults() {
    return results;
  }

  public void setResults(Map<String, String> results) {
    this.results = results;
  }
}
