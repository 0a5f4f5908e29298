package dev.anvil.crds.v1alpha1;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Observed state of a Pipeline run, written only by the operator; kept small, the child Jobs hold the detail. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public class PipelineStatus extends RunStatus {

  /** True once every task succeeded or was skipped by a guard; False once the run failed; Unknown while it runs. */
  public static final String SUCCEEDED = "Succeeded";
  /** True once the run failed for good. */
  public static final String FAILED = "Failed";
  /** True while any task runs. */
  public static final String RUNNING = "Running";

  /**
   * Pipelines with more tasks than this leave Succeeded and Running tasks out of {@link #tasks}: a 1,000-task spec
   * alone takes ~72 KB, and the object must stay under 100 KiB however many tasks run at once.
   */
  public static final int LIST_SUCCEEDED_UP_TO_TASKS = 100;

  @JsonPropertyDescription("One compact entry per task that started or was skipped, in spec order; the child Job "
      + "holds attempts, results and logs. Pipelines of more than 100 tasks leave Succeeded and Running tasks out to "
      + "stay small: progress counts them and kubectl get jobs.anvil.dev -l anvil.dev/pipeline=<name> lists them.")
  private List<PipelineTaskState> tasks = new ArrayList<>();

  @JsonPropertyDescription("Values of spec.results, once the tasks they refer to succeeded.")
  private Map<String, String> results = new LinkedHashMap<>();

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
