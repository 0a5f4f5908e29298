package dev.anvil.crds.v1alpha1;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.kubernetes.api.model.Condition;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Observed state of a Pipeline run, written only by the operator; kept small, the child Jobs hold the detail. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public class PipelineStatus {

  /** True once every task succeeded or was skipped by a guard; False once the run failed; Unknown while it runs. */
  public static final String SUCCEEDED = "Succeeded";
  /** True once the run failed for good. */
  public static final String FAILED = "Failed";
  /** True while any task runs. */
  public static final String RUNNING = "Running";

  /**
   * Pipelines with more tasks than this leave Succeeded tasks out of {@link #tasks}: a 1,000-task spec alone takes
   * ~72 KB, and the object must stay under 100 KiB.
   */
  public static final int LIST_SUCCEEDED_UP_TO_TASKS = 100;

  @JsonPropertyDescription("The metadata.generation this status reflects.")
  private Long observedGeneration;

  @JsonPropertyDescription("Succeeded, Failed and Running, as Kubernetes conditions.")
  private List<Condition> conditions = new ArrayList<>();

  @JsonPropertyDescription("One-word summary: Pending, Running, Succeeded or Failed.")
  private RunPhase phase;

  @JsonPropertyDescription("When the first task started (RFC 3339).")
  private String startTime;

  @JsonPropertyDescription("When the run succeeded or failed, finally tasks included (RFC 3339).")
  private String completionTime;

  @JsonPropertyDescription("Finished tasks (succeeded, failed or skipped) of all tasks, finally tasks included, "
      + "such as 3/5.")
  private String progress;

  @JsonPropertyDescription("One compact entry per task that started or was skipped, in spec order; the child Job "
      + "holds attempts, results and logs. Pipelines of more than 100 tasks leave Succeeded tasks out to stay small: "
      + "progress counts them and kubectl get jobs.anvil.dev -l anvil.dev/pipeline=<name> lists them.")
  private List<PipelineTaskState> tasks = new ArrayList<>();

  @JsonPropertyDescription("Values of spec.results, once the tasks they refer to succeeded.")
  private Map<String, String> results = new LinkedHashMap<>();

  public Long getObservedGeneration() {
    return observedGeneration;
  }

  public void setObservedGeneration(Long observedGeneration) {
    this.observedGeneration = observedGeneration;
  }

  public List<Condition> getConditions() {
    return conditions;
  }

  public void setConditions(List<Condition> conditions) {
    this.conditions = conditions;
  }

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

  public List<PipelineTaskState> getTasks() {
    return tasks;
  }

  public void setTasks(List<PipelineTaskState> tasks) {
    this.tasks = tasks;
  }

  public Map<String, String> getResults() {
    return results;
  }

  public void setResults(Map<String, String> results) {
    this.results = results;
  }
}
