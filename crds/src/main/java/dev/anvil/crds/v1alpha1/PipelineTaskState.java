package dev.anvil.crds.v1alpha1;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;

/**
 * Compact state of one Pipeline task; the child Job holds the detail (attempts, results, logs).
 * Every field but name and phase is left out when it says nothing, so a 1,000-task Pipeline stays small.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public class PipelineTaskState {

  /** The task's `when` guard was false. */
  public static final String SKIP_WHEN_FALSE = "WhenExpressionFalse";
  /** A task it runs after failed or was skipped for a reason other than a false guard. */
  public static final String SKIP_UPSTREAM_FAILED = "UpstreamFailed";
  /** Fail-fast stopped the run before the task started. */
  public static final String SKIP_PIPELINE_FAILED = "PipelineFailed";
  /** The Pipeline's timeout passed before the task started. */
  public static final String SKIP_TIMEOUT = "Timeout";

  @JsonPropertyDescription("Task name (spec.tasks[].name or spec.finally[].name).")
  private String name;

  @JsonPropertyDescription("Pending, Running, Retrying, Succeeded, Failed or Skipped.")
  private StepPhase phase;

  @JsonPropertyDescription("Name of the child Job. Omitted when it is the usual <pipeline>-<task>; set when that "
      + "name had to be shortened.")
  private String job;

  @JsonPropertyDescription("When the child Job started (RFC 3339).")
  private String startTime;

  @JsonPropertyDescription("When the task succeeded, failed or was skipped (RFC 3339).")
  private String completionTime;

  @JsonPropertyDescription("Why the task was skipped: WhenExpressionFalse, UpstreamFailed, PipelineFailed, Timeout "
      + "or Stopped (the anvil.dev/stop annotation).")
  private String skipReason;

  @JsonPropertyDescription("Short detail for a person, set for failed and skipped tasks.")
  private String message;

  public PipelineTaskState() {
  }

  public PipelineTaskState(String name, StepPhase phase) {
    this.name = name;
    this.phase = phase;
  }

  public String getName() {
    return name;
  }

  public void setName(String name) {
    this.name = name;
  }

  public StepPhase getPhase() {
    return phase;
  }

  public void setPhase(StepPhase phase) {
    this.phase = phase;
  }

  public String getJob() {
    return job;
  }

  public void setJob(String job) {
    this.job = job;
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

  public String getSkipReason() {
    return skipReason;
  }

  public void setSkipReason(String skipReason) {
    this.skipReason = skipReason;
  }

  public String getMessage() {
    return message;
  }

  public void setMessage(String message) {
    this.message = message;
  }
}
