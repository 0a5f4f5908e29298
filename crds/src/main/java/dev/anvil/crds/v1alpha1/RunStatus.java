package dev.anvil.crds.v1alpha1;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;

/** The part of a Pipeline's or Workflow's status that sums up the run: phase, times and progress. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public abstract class RunStatus extends ObservedStatus {

  @JsonPropertyDescription("One-word summary: Pending, Running, Waiting (an approval), Scheduled (a Workflow with a "
      + "schedule), Succeeded or Failed.")
  private RunPhase phase;

  @JsonPropertyDescription("When the first task or node started (RFC 3339).")
  private String startTime;

  @JsonPropertyDescription("When the run succeeded or failed, finally tasks included (RFC 3339).")
  private String completionTime;

  @JsonPropertyDescription("Finished tasks or nodes (succeeded, failed or skipped) of all, finally tasks included, "
      + "such as 3/5.")
  private String progress;

  public RunPhase getPhase() {
    return phase;
  }

  public void setPhase(RunPhase phase) {
    this.phase = phase;
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

  public String getProgress() {
    return progress;
  }

  public void setProgress(String progress) {
    this.progress = progress;
  }
}
